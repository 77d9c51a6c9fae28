/**
 * Who may use the office console: sessions, role checks and CSRF protection (issue 4).
 *
 * - The session cookie holds a random token; D1 keeps only tokenId(token) (SHA-256), the account
 *   and the session's CSRF token. Sessions end after SESSION_HOURS (absolute), on sign-out, or as
 *   soon as the account is deactivated (every request joins on `active`).
 * - `requireStaff(...roles)` sends an anonymous visitor of a page to /office/login?next=…, answers
 *   the JSON API with 401, and a signed-in member of another role with 403.
 * - `verifyCsrf` checks every state-changing request twice: the browser's own Origin /
 *   Sec-Fetch-Site headers, and the session's token echoed in the `csrf` form field or the
 *   X-CSRF-Token header (synchroniser token, OWASP CSRF cheat sheet).
 */
import { and, eq, gt } from 'drizzle-orm';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import type { Role } from '../../schema/domain.ts';
import type { AppEnv, Staff, StaffEnv } from '../env.ts';
import { sessions, staffAccounts } from '../../schema/db/index.ts';
import { readForm } from '../lib/body.ts';
import { dbOf } from '../lib/db.ts';
import { problem } from '../lib/problem.ts';
import { sameToken, tokenId } from './tokens.ts';
import { forbiddenPage, html, refusal } from './pages.tsx';
import { now as clockNow } from '../../schema/clock.ts';

/** `__Host-` binds the cookie to this exact origin over HTTPS with Path=/ (RFC 6265bis §4.1.3.2). */
export const SESSION_COOKIE = '__Host-office_session';
export const SESSION_HOURS = 8;
export const SESSION_MS = SESSION_HOURS * 3_600_000;

function isApi(c: Context): boolean {
  return c.req.path.startsWith('/api/');
}

/** The signed-in staff member behind the request's cookie, or undefined. */
export async function currentSession(c: Context<AppEnv>, now = clockNow()): Promise<{ staff: Staff; csrf: string } | undefined> {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const db = dbOf(c.env);
  const [row] = await db
    .select({
      id: sessions.id,
      csrf: sessions.csrf,
      lastSeenAt: sessions.lastSeenAt,
      staff: {
        accountId: staffAccounts.id,
        username: staffAccounts.username,
        name: staffAccounts.displayName,
        role: staffAccounts.role,
        department: staffAccounts.department,
        staffId: staffAccounts.staffId,
      },
    })
    .from(sessions)
    .innerJoin(staffAccounts, eq(staffAccounts.id, sessions.accountId))
    .where(and(eq(sessions.id, await tokenId(token)), gt(sessions.expiresAt, now), eq(staffAccounts.active, true)));
  if (!row) return undefined;
  // Last-seen is for the account page; writing it at most once a minute keeps reads cheap.
  if (now - row.lastSeenAt > 60_000) await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.id));
  return { csrf: row.csrf, staff: row.staff };
}

