/**
 * Signing in and out (issue 4; throttling reworked in issue 17, item 6).
 *
 * No stranger can lock a known user out. There is no hard lock: wrong passwords slow an account
 * down for browsers it has not signed in from, and never for the ones it has.
 * - Per client address: at most CLIENT_FAILURES failed sign-ins per CLIENT_WINDOW_MS, counted and
 *   decided in one statement (worker/lib/client.ts takeAttempt); the throttle row is keyed by an
 *   HMAC of the address, never the address.
 * - Per account: after FREE_FAILURES wrong passwords in a row, an unrecognised browser must wait
 *   before each further try, the wait doubling from ACCOUNT_DELAY_S up to ACCOUNT_DELAY_MAX_S
 *   (OWASP Authentication Cheat Sheet, "account lockout": prefer delays; NIST SP 800-63B §5.2.2).
 * - A browser that signed in to the account before carries a signed device cookie (OWASP "device
 *   cookies"): the account's delay does not apply to it, so the account's owner is not held up by
 *   an attacker's guesses; the per-address limit still does.
 * Every failure looks the same and costs one PBKDF2 run, so neither the message nor the timing says
 * whether a username exists.
 */
import { and, eq, lte, sql } from 'drizzle-orm';
import { appMeta, sessions, staffAccounts, throttle } from '../../schema/db/index.ts';
import { clientAddress, takeAttempt } from '../lib/client.ts';
import { dbOf } from '../lib/db.ts';
import { base64url, hmac } from '../lib/crypto.ts';
import { log } from '../lib/log.ts';
import { DUMMY_HASH, verifyPassword } from './password.ts';
import { isDemoPassword } from './password-policy.ts';
import { SESSION_MS } from './auth.ts';
import { newToken, sameToken, tokenId } from './tokens.ts';
import { now as clockNow } from '../../schema/clock.ts';

/** Failed sign-ins per client address and window before it must wait. */
export const CLIENT_FAILURES = 20;
export const CLIENT_WINDOW_MS = 15 * 60_000;
/** Wrong passwords in a row an account takes before unrecognised browsers are slowed down. */
export const FREE_FAILURES = 5;
export const ACCOUNT_DELAY_S = 30;
export const ACCOUNT_DELAY_MAX_S = 15 * 60;
/** A run of failures older than this is forgotten. */
export const ACCOUNT_MEMORY_MS = 24 * 3_600_000;

/** The browser's proof of an earlier sign-in to one account (`__Host-`: this origin, HTTPS, Path=/). */
export const DEVICE_COOKIE = '__Host-office_device';
export const DEVICE_DAYS = 90;

export type SignIn =
  | { ok: true; token: string; accountId: number; device: string }
  | { ok: false; reason: 'bad' | 'demo-password' }
  | { ok: false; reason: 'client-blocked' | 'account-slowed'; retryAfter: number };

async function clientKey(env: Env, req: Request): Promise<string> {
  return `office-login:${await hmac(env.PII_KEY, clientAddress(req))}`;
}

const accountKey = (id: number) => `office-account:${id}`;

/** Seconds an unrecognised browser waits after `failures` wrong passwords in a row. */
export function accountDelay(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(ACCOUNT_DELAY_MAX_S, ACCOUNT_DELAY_S * 2 ** (failures - FREE_FAILURES));
}

/** `<account>.<random>.<mac>`: the account it vouches for, signed under a key derived from PII_KEY. */
export async function deviceToken(env: Env, accountId: number): Promise<string> {
  const nonce = base64url(crypto.getRandomValues(new Uint8Array(16)));
  return `${accountId}.${nonce}.${await hmac(env.PII_KEY, `office-device:${accountId}.${nonce}`)}`;
}

async function knownDevice(env: Env, cookie: string | undefined, accountId: number): Promise<boolean> {
  const [id, nonce, mac] = (cookie ?? '').split('.');
  if (id !== String(accountId) || !nonce || !mac || !/^[\w-]{20,30}$/.test(nonce)) return false;
  return sameToken(mac, await hmac(env.PII_KEY, `office-device:${accountId}.${nonce}`));
}

/** The demo seed marks its database (worker/cli/seed-data.ts); only there may a demo password sign in. */
async function isDemoDatabase(env: Env): Promise<boolean> {
  const [row] = await dbOf(env).select({ key: appMeta.key }).from(appMeta).where(eq(appMeta.key, 'seed'));
  return row !== undefined;
}

