// Every field rule of the complaint schema, with the inputs tried named in each test. The schema is
// the one the form, the API and the D1 insert use, built from the catalogue derived from content/.
import { describe, expect, it } from 'vitest';
import { complaintSchemas, fromForm, complaintFields, complaintErrors as fieldErrors } from '../../schema/complaint.ts';
import { normaliseCode } from '../../schema/common.ts';
import { catalogue, target, validComplaint } from './helpers.ts';

// A fixed clock: 2026-11-21 12:00 in Asia/Shanghai.
const NOW = Date.parse('2026-11-21T04:00:00Z');
const { complaintInput, trackInput } = complaintSchemas(catalogue, { now: () => NOW });
const base = () => validComplaint({ occurredOn: '2026-11-19' });

function errorsFor(body: Record<string, unknown>) {
  const result = complaintInput.safeParse(body);
  return result.success ? {} : Object.fromEntries(fieldErrors(result.error).map((e) => [e.field, e.message]));
}

describe('complaint schema', () => {
  it('accepts a complete named complaint', () => {
    expect(complaintInput.safeParse(base()).success).toBe(true);
  });

  it('department: missing, unknown id and an id that is a service are refused with 请选择被投诉的部门', () => {
    for (const department of [undefined, 'no-such-department', target().service ?? 'x', 42, '']) {
      expect(errorsFor({ ...base(), department }).department).toBe('请选择被投诉的部门');
    }
  });

  it('service and post: must exist, and must belong to the chosen department', () => {
    expect(errorsFor({ ...base(), service: 'no-such-service' }).service).toContain('请从列表中选择');
    expect(errorsFor({ ...base(), post: 'no-such-post' }).post).toContain('请从列表中选择');
    const t = target();
    if (t.service) expect(errorsFor({ ...base(), department: t.other }).service).toContain('不属于所选部门');
    if (t.post) expect(errorsFor({ ...base(), department: t.other, service: undefined }).post).toContain('不属于所选部门');
    expect(complaintInput.safeParse({ ...base(), service: undefined, post: undefined }).success).toBe(true);
  });

  it('staffName: optional, at most 50 characters, one line, no control characters', () => {
    expect(complaintInput.safeParse({ ...base(), staffName: undefined }).success).toBe(true);
    expect(errorsFor({ ...base(), staffName: '王'.repeat(51) }).staffName).toContain('最多 50 个字');
    expect(errorsFor({ ...base(), staffName: '王\n某' }).staffName).toContain('换行');
    expect(errorsFor({ ...base(), staffName: '王\u0000某' }).staffName).toContain('控制字符');
  });

  it('category: one of the nine categories', () => {
    for (const category of [undefined, 'rude', '推诿扯皮', 1]) expect(errorsFor({ ...base(), category }).category).toBe('请选择投诉类别');
    expect(complaintInput.safeParse({ ...base(), category: 'lunchtime-drinking' }).success).toBe(true);
  });

  it('occurredOn: YYYY-MM-DD, a real day, not after today in Shanghai, not over two years back', () => {
    expect(errorsFor({ ...base(), occurredOn: '2026/11/19' }).occurredOn).toContain('YYYY-MM-DD');
    expect(errorsFor({ ...base(), occurredOn: '19-11-2026' }).occurredOn).toContain('YYYY-MM-DD');
    expect(errorsFor({ ...base(), occurredOn: '2026-02-30' }).occurredOn).toContain('不存在');
    expect(errorsFor({ ...base(), occurredOn: '2026-11-22' }).occurredOn).toContain('不能晚于今天');
    expect(complaintInput.safeParse({ ...base(), occurredOn: '2026-11-21' }).success).toBe(true);
    expect(errorsFor({ ...base(), occurredOn: '2024-11-20' }).occurredOn).toContain('两年内');
    expect(errorsFor({ ...base(), occurredOn: undefined }).occurredOn).toContain('请填写事情发生的日期');
  });

  it('description: 10 to 2000 characters; line breaks allowed, control characters and lone surrogates not', () => {
    expect(errorsFor({ ...base(), description: '太慢了' }).description).toContain('至少写 10 个字');
    expect(errorsFor({ ...base(), description: '慢'.repeat(2001) }).description).toContain('最多 2000 个字');
    expect(errorsFor({ ...base(), description: '   ' }).description).toContain('请写明事情经过');
    expect(errorsFor({ ...base(), description: `${'慢'.repeat(12)}\u0007` }).description).toContain('控制字符');
    expect(errorsFor({ ...base(), description: `${'慢'.repeat(12)}\ud800` }).description).toContain('无法识别');
    const ok = complaintInput.parse({ ...base(), description: '第一行写经过。\r\n第二行写结果，窗口没有说明。' });
    expect(ok.description).toBe('第一行写经过。\n第二行写结果，窗口没有说明。');
    // Script tags and SQL are text like any other: kept verbatim, escaped when shown.
    expect(complaintInput.safeParse({ ...base(), description: "<script>alert(1)</script>'; drop table complaints; --" }).success).toBe(true);
  });

  it('request: 2 to 1000 characters', () => {
    expect(errorsFor({ ...base(), request: '快' }).request).toContain('至少写 2 个字');
    expect(errorsFor({ ...base(), request: '快'.repeat(1001) }).request).toContain('最多 1000 个字');
    expect(errorsFor({ ...base(), request: undefined }).request).toContain('请写明您希望我们怎么处理');
  });

  it('phone: mobile 1[3-9] + 9 digits or landline 区号-号码', () => {
    for (const phone of ['13912345678', '19900000000', '0519-85681234', '010-12345678', '0519-85681234-123']) {
      expect(complaintInput.safeParse({ ...base(), phone }).success, phone).toBe(true);
    }
    for (const phone of ['12912345678', '1391234567', '139123456789', '+8613912345678', '051985681234', '0519-123', 'abc', '１３９１２３４５６７８']) {
      expect(errorsFor({ ...base(), phone }).phone, phone).toContain('电话号码格式不对');
    }
  });

  it('email: a plain address of at most 100 characters', () => {
    for (const email of ['a@b', 'a@b.', 'no-at.example.com', 'a b@example.com', `${'a'.repeat(95)}@ex.com`]) {
      expect(errorsFor({ ...base(), email }).email, email).toContain('电子邮箱格式不对');
    }
  });

  it('named complaint: needs a name and a phone or an e-mail', () => {
    expect(errorsFor({ ...base(), name: undefined }).name).toContain('请填写您的姓名');
    expect(errorsFor({ ...base(), phone: undefined, email: undefined }).phone).toContain('至少留一种联系方式');
    expect(complaintInput.safeParse({ ...base(), phone: undefined }).success).toBe(true);
    expect(complaintInput.safeParse({ ...base(), email: undefined }).success).toBe(true);
    expect(errorsFor({ ...base(), name: '刘'.repeat(51) }).name).toContain('最多 50 个字');
  });

  it('anonymous: must be a boolean; an anonymous complaint keeps no contact details', () => {
    expect(errorsFor({ ...base(), anonymous: 'yes' }).anonymous).toBe('请选择实名投诉还是匿名投诉');
    expect(errorsFor({ ...base(), anonymous: undefined }).anonymous).toBe('请选择实名投诉还是匿名投诉');
    const parsed = complaintInput.parse({ ...base(), anonymous: true });
    expect([parsed.name, parsed.phone, parsed.email]).toEqual([undefined, undefined, undefined]);
    expect(complaintInput.safeParse({ ...base(), anonymous: true, name: undefined, phone: undefined, email: undefined }).success).toBe(true);
  });

  it('consent: must be exactly true', () => {
    for (const consent of [undefined, false, 'true', 1]) expect(errorsFor({ ...base(), consent }).consent).toContain('请阅读并同意');
  });

  it('unknown fields and non-objects are refused, not ignored', () => {
    expect(errorsFor({ ...base(), admin: true }).admin).toContain('不认识的字段');
    for (const body of [null, [], 'text', 3]) {
      const result = complaintInput.safeParse(body);
      expect(result.success).toBe(false);
      if (!result.success) expect(fieldErrors(result.error)[0].field).toBe('');
    }
  });

  it('reports every problem at once, cross-field rules included, in form order', () => {
    const errors = fieldErrors(complaintInput.safeParse({ anonymous: false }).error!);
    expect(errors.map((e) => e.field)).toEqual(['department', 'category', 'occurredOn', 'description', 'request', 'name', 'phone', 'consent']);
  });

  it('fromForm: empty answers are absent, radios and the checkbox become booleans', () => {
    const form = { ...Object.fromEntries(Object.entries(base()).map(([k, v]) => [k, String(v)])), service: '', consent: 'true', idempotencyKey: 'x' };
    const json = fromForm(form, complaintFields);
    expect(json.service).toBeUndefined();
    expect(json.anonymous).toBe(false);
    expect(json.consent).toBe(true);
    expect('idempotencyKey' in json).toBe(false);
    expect(fromForm({ anonymous: 'maybe' }, complaintFields).anonymous).toBe('maybe');
  });

  it('tracking: codes are read as Crockford base32 (case, dashes, I/L/O forgiven), references strictly', () => {
    expect(normaliseCode('7kq4m-9txbl')).toBe('7KQ4M9TXB1');
    expect(trackInput.safeParse({ reference: 'xn-2611-7kq4m9', accessCode: '7KQ4M 9TXB2' }).success).toBe(true);
    expect(trackInput.safeParse({ reference: 'XN-2611-7KQ4M', accessCode: '7KQ4M9TXB2' }).success).toBe(false);
    expect(trackInput.safeParse({ reference: 'XN-2611-7KQ4M9', accessCode: '7KQ4M9TXB' }).success).toBe(false);
    expect(trackInput.safeParse({ reference: 'XN-2611-7KQ4MU', accessCode: '7KQ4M9TXB2' }).success).toBe(false);
  });

  it('the catalogue is the one derived from content/: every department is selectable', () => {
    for (const d of catalogue.departments) {
      expect(complaintInput.safeParse({ ...base(), department: d.id, service: undefined, post: undefined }).success, d.id).toBe(true);
    }
  });
});