/** Signed-in staff of one of `roles` (none given: any role) may pass; sets c.var.staff and c.var.csrf. */
export function requireStaff(...roles: Role[]): MiddlewareHandler<StaffEnv> {
  // Typed StaffEnv for what follows it: it is what sets staff and csrf (handlers need no '!').
  const check: MiddlewareHandler<AppEnv> = async (c, next) => {
    const session = c.var.staff && c.var.csrf ? { staff: c.var.staff, csrf: c.var.csrf } : await currentSession(c);
    if (!session) {
      if (isApi(c)) return problem(c, 401, '请先登录', '效能办控制台接口只对已登录的工作人员开放。', { headers: { 'WWW-Authenticate': 'Cookie realm="office"' } });
      const next = c.req.method === 'GET' ? c.req.path + (new URL(c.req.url).search || '') : '/office/';
      return c.redirect(`/office/login?next=${encodeURIComponent(next)}`, 303);
    }
    c.set('staff', session.staff);
    c.set('csrf', session.csrf);
    if (roles.length > 0 && !roles.includes(session.staff.role)) {
      if (isApi(c)) return problem(c, 403, '无权访问', '您的账户角色不能使用这项功能。');
      return html(403, forbiddenPage(session.staff, session.csrf));
    }
    await next();
  };
  return check as unknown as MiddlewareHandler<StaffEnv>;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** True when the browser says the request came from this site (or says nothing, as non-browsers do). */
export function sameOrigin(req: Request): boolean {
  const site = req.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.get('origin');
  if (origin && origin !== 'null' && origin !== new URL(req.url).origin) return false;
  if (origin === 'null') return false;
  return true;
}

/** The CSRF token a request carries: X-CSRF-Token, or the `csrf` field of a urlencoded form. */
async function carriedToken(req: Request): Promise<string | undefined> {
  const header = req.headers.get('x-csrf-token');
  if (header) return header;
  if ((req.headers.get('content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    // Read a copy: the route handler reads the body itself.
    const form = await readForm(req.clone());
    if (form.ok) return form.value.csrf;
  }
  return undefined;
}

/** Refuses a state-changing request without the session's CSRF token or from another site. Put it after requireStaff. */
export const verifyCsrf: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (SAFE.has(c.req.method)) return next();
  const token = await carriedToken(c.req.raw);
  if (!sameOrigin(c.req.raw) || !c.var.csrf || !sameToken(token, c.var.csrf)) {
    if (isApi(c)) return problem(c, 403, '请求来源校验失败', '请在控制台页面内操作；接口调用须带上 X-CSRF-Token 请求头。');
    return html(
      403,
      forbiddenPage(c.var.staff, c.var.csrf, '页面已过期或请求来源不明，操作没有执行。请返回上一页，刷新后再试。', '操作未执行'),
    );
  }
  await next();
};

/** Both checks, for mounting on a console router: `router.use(...staffOnly('supervisor'))`. */
export function staffOnly(...roles: Role[]): MiddlewareHandler<AppEnv>[] {
  return [requireStaff(...roles) as unknown as MiddlewareHandler<AppEnv>, verifyCsrf];
}

/**
 * A console sub-app to mount at its prefix (`app.route('/office/cases/', officeCases)`, paths inside
 * relative to it): every path under the prefix needs signed-in staff of `roles` (none: any role).
 */
export function staffApp(...roles: Role[]): Hono<StaffEnv> {
  const router = new Hono<StaffEnv>();
  router.use('*', ...staffChecks(...roles));
  return router;
}

/**
 * A narrower role check for one route of a `staffApp` (whose own check has set `c.var.staff`): another
 * role is refused with 403 (the console's page, or problem+json under /api/), thrown as an
 * HTTPException so app.ts's one onError answers it.
 */
export function onlyRoles(...roles: readonly Role[]): MiddlewareHandler<StaffEnv> {
  return async (c, next) => {
    if (!roles.includes(c.var.staff.role)) throw forbidden(c);
    await next();
  };
}

/** The staff record the signed-in account acts as (首问, 预约登记), or a 403 thrown with `message`. */
export function staffRecordOf(c: Context<StaffEnv>, message: string, back: string): string {
  if (!c.var.staff.staffId) throw refusal(c, 403, '不能登记', message, back);
  return c.var.staff.staffId;
}

/** The 403 for a signed-in member of another role, as an HTTPException to throw. */
export function forbidden(c: Context<StaffEnv>, message?: string): HTTPException {
  const res = isApi(c) ? problem(c, 403, '无权访问', message ?? '您的账户角色不能使用这项功能。') : html(403, forbiddenPage(c.var.staff, c.var.csrf, message));
  return new HTTPException(403, { res });
}

/** `staffOnly` for a StaffEnv router (a narrower role check under its prefix). */
export function staffChecks(...roles: Role[]): MiddlewareHandler<StaffEnv>[] {
  // requireStaff is what sets staff and csrf, so StaffEnv holds for every handler after it.
  return staffOnly(...roles) as unknown as MiddlewareHandler<StaffEnv>[];
}