export async function signIn(env: Env, req: Request, username: string, password: string, device?: string, now = clockNow()): Promise<SignIn> {
  const attempt = await takeAttempt(env, await clientKey(env, req), now, CLIENT_FAILURES, CLIENT_WINDOW_MS);
  if (!attempt.ok) return { ok: false, reason: 'client-blocked', retryAfter: attempt.retryAfter };

  const db = dbOf(env);
  // The account's run of wrong passwords is a throttle row keyed by its id (accountKey).
  const [account] = await db
    .select({ id: staffAccounts.id, passwordHash: staffAccounts.passwordHash, active: staffAccounts.active, failures: throttle.count, lastFailure: throttle.windowStart })
    .from(staffAccounts)
    .leftJoin(throttle, eq(throttle.key, sql`'office-account:' || ${staffAccounts.id}`))
    .where(eq(staffAccounts.username, username.trim().toLowerCase()));
  const failures = account?.lastFailure && account.lastFailure > now - ACCOUNT_MEMORY_MS ? (account.failures ?? 0) : 0;
  if (account && account.active && failures >= FREE_FAILURES && !(await knownDevice(env, device, account.id))) {
    const wait = Math.ceil((account.lastFailure! + accountDelay(failures) * 1000 - now) / 1000);
    if (wait > 0) {
      await attempt.refund(); // not a guess: the password was not looked at
      return { ok: false, reason: 'account-slowed', retryAfter: wait };
    }
  }
  const usable = account && account.active;
  // Always one PBKDF2 run, against a dummy hash when there is nothing to check.
  const good = await verifyPassword(password, usable ? account.passwordHash : DUMMY_HASH);

  if (!usable || !good) {
    if (usable) {
      // One statement: a run older than ACCOUNT_MEMORY_MS starts again at 1.
      await db
        .insert(throttle)
        .values({ key: accountKey(account.id), windowStart: now, count: 1 })
        .onConflictDoUpdate({
          target: throttle.key,
          set: { count: sql`case when ${throttle.windowStart} < ${now - ACCOUNT_MEMORY_MS} then 1 else ${throttle.count} + 1 end`, windowStart: now },
        });
      if (failures + 1 === FREE_FAILURES) log('warn', 'office.account-slowed', { accountId: account.id });
    }
    return { ok: false, reason: 'bad' };
  }
  if (isDemoPassword(password) && !(await isDemoDatabase(env))) {
    log('warn', 'office.demo-password-refused', { accountId: account.id });
    return { ok: false, reason: 'demo-password' };
  }

  await attempt.refund();
  const token = newToken();
  const id = await tokenId(token);
  await db.batch([
    db.delete(throttle).where(eq(throttle.key, accountKey(account.id))),
    db.update(staffAccounts).set({ failedAttempts: 0, lockedUntil: null, updatedAt: now }).where(eq(staffAccounts.id, account.id)),
    db.delete(sessions).where(and(eq(sessions.accountId, account.id), lte(sessions.expiresAt, now))),
    db.insert(sessions).values({ id, accountId: account.id, csrf: newToken(), createdAt: now, expiresAt: now + SESSION_MS, lastSeenAt: now }),
  ]);
  log('info', 'office.signed-in', { accountId: account.id });
  return { ok: true, token, accountId: account.id, device: await deviceToken(env, account.id) };
}

export async function signOut(env: Env, token: string | undefined): Promise<void> {
  if (!token) return;
  await dbOf(env).delete(sessions).where(eq(sessions.id, await tokenId(token)));
}

/** Ends every session of the account, on every device ("sign out everywhere"). */
export async function signOutEverywhere(env: Env, accountId: number): Promise<number> {
  const ended = await dbOf(env).delete(sessions).where(eq(sessions.accountId, accountId)).returning({ id: sessions.id });
  log('info', 'office.signed-out-everywhere', { accountId, sessions: ended.length });
  return ended.length;
}

/** Where to go after signing in: only a path inside the console, never another site. */
export function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith('/office/') || next.startsWith('//') || next.includes('\\') || /[\u0000-\u001f]/.test(next)) return '/office/';
  if (next.startsWith('/office/login') || next.startsWith('/office/logout')) return '/office/';
  return next;
}
