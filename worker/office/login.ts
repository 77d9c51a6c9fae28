/**
 * Signing in and out. Wrong passwords lock the account for LOCK_MINUTES after MAX_FAILURES in a
 * row, and a client that keeps failing (whatever usernames it tries) is slowed down through the
 * D1 throttle table, keyed by an HMAC of its address. Every failure looks the same to the client
 * and costs one PBKDF2 run, so neither the message nor the timing says whether a username exists.
 */
import { clientAddress } from '../lib/client.ts';
import { hmac } from '../lib/crypto.ts';
import { log } from '../lib/log.ts';
import { DUMMY_HASH, verifyPassword } from './password.ts';
import { SESSION_MS } from './auth.ts';
import { newToken, tokenId } from './tokens.ts';
import { now as clockNow } from '../../schema/clock.ts';

export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 15;
/** Failed sign-ins per client address and window before it must wait. */
export const CLIENT_FAILURES = 20;
export const CLIENT_WINDOW_MS = 15 * 60_000;

export type SignIn = { ok: true; token: string; accountId: number } | { ok: false; reason: 'bad' | 'client-blocked'; retryAfter?: number };

async function clientKey(env: Env, req: Request): Promise<string> {
  return `office-login:${await hmac(env.PII_KEY, clientAddress(req))}`;
}

async function clientBlockedFor(env: Env, key: string, now: number): Promise<number> {
  const row = await env.DB.prepare('select window_start, count from throttle where key = ?').bind(key).first<{ window_start: number; count: number }>();
  if (!row || row.window_start < now - CLIENT_WINDOW_MS || row.count < CLIENT_FAILURES) return 0;
  return Math.max(1, Math.ceil((row.window_start + CLIENT_WINDOW_MS - now) / 1000));
}

function recordClientFailure(env: Env, key: string, now: number) {
  return env.DB.prepare(
    `insert into throttle (key, window_start, count) values (?1, ?2, 1)
     on conflict(key) do update set
       count = case when window_start < ?3 then 1 else count + 1 end,
       window_start = case when window_start < ?3 then ?2 else window_start end`,
  ).bind(key, now, now - CLIENT_WINDOW_MS);
}

interface AccountRow {
  id: number;
  password_hash: string;
  failed_attempts: number;
  locked_until: number | null;
  active: number;
}

export async function signIn(env: Env, req: Request, username: string, password: string, now = clockNow()): Promise<SignIn> {
  const key = await clientKey(env, req);
  const blocked = await clientBlockedFor(env, key, now);
  if (blocked > 0) return { ok: false, reason: 'client-blocked', retryAfter: blocked };

  const account = await env.DB.prepare('select id, password_hash, failed_attempts, locked_until, active from staff_accounts where username = ?')
    .bind(username.trim().toLowerCase())
    .first<AccountRow>();
  const usable = account && account.active === 1 && !(account.locked_until && account.locked_until > now);
  // Always one PBKDF2 run, against a dummy hash when there is nothing to check.
  const good = await verifyPassword(password, usable ? account.password_hash : DUMMY_HASH);

  if (!usable || !good) {
    const statements = [recordClientFailure(env, key, now)];
    if (usable) {
      const failures = account.failed_attempts + 1;
      const lock = failures >= MAX_FAILURES;
      statements.push(
        env.DB.prepare('update staff_accounts set failed_attempts = ?, locked_until = ?, updated_at = ? where id = ?').bind(
          lock ? 0 : failures,
          lock ? now + LOCK_MINUTES * 60_000 : null,
          now,
          account.id,
        ),
      );
      if (lock) log('warn', 'office.account-locked', { accountId: account.id });
    }
    await env.DB.batch(statements);
    return { ok: false, reason: 'bad' };
  }

  const token = newToken();
  await env.DB.batch([
    env.DB.prepare('update staff_accounts set failed_attempts = 0, locked_until = null, updated_at = ? where id = ?').bind(now, account.id),
    env.DB.prepare('delete from sessions where account_id = ? and expires_at <= ?').bind(account.id, now),
    env.DB.prepare('insert into sessions (id, account_id, csrf, created_at, expires_at, last_seen_at) values (?, ?, ?, ?, ?, ?)').bind(
      await tokenId(token),
      account.id,
      newToken(),
      now,
      now + SESSION_MS,
      now,
    ),
  ]);
  log('info', 'office.signed-in', { accountId: account.id });
  return { ok: true, token, accountId: account.id };
}

export async function signOut(env: Env, token: string | undefined): Promise<void> {
  if (!token) return;
  await env.DB.prepare('delete from sessions where id = ?').bind(await tokenId(token)).run();
}

/** Where to go after signing in: only a path inside the console, never another site. */
export function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith('/office/') || next.startsWith('//') || next.includes('\\') || /[\u0000-\u001f]/.test(next)) return '/office/';
  if (next.startsWith('/office/login') || next.startsWith('/office/logout')) return '/office/';
  return next;
}
