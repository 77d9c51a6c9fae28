// Issue 17, item 6: no stranger can lock a known user out. Wrong passwords slow an account down
// for browsers it never signed in from, not for its own; "sign out everywhere" ends every session.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../worker/office/password.ts';
import { accountDelay, DEVICE_COOKIE, FREE_FAILURES } from '../../worker/office/login.ts';
import { createAccount, get, post, signIn } from './office-helpers.ts';

function deviceCookie(res: Response): string {
  const c = res.headers.getSetCookie().find((x) => x.startsWith(`${DEVICE_COOKIE}=`))!;
  return c.split(';')[0];
}

beforeAll(async () => {
  await createAccount('known1', 'intake');
  await createAccount('known2', 'intake');
  await createAccount('everywhere1', 'intake');
  await createAccount('demo-admin', 'admin');
  await env.DB.prepare("update staff_accounts set password_hash = ? where username = 'demo-admin'").bind(await hashPassword('demo-admin-2026')).run();
});

describe('per-account slowing down instead of a lock', () => {
  it('five strangers at five addresses cannot keep the owner out: the browser that signed in before still signs in', async () => {
    const first = await signIn('known1');
    expect(first.res.status).toBe(303);
    const device = deviceCookie(first.res);
    const set = first.res.headers.getSetCookie().find((c) => c.startsWith(DEVICE_COOKIE))!;
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/Secure/);
    // Five strangers' guesses from five addresses are answered; after them, strangers must wait.
    for (let i = 0; i < FREE_FAILURES; i++) expect((await signIn('known1', `guess ${i}`)).res.status).toBe(401);
    for (let i = 0; i < 3; i++) expect((await signIn('known1', `guess ${i}`)).res.status).toBe(429);
    // A stranger's browser is told to wait, with a message saying the account is not locked.
    const stranger = await signIn('known1');
    expect(stranger.res.status).toBe(429);
    expect(await stranger.res.text()).toContain('账户没有被锁定');
    // The owner's browser is not held up.
    const owner = await signIn('known1', undefined, undefined, device);
    expect(owner.res.status).toBe(303);
    expect(owner.session).toBeDefined();
  });

  it('the wait doubles with every further failure, capped at 15 minutes, and passes: then the right password works anywhere', async () => {
    expect([4, 5, 6, 7, 20].map(accountDelay)).toEqual([0, 30, 60, 120, 900]);
    for (let i = 0; i < FREE_FAILURES; i++) await signIn('known2', `guess ${i}`);
    expect((await signIn('known2')).res.status).toBe(429);
    // Let the wait pass (move the last failure back in time).
    await env.DB.prepare("update throttle set window_start = window_start - 31000 where key like 'office-account:%'").run();
    const later = await signIn('known2');
    expect(later.res.status).toBe(303);
  });

  it('a forged or another account’s device cookie does not skip the wait', async () => {
    const other = deviceCookie((await signIn('known1', undefined, undefined)).res);
    for (let i = 0; i < FREE_FAILURES; i++) await signIn('known2', `guess ${i}`);
    expect((await signIn('known2', undefined, undefined, other)).res.status).toBe(429);
    expect((await signIn('known2', undefined, undefined, `${DEVICE_COOKIE}=2.AAAAAAAAAAAAAAAAAAAAAA.forged`)).res.status).toBe(429);
  });
});

describe('sign out everywhere', () => {
  it('ends every session of the account, on every device, from the console', async () => {
    const a = (await signIn('everywhere1')).session!;
    const b = (await signIn('everywhere1')).session!;
    expect((await get('/office/', b)).status).toBe(303);
    const res = await post('/office/logout-everywhere', a, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/office/login?signedOut=all');
    for (const s of [a, b]) expect((await get('/office/cases/', s)).headers.get('Location')).toContain('/office/login');
    const page = await (await get('/office/login?signedOut=all')).text();
    expect(page).toContain('您已在所有设备上退出登录');
  });

  it('needs the CSRF token', async () => {
    const a = (await signIn('everywhere1')).session!;
    expect((await post('/office/logout-everywhere', { ...a, csrf: 'wrong' }, {})).status).toBe(403);
    expect((await get('/office/cases/', a)).status).not.toBe(303);
  });
});

describe('the published demo passwords sign in only on the demo database (item 5)', () => {
  it('refuses a demo password where the demo seed has not run, and accepts it where it has', async () => {
    const res = await signIn('demo-admin', 'demo-admin-2026');
    expect(res.res.status).toBe(403);
    expect(await res.res.text()).toContain('公开的演示密码');
    await env.DB.prepare("insert into app_meta (key, value) values ('seed', 'test')").run();
    expect((await signIn('demo-admin', 'demo-admin-2026')).res.status).toBe(303);
  });
});
