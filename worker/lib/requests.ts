/**
 * What the complaint and appointment routes, pages and JSON API alike, do the same way: the
 * idempotency key, the HTML response, the one-time confirmation cookie, checking a reference and
 * access code (with the wrong-code lock-out), and the JSON API's body reading and problem answers.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { z } from 'zod';
import { fieldErrors, type FieldError } from '../../schema/complaint.ts';
import type { AppEnv } from '../env.ts';
import { readJson } from './body.ts';
import { trackAttempt } from './client.ts';
import { open, seal } from './crypto.ts';
import { problem } from './problem.ts';
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
  const [, first] = await c.env.DB.batch([
    c.env.DB.prepare('delete from flash_uses where expires_at < ?').bind(now),
    c.env.DB.prepare('insert into flash_uses (nonce, expires_at) values (?, ?) on conflict (nonce) do nothing').bind(flash.nonce, flash.exp),
  ]);
  return first.meta.changes === 1 ? flash : undefined;
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

// ---- the JSON API -----------------------------------------------------------------------------

/** 422 with the field errors. */
export const invalid = (c: Context, errors: FieldError[]) => problem(c, 422, '提交的内容有误', '请按 errors 中每一项的说明修改后重新提交', { errors });

/** The parsed JSON body, or the problem answer for a body that is too large, of another type or not JSON. */
export async function jsonBody(c: Context): Promise<{ value: unknown; response?: undefined } | { response: Response }> {
  const body = await readJson(c.req.raw);
  if (!body.ok) return { response: problem(c, body.status, body.status === 413 ? '请求内容太大' : body.status === 415 ? '不支持的内容类型' : '请求内容无法解析', body.message) };
  return { value: body.value };
}

/** The Idempotency-Key header (optional), or the 400 answer for a malformed one. */
export function idempotencyKeyHeader(c: Context): { key: string | undefined; response?: undefined } | { response: Response } {
  const key = c.req.header('Idempotency-Key');
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    return { response: problem(c, 400, 'Idempotency-Key 格式不对', 'Idempotency-Key 应为 8—100 个可见 ASCII 字符，建议用 UUID') };
  }
  return { key };
}

/** checkCredentials as JSON: the record, or the 429 / 422 / 404 problem answer (`notFound`: its title and detail). */
export async function apiCredentials<Row>(
  c: Context<AppEnv>,
  value: unknown,
  spec: CredentialSpec<Row>,
  notFound: [title: string, detail: string],
): Promise<{ row: Row; response?: undefined } | { response: Response }> {
  const outcome = await checkCredentials(c, value, spec);
  switch (outcome.kind) {
    case 'blocked':
      return { response: problem(c, 429, '尝试次数太多', `查询码错误次数过多，请 ${Math.ceil(outcome.retryAfter / 60)} 分钟后再试`, { headers: { 'Retry-After': String(outcome.retryAfter) } }) };
    case 'invalid':
      return { response: invalid(c, outcome.errors) };
    case 'not-found':
      return { response: problem(c, 404, ...notFound) };
    case 'ok':
      return { row: outcome.row };
  }
}

/** 201 with the new record's reference and access code: never cached, marked when an idempotent replay. */
export function createdResponse(c: Context, outcome: { kind: 'created' | 'replayed'; created: object }, location: string): Response {
  c.header('Cache-Control', 'no-store');
  if (outcome.kind === 'replayed') c.header('Idempotent-Replayed', 'true');
  c.header('Location', location);
  return c.json(outcome.created, 201);
}
