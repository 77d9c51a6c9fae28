/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The console's front door: /office/login (sign in), /office/logout (sign out) and /office/ (the
 * landing page of each role). The sign-in form has no session yet, so it is protected against
 * login CSRF with a double-submit cookie plus the Origin / Sec-Fetch-Site check.
 */
import { Hono, type Context } from 'hono';
import { generateCookie, getCookie } from 'hono/cookie';
import type { AppEnv } from '../env.ts';
import { readForm } from '../lib/body.ts';
import { currentSession, requireStaff, sameOrigin, SESSION_COOKIE, SESSION_MS, verifyCsrf } from '../office/auth.ts';
import { DEVICE_COOKIE, DEVICE_DAYS, FREE_FAILURES, safeNext, signIn, signOut, signOutEverywhere } from '../office/login.ts';
import { html, messagePage } from '../office/pages.tsx';
import { newToken, sameToken } from '../office/tokens.ts';
import { page } from '../views/layout.tsx';
import { LoginPage } from '../views/office/login.tsx';

const LOGIN_COOKIE = '__Host-office_login';
const cookieBase = { path: '/', secure: true, httpOnly: true, sameSite: 'Strict' } as const;

const badCredentials = `用户名或密码不正确。连续输错 ${FREE_FAILURES} 次后，在没有登录过的浏览器上每次重试都需等待一段时间；在您常用的浏览器上不受影响。忘记密码请联系系统管理员重置。`;

/** Mounted at /office/ (worker/app.ts). */
export const officePages = new Hono<AppEnv>()
  .get('/login', (c) => {
    const formToken = newToken();
    const signedOut = c.req.query('signedOut');
    const notice = signedOut === 'all' ? '您已在所有设备上退出登录：此前在任何地方打开的控制台都需重新登录。' : signedOut === '1' ? '您已安全退出。' : undefined;
    return html(200, page(<LoginPage next={safeNext(c.req.query('next'))} formToken={formToken} notice={notice} />), {
      'Set-Cookie': generateCookie(LOGIN_COOKIE, formToken, { ...cookieBase, maxAge: 3600 }),
    });
  })
  .post('/login', async (c) => {
    const body = await readForm(c.req.raw);
    const formToken = newToken();
    const render = (status: number, props: { username?: string; next?: string; errors: { field: string; message: string }[] }, extra: Record<string, string> = {}) => {
      return html(status, page(<LoginPage {...props} formToken={formToken} />), {
        'Set-Cookie': generateCookie(LOGIN_COOKIE, formToken, { ...cookieBase, maxAge: 3600 }),
        ...extra,
      });
    };
    if (!body.ok) return render(body.status, { errors: [{ field: 'username', message: body.message }] });
    const form = body.value;
    const next = safeNext(form.next);
    if (!sameOrigin(c.req.raw) || !sameToken(form.csrf, getCookie(c, LOGIN_COOKIE))) {
      return render(403, { username: form.username, next, errors: [{ field: 'username', message: '登录页面已过期，请重新输入用户名和密码后再登录' }] });
    }
    const username = (form.username ?? '').trim();
    const password = form.password ?? '';
    const errors = [];
    if (!username) errors.push({ field: 'username', message: '请输入用户名' });
    else if (username.length > 64) errors.push({ field: 'username', message: '用户名最多 64 个字符' });
    if (!password) errors.push({ field: 'password', message: '请输入密码' });
    else if (password.length > 256) errors.push({ field: 'password', message: '密码最多 256 个字符' });
    if (errors.length > 0) return render(422, { username, next, errors });

    const result = await signIn(c.env, c.req.raw, username, password, getCookie(c, DEVICE_COOKIE));
    if (!result.ok) {
      if (result.reason === 'client-blocked') {
        const minutes = Math.ceil(result.retryAfter / 60);
        return render(429, { username, next, errors: [{ field: 'username', message: `登录失败次数太多，请 ${minutes} 分钟后再试` }] }, { 'Retry-After': String(result.retryAfter) });
      }
      if (result.reason === 'account-slowed') {
        const wait = result.retryAfter < 90 ? `${result.retryAfter} 秒` : `${Math.ceil(result.retryAfter / 60)} 分钟`;
        const message = `这个账户最近多次输错密码，为防止有人猜密码，在没有登录过的浏览器上请 ${wait}后再试。账户没有被锁定：在您常用的浏览器上可以照常登录；如怀疑有人在猜您的密码，请联系系统管理员。`;
        return render(429, { username, next, errors: [{ field: 'username', message }] }, { 'Retry-After': String(result.retryAfter) });
      }
      if (result.reason === 'demo-password') {
        const message = '这个账户用的是公开的演示密码，正式系统不能用它登录。请联系系统管理员重置密码。';
        return render(403, { username, next, errors: [{ field: 'password', message }] });
      }
      return render(401, { username, next, errors: [{ field: 'username', message: badCredentials }] });
    }
    const headers = new Headers({ Location: next, 'Cache-Control': 'no-store' });
    headers.append('Set-Cookie', generateCookie(SESSION_COOKIE, result.token, { ...cookieBase, maxAge: SESSION_MS / 1000 }));
    headers.append('Set-Cookie', generateCookie(DEVICE_COOKIE, result.device, { ...cookieBase, maxAge: DEVICE_DAYS * 86_400 }));
    headers.append('Set-Cookie', generateCookie(LOGIN_COOKIE, '', { ...cookieBase, maxAge: 0 }));
    return new Response(null, { status: 303, headers });
  })
  .post('/logout', requireStaff(), verifyCsrf, async (c) => {
    await signOut(c.env, getCookie(c, SESSION_COOKIE));
    return new Response(null, {
      status: 303,
      headers: { Location: '/office/login?signedOut=1', 'Cache-Control': 'no-store', 'Set-Cookie': generateCookie(SESSION_COOKIE, '', { ...cookieBase, maxAge: 0 }) },
    });
  })
  // Sign out everywhere: ends every session of the signed-in account (a lost laptop, a shared computer).
  .post('/logout-everywhere', requireStaff(), verifyCsrf, async (c) => {
    await signOutEverywhere(c.env, c.var.staff.accountId);
    return new Response(null, {
      status: 303,
      headers: { Location: '/office/login?signedOut=all', 'Cache-Control': 'no-store', 'Set-Cookie': generateCookie(SESSION_COOKIE, '', { ...cookieBase, maxAge: 0 }) },
    });
  })
  .get('/', requireStaff(), (c) => {
    const staff = c.var.staff;
    if (staff.role === 'admin') return c.redirect('/office/accounts/', 303);
    if (staff.role === 'supervisor') return c.redirect('/office/cases/', 303);
    if (staff.role === 'leader') return c.redirect('/office/decisions/', 303);
    return c.redirect('/office/cases/', 303);
  });


/**
 * For app.notFound: a console path no route knows. Anonymous visitors are sent to sign in (the
 * console does not tell them which pages exist); signed-in staff get a 404 inside the console.
 */
export async function officeNotFound(c: Context<AppEnv>): Promise<Response> {
  const session = await currentSession(c);
  if (!session) return c.redirect(`/office/login?next=${encodeURIComponent('/office/')}`, 303);
  return html(404, messagePage(session.staff, session.csrf, '找不到该页面', '控制台里没有这个页面，请从导航进入。'));
}
