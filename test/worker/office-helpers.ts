// Shared by the office-*.test.ts files: staff accounts, signing in over the real routes, and form posts with the session.
import { env, exports } from 'cloudflare:workers';
import { expect } from 'vitest';
import { now, setClock } from '../../schema/clock.ts';
import type { Role } from '../../schema/domain.ts';
import { addCalendarDays, shanghaiDate } from '../../schema/workdays.ts';
import { hashPassword } from '../../worker/office/password.ts';
import { tokenId } from '../../worker/office/tokens.ts';
import { BASE, ip } from './helpers.ts';

export const PASSWORD = '测试密码 correct horse 42';
// One PBKDF2 run per file, not per account: 100,000 iterations take a while in workerd.
let hashed: Promise<string> | undefined;

export async function createAccount(username: string, role: Role, department: string | null = null, staffId: string | null = null): Promise<number> {
  hashed ??= hashPassword(PASSWORD);
  const row = await env.DB.prepare(
    'insert into staff_accounts (username, display_name, staff_id, role, department, password_hash) values (?, ?, ?, ?, ?, ?) returning id',
  )
    .bind(username, `测试${username}`, staffId, role, department, await hashed)
    .first<{ id: number }>();
  return row!.id;
}

export interface Session {
  cookie: string;
  csrf: string;
  ip: string;
}

function cookieValue(res: Response, name: string): string | undefined {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const [k, v] = pair.split('=');
    if (k === name && v) return v;
  }
  return undefined;
}

/** Signs in through GET + POST /office/login, as a browser does. */
/** `cookies`: more cookies the browser sends, e.g. the device cookie of an earlier sign-in. */
export async function signIn(username: string, password = PASSWORD, client = ip(), cookies = ''): Promise<{ res: Response; session?: Session }> {
  const form = await exports.default.fetch(`${BASE}/office/login`, { headers: { 'CF-Connecting-IP': client } });
  const formToken = cookieValue(form, '__Host-office_login')!;
  const res = await exports.default.fetch(`${BASE}/office/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'CF-Connecting-IP': client,
      Cookie: `__Host-office_login=${formToken}${cookies ? `; ${cookies}` : ''}`,
      Origin: BASE,
      'Sec-Fetch-Site': 'same-origin',
    },
    body: new URLSearchParams({ username, password, csrf: formToken, next: '/office/' }).toString(),
  });
  const token = cookieValue(res, '__Host-office_session');
  if (!token) return { res };
  const row = await env.DB.prepare('select csrf from sessions where id = ?').bind(await tokenId(token)).first<{ csrf: string }>();
  return { res, session: { cookie: `__Host-office_session=${token}`, csrf: row!.csrf, ip: client } };
}

export async function as(username: string): Promise<Session> {
  const { session } = await signIn(username);
  if (!session) throw new Error(`could not sign in as ${username}`);
  return session;
}

export function get(path: string, s?: Session, headers: Record<string, string> = {}): Promise<Response> {
  return exports.default.fetch(`${BASE}${path}`, { redirect: 'manual', headers: { ...(s ? { Cookie: s.cookie } : {}), 'CF-Connecting-IP': s?.ip ?? ip(), ...headers } });
}

/** A same-origin form post with the session's CSRF token (unless the test overrides `csrf`). */
export function post(path: string, s: Session | undefined, fields: Record<string, string | number | undefined>, headers: Record<string, string> = {}): Promise<Response> {
  const body = new URLSearchParams();
  if (s) body.set('csrf', s.csrf);
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) body.delete(k);
    else body.set(k, String(v));
  }
  return exports.default.fetch(`${BASE}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'CF-Connecting-IP': s?.ip ?? ip(),
      Origin: BASE,
      'Sec-Fetch-Site': 'same-origin',
      ...(s ? { Cookie: s.cookie } : {}),
      ...headers,
    },
    body: body.toString(),
  });
}

/** One console account a test signs in with: [username, role, department, content/staff id]. */
export type AccountSpec = [username: string, role: Role, department?: string | null, staffId?: string | null];

/** Creates each account, then signs each in: the sessions under the names given. */
export async function staffSessions<K extends string>(accounts: Record<K, AccountSpec>): Promise<Record<K, Session>> {
  const specs = Object.entries(accounts) as [K, AccountSpec][];
  for (const [, [username, role, department, staffId]] of specs) await createAccount(username, role, department ?? null, staffId ?? null);
  const sessions = await Promise.all(specs.map(([, [username]]) => as(username)));
  return Object.fromEntries(specs.map(([name], i) => [name, sessions[i]])) as Record<K, Session>;
}

/** A phone complaint as intake registers it in the console (/office/cases/new), about 房地产市场监管科. */
export const phoneComplaint = {
  channel: 'phone',
  firstReceiver: 'li-min',
  department: 'real-estate',
  category: 'overdue',
  occurredOn: addCalendarDays(shanghaiDate(), -3),
  description: '来电反映：商品房合同备案材料齐全，窗口承诺三个工作日办结，已过八个工作日仍未办理。',
  request: '请尽快办理备案并说明原因。',
  anonymous: 'false',
  name: '周建国',
  phone: '13800138000',
  consent: 'true',
};

/** The case's version, which every action form carries. */
export async function caseVersion(id: number): Promise<number> {
  return (await env.DB.prepare('select version from complaints where id = ?').bind(id).first<{ version: number }>())!.version;
}

/** One action on a case page (/office/cases/<id>/<action>), posted with the case's current version as its form does. */
export async function caseStep(s: Session, id: number, action: string, fields: Record<string, string | number> = {}): Promise<Response> {
  return post(`/office/cases/${id}/${action}`, s, { version: await caseVersion(id), ...fields });
}

/** Intake registers phoneComplaint (with `overrides`): the case id, and the reference and access code shown once. */
export async function registerByPhone(intake: Session, overrides: Record<string, string> = {}): Promise<{ id: number; reference: string; accessCode: string }> {
  const res = await post('/office/cases/new', intake, { ...phoneComplaint, ...overrides });
  expect(res.status).toBe(201);
  const page = await res.text();
  const reference = /<strong class="reference">([^<]+)<\/strong>/.exec(page)![1];
  const accessCode = /<strong class="access-code">([^<]+)<\/strong>/.exec(page)![1];
  const row = await env.DB.prepare('select id from complaints where reference = ?').bind(reference).first<{ id: number }>();
  return { id: row!.id, reference, accessCode };
}

/** Moves the one clock, keeping the test's console sessions signed in (they last 8 hours from sign-in). */
export async function moveClockKeepingSessions(when: string): Promise<void> {
  setClock(when);
  await env.DB.prepare('update sessions set created_at = ?1, last_seen_at = ?1, expires_at = ?1 + 3600000').bind(now()).run();
}
