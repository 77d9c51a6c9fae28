// The complaint form without JavaScript: a plain POST, GOV.UK error pattern, redirect to a
// confirmation that shows the access code once.
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { deadline, makeCalendar, shanghaiDate } from '../../schema/workdays.ts';
import { asForm, BASE, catalogue, complaintCount, postForm, validComplaint } from './helpers.ts';

function formOf(overrides: Record<string, unknown> = {}) {
  return asForm({ ...validComplaint(), idempotencyKey: crypto.randomUUID(), ...overrides });
}

async function confirmationFrom(res: Response) {
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  return exports.default.fetch(`${BASE}${res.headers.get('location')}`, { headers: { Cookie: cookie } });
}

describe('GET /complaints/new/', () => {
  it('renders the form in Chinese with every field, a hidden idempotency key and no inline script', async () => {
    const res = await exports.default.fetch(`${BASE}/complaints/new/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html><html lang="zh-CN">/);
    expect(html).toContain('<title>效能投诉 - ');
    expect(html.match(/<h1/g)).toHaveLength(1);
    expect(html).toContain('href="#main"');
    for (const name of ['department', 'service', 'post', 'staffName', 'category', 'occurredOn', 'description', 'request', 'anonymous', 'name', 'phone', 'email', 'consent', 'idempotencyKey']) {
      expect(html, name).toContain(`name="${name}"`);
    }
    expect(html).toContain('匿名投诉不留姓名和联系方式，我们不作书面答复，但您仍可凭受理编号和查询码查询');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    for (const d of catalogue.departments) expect(html).toContain(`value="${d.id}"`);
    if (catalogue.office.demo) expect(html).toContain('demo-banner');
  });

  it('redirects /complaints/new to the canonical trailing-slash address', async () => {
    const res = await exports.default.fetch(`${BASE}/complaints/new`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/complaints/new/');
  });
});

describe('POST /complaints/new/ with errors', () => {
  it('answers 422 with the page again: 错误： title, summary linking to each field, messages tied by aria-describedby, answers kept', async () => {
    const before = await complaintCount(env);
    const res = await postForm('/complaints/new/', formOf({ phone: '12345', description: '太短了', consent: undefined, staffName: '<b>王</b>' }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/<title>错误：效能投诉 - /);
    const summary = html.match(/<div class="error-summary" role="alert"[\s\S]*?<\/div>/)![0];
    expect(summary).toContain('href="#phone"');
    expect(summary).toContain('href="#description"');
    expect(summary).toContain('href="#consent"');
    expect(html).toContain('id="phone-error"');
    expect(html).toMatch(/<input[^>]*id="phone"[^>]*aria-describedby="phone-hint phone-error"/);
    expect(html).toMatch(/aria-describedby="description-hint description-error"/);
    expect(html).toContain('value="12345"');
    expect(html).toContain('>太短了</textarea>');
    expect(html).toContain('value="&lt;b&gt;王&lt;/b&gt;"');
    expect(html).toContain('value="刘晓明"');
    expect(html).toMatch(/value="overdue" checked/);
    expect(html).toMatch(/value="false" checked/);
    expect(await complaintCount(env)).toBe(before);
  });

  it('links radio errors to the first radio and lists every missing answer', async () => {
    const res = await postForm('/complaints/new/', asForm({ idempotencyKey: crypto.randomUUID() }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('href="#category-buck-passing"');
    expect(html).toContain('href="#anonymous-false"');
    expect(html).toContain('href="#department"');
    expect(html).toContain('请选择投诉类别');
  });

  it('refuses a body that is not a urlencoded form with 415, and an oversized one with 413', async () => {
    const wrongType = await postForm('/complaints/new/', formOf(), { 'Content-Type': 'text/plain' });
    expect(wrongType.status).toBe(415);
    const huge = await postForm('/complaints/new/', formOf({ description: '长'.repeat(20_000) }));
    expect(huge.status).toBe(413);
  });
});

describe('POST /complaints/new/ success', () => {
  it('redirects (303) to the confirmation, which shows reference, access code once, the acknowledge-by date on the calendar, and the phone', async () => {
    const res = await postForm('/complaints/new/', formOf());
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/complaints/confirmation/');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/complaints\/confirmation\//);
    expect(res.headers.get('location')).not.toMatch(/[A-Z0-9]{5}-?[A-Z0-9]{5}/);

    const page = await confirmationFrom(res);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('set-cookie')).toMatch(/Max-Age=0/i);
    const html = await page.text();
    const reference = html.match(/data-reference="">(XN-\d{4}-[0-9A-Z]{6})</)![1];
    const code = html.match(/data-access-code="">([0-9A-Z]{5}-[0-9A-Z]{5})</)![1];
    expect(reference).toMatch(/^XN-/);
    expect(code).toHaveLength(11);
    const due = deadline(makeCalendar(catalogue.calendar), shanghaiDate(), catalogue.office.limits.acceptance);
    const [y, m, d] = due.date.split('-').map(Number);
    expect(html).toContain(`${y} 年 ${m} 月 ${d} 日`);
    expect(html).toContain(catalogue.supervision.complaintPhone);
    expect(html).toContain('data-print');
    expect(html).toContain('办结后我们会按您留下的联系方式答复您');

    const row = await env.DB.prepare('select acknowledge_by from complaints where reference = ?').bind(reference).first<{ acknowledge_by: string }>();
    expect(row!.acknowledge_by).toBe(due.date);
  });

  it('shows the access code only once: a second visit to the confirmation gets no code', async () => {
    const res = await postForm('/complaints/new/', formOf());
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    await exports.default.fetch(`${BASE}/complaints/confirmation/`, { headers: { Cookie: cookie } });
    const again = await exports.default.fetch(`${BASE}/complaints/confirmation/`);
    const html = await again.text();
    expect(html).toContain('确认页已显示过');
    expect(html).not.toContain('data-access-code');
  });

  it('files an anonymous complaint, keeps no contact details, and says there is no written reply', async () => {
    const res = await postForm('/complaints/new/', formOf({ anonymous: true, name: '不该保存', phone: '13900000000', email: undefined }));
    expect(res.status).toBe(303);
    const html = await (await confirmationFrom(res)).text();
    expect(html).toContain('您选择了匿名投诉：我们不作书面答复');
    const reference = html.match(/data-reference="">(XN-[^<]+)</)![1];
    const row = await env.DB.prepare('select anonymous, personal from complaints where reference = ?').bind(reference).first<{ anonymous: number; personal: string }>();
    expect(row!.anonymous).toBe(1);
    const { open } = await import('../../worker/lib/crypto.ts');
    const personal = await open<Record<string, unknown>>(env.PII_KEY, row!.personal);
    expect(personal.name).toBeUndefined();
    expect(personal.phone).toBeUndefined();
  });

  it('a double click (the same hidden key twice) files one complaint', async () => {
    const form = formOf();
    const before = await complaintCount(env);
    const first = await postForm('/complaints/new/', form);
    const second = await postForm('/complaints/new/', form);
    expect([first.status, second.status]).toEqual([303, 303]);
    const a = await (await confirmationFrom(first)).text();
    const b = await (await confirmationFrom(second)).text();
    const ref = (html: string) => html.match(/data-reference="">(XN-[^<]+)</)![1];
    const code = (html: string) => html.match(/data-access-code="">([^<]+)</)![1];
    expect(ref(a)).toBe(ref(b));
    expect(code(a)).toBe(code(b));
    expect(await complaintCount(env)).toBe(before + 1);
  });

  it('the same key with different answers is not filed again silently: 422 with a fresh key', async () => {
    const key = crypto.randomUUID();
    expect((await postForm('/complaints/new/', formOf({ idempotencyKey: key }))).status).toBe(303);
    const res = await postForm('/complaints/new/', formOf({ idempotencyKey: key, category: 'other' }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('这份表单已经提交过一次');
    expect(html).not.toContain(`value="${key}"`);
  });
});
