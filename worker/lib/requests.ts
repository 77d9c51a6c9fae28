/**
 * What the complaint and appointment routes, pages and JSON API alike, do the same way: the
 * idempotency key, the HTML response, the one-time confirmation cookie, checking a reference and
 * access code (with the wrong-code lock-out). The JSON API's body reading and problem answers are in
 * worker/lib/openapi.ts.
 */
import { lt } from 'drizzle-orm';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { z } from 'zod';
import { flashUses } from '../../schema/db/index.ts';
import { fieldErrors, type FieldError } from '../../schema/common.ts';
import type { AppEnv } from '../env.ts';
import { trackAttempt } from './client.ts';
import { open, seal } from './crypto.ts';
import { dbOf } from './db.ts';
import { now as clockNow } from '../../schema/clock.ts';

/** An Idempotency-Key (header) or idempotencyKey (form field): 8–100 visible ASCII characters. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,100}$/;

/** The form's idempotency key when well formed, otherwise a fresh one. */
export function formIdempotencyKey(value: string | undefined): string {
  return value !== undefined && IDEMPOTENCY_KEY.test(value) ? value : crypto.randomUUID();
}

/** An HTML page that no cache keeps (it may show answers or a status). */
export function html(status: number, body: string, extra: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...extra } });
}

// ---- the confirmation's one-time cookie ------------------------------------------------------

const FLASH_TTL_S = 600;

/** Seals `value` into a short-lived cookie readable only at `path` (the confirmation page). */
export async function putFlash(c: Context<AppEnv>, name: string, path: string, value: object): Promise<void> {
  const flash = await seal(c.env.PII_KEY, { ...value, nonce: crypto.randomUUID(), exp: clockNow() + FLASH_TTL_S * 1000 });
  setCookie(c, name, flash, { path, httpOnly: true, secure: true, sameSite: 'Strict', maxAge: FLASH_TTL_S });
}

/**
 * The cookie's value, consumed on first display (the access code is shown once); undefined when
 * missing, forged, expired or already shown. Deleting the cookie is not enough, since a client may
 * keep and resend it: the first display records the cookie's nonce in `flash_uses`, in one
 * statement, and a replay of the same cookie finds it there (issue 17, item 3).
 */
export async function takeFlash<T>(c: Context<AppEnv>, name: string, path: string): Promise<T | undefined> {
  const raw = getCookie(c, name);
  deleteCookie(c, name, { path, httpOnly: true, secure: true, sameSite: 'Strict' });
  if (!raw) return undefined;
  let flash: (T & { exp: number; nonce?: string }) | undefined;
  try {
    flash = await open(c.env.PII_KEY, raw);
  } catch {
    return undefined;
  }
  const now = clockNow();
  if (!flash || flash.exp < now || typeof flash.nonce !== 'string') return undefined;
  const db = dbOf(c.env);
  const [, first] = await db.batch([
    db.delete(flashUses).where(lt(flashUses.expiresAt, now)),
    db.insert(flashUses).values({ nonce: flash.nonce, expiresAt: flash.exp }).onConflictDoNothing({ target: flashUses.nonce }).returning({ nonce: flashUses.nonce }),
  ]);
  return first.length === 1 ? flash : undefined;
}

// ---- reference + access code ----------------------------------------------------------------

export interface Credentials {
  reference: string;
  accessCode: string;
}

/** How one kind of record is looked up: the credentials' schema, the error order, and the lookup. */
export interface CredentialSpec<Row> {
  schema: z.ZodType<Credentials>;
  fields: readonly string[];
  authenticate: (env: Env, reference: string, accessCode: string) => Promise<Row | null | undefined>;
}

export type CredentialCheck<Row> =
  | { kind: 'blocked'; retryAfter: number }
  | { kind: 'invalid'; errors: FieldError[] }
  | { kind: 'not-found' }
  | { kind: 'ok'; row: Row; creds: Credentials };

/**
 * The record behind the reference and access code in `value` (other keys are ignored): blocked while
 * the client has tried too many wrong codes, and every unknown or wrong pair counts as a wrong code.
 */
export async function checkCredentials<Row>(c: Context<AppEnv>, value: unknown, { schema, fields, authenticate }: CredentialSpec<Row>): Promise<CredentialCheck<Row>> {
  // The attempt is counted before the code is checked, so parallel guesses cannot overshoot the limit.
  const attempt = await trackAttempt(c.env, c.req.raw, clockNow());
  if (!attempt.ok) return { kind: 'blocked', retryAfter: attempt.retryAfter };
  const object = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  const creds = schema.safeParse(object ? { reference: object.reference, accessCode: object.accessCode } : value);
  if (!creds.success) {
    await attempt.refund();
    return { kind: 'invalid', errors: fieldErrors(creds.error, fields) };
  }
  const row = await authenticate(c.env, creds.data.reference, creds.data.accessCode);
  if (!row) return { kind: 'not-found' };
  await attempt.refund();
  return { kind: 'ok', row, creds: creds.data };
}

/** A record's id from the path (`:id` unless named): a positive integer of at most ten digits, or undefined. */
export function pathId(c: Context, name = 'id'): number | undefined {
  const raw = c.req.param(name) ?? '';
  return /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : undefined;
}
