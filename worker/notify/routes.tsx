/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * Notification pages: /notify/unsubscribe (public, signed link; RFC 8058 one-click POST too),
 * /office/notify/ (each staff member's choices) and /office/notify/sms/ (the local SMS sink's
 * messages, for the demo; supervisors and admins).
 */
import { Hono } from 'hono';
import { now as clockNow } from '../../schema/clock.ts';
import type { AppEnv } from '../env.ts';
import { readText } from '../lib/body.ts';
import { onlyRoles, staffApp } from '../office/auth.ts';
import { readOfficeForm } from '../office/form.ts';
import { html } from '../office/pages.tsx';
import { page } from '../views/layout.tsx';
import { MOBILE } from '../../schema/common.ts';
import { unsubscribe, unsubscribeTokenOk } from './consumer.ts';
import { outboxOverview, saveStaffPrefs, staffPrefs } from './status.ts';
import { personKeys } from '../services/protection.ts';
import { renderSms } from './templates.ts';
import { PrefsPage, SinkPage, UnsubscribePage, type SinkMessage } from './views.tsx';

/** The public unsubscribe page, mounted at /notify/ (worker/app.ts). */
export const notifyPages = new Hono<AppEnv>();

const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;

notifyPages.get('/unsubscribe', async (c) => {
  const { r = '', c: channel = '', t = '' } = c.req.query();
  const ok = await unsubscribeTokenOk(c.env, r, channel, t);
  return html(ok ? 200 : 400, page(<UnsubscribePage reference={r} channel={channel} token={t} state={ok ? 'confirm' : 'invalid'} />));
});

notifyPages.post('/unsubscribe', async (c) => {
  // The confirm form posts r, c, t; a mail client's one-click POST (RFC 8058) posts to the link itself.
  const query = c.req.query();
  const body = await readText(c.req.raw);
  const form = new URLSearchParams(body.ok ? body.value : '');
  const r = form.get('r') ?? query.r ?? '';
  const channel = form.get('c') ?? query.c ?? '';
  const t = form.get('t') ?? query.t ?? '';
  if (!(await unsubscribeTokenOk(c.env, r, channel, t))) return html(400, page(<UnsubscribePage reference={r} channel={channel} token={t} state="invalid" />));
  await unsubscribe(c.env, r, channel as 'email' | 'sms');
  return html(200, page(<UnsubscribePage reference={r} channel={channel} token={t} state="done" />));
});

/** Each staff member's choices and the SMS sink, mounted at /office/notify/ (worker/app.ts). */
export const officeNotify = staffApp();

officeNotify.get('/', async (c) => {
  const p = await staffPrefs(c.env, c.var.staff.accountId);
  const values = { email: p.email, phone: p.phone, mode: p.mode, smsUrgent: p.smsUrgent ? 'true' : '' };
  const staff = c.var.staff;
  // Supervisors and admins also see every message's state (without the cases they are concerned by).
  const outbox = staff.role === 'supervisor' || staff.role === 'admin' ? await outboxOverview(c.env, personKeys(staff)) : undefined;
  return html(
    200,
    page(<PrefsPage staff={staff} csrf={c.var.csrf} prefs={values} errors={[]} notice={c.req.query('saved') ? '已保存。' : undefined} staffSms={String(c.env.NOTIFY_STAFF_SMS) === 'true'} outbox={outbox} />),
  );
});

officeNotify.post('/', async (c) => {
  const staff = c.var.staff;
  const body = await readOfficeForm(c.req.raw, []);
  if (!body.ok) return html(body.status, body.message);
  const v = body.value as Record<string, string>;
  const email = (v.email ?? '').trim();
  const phone = (v.phone ?? '').trim();
  const mode = v.mode === 'digest' ? 'digest' : 'immediate';
  const smsUrgent = v.smsUrgent === 'true';
  const errors = [];
  if (email && !(EMAIL.test(email) && email.length <= 100)) errors.push({ field: 'email', message: '电子邮箱格式不对，请写成 name@example.com 这样的地址；不需要邮件就留空' });
  if (phone && !MOBILE.test(phone)) errors.push({ field: 'phone', message: '手机号要写 11 位数字，例如 13912345678；不需要短信就留空' });
  if (smsUrgent && !phone) errors.push({ field: 'phone', message: '要收紧急短信，请填写手机号；不需要就取消勾选' });
  if (errors.length) {
    const values = { email, phone, mode, smsUrgent: smsUrgent ? 'true' : '' };
    return html(422, page(<PrefsPage staff={staff} csrf={c.var.csrf} prefs={values} errors={errors} staffSms={String(c.env.NOTIFY_STAFF_SMS) === 'true'} />));
  }
  await saveStaffPrefs(c.env, staff.accountId, { email, phone, mode, smsUrgent }, clockNow());
  return c.redirect('/office/notify/?saved=1', 303);
});

officeNotify.get('/sms/', onlyRoles('supervisor', 'admin'), async (c) => {
  const staff = c.var.staff;
  const endpoint = new URL(c.env.SMS_ENDPOINT || 'https://sms.tencentcloudapi.com');
  // Only a sink on this machine is read: in production there is nothing to show here.
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(endpoint.hostname)) {
    return html(200, page(<SinkPage staff={staff} csrf={c.var.csrf} messages={[]} error="短信已接入腾讯云短信服务，发送记录请在腾讯云短信控制台查看。" />));
  }
  try {
    const res = await fetch(new URL('/messages', endpoint));
    const list = (await res.json()) as SinkMessage[];
    const messages = list.map((m) => ({ ...m, text: renderSms(m.templateId, m.params, c.env.SMS_TEMPLATE_IDS) }));
    return html(200, page(<SinkPage staff={staff} csrf={c.var.csrf} messages={messages.reverse()} />));
  } catch {
    return html(200, page(<SinkPage staff={staff} csrf={c.var.csrf} messages={[]} error="本地短信接收器没有运行（npm start 会启动它）。" />));
  }
});
