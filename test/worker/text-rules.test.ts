// Issue 17, item 4 through the worker: a correction note, a complaint and an appointment carrying
// control, bidi or zero-width characters are refused with 422 and a message; nothing is stored.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedHistoryWithoutBulletins } from './bulletin-helpers.ts';
import { previousMonth, versionsOf } from '../../worker/services/bulletins.ts';
import { validAppointment } from './appointments-helpers.ts';
import { complaintCount, postJson, validComplaint } from './helpers.ts';
import { as, createAccount, post, type Session } from './office-helpers.ts';

let supervisor: Session;
// The last complete month by the one clock (which appointments-helpers may have moved), not a fixed one.
let month = '';

beforeAll(async () => {
  await seedHistoryWithoutBulletins();
  await createAccount('boss', 'supervisor');
  supervisor = await as('boss');
  month = previousMonth();
});

describe('a bulletin correction note with invisible characters is refused (it would be frozen forever)', () => {
  it.each([
    ['%01%0B%1B (what the probe sent)', '更正：一件投诉的处室\u0001\u000B\u001B登记有误，已改正。'],
    ['a right-to-left override U+202E', '更正：一件投诉的处室\u202E登记有误，已改正。'],
    ['a zero-width space U+200B', '更正：一件投诉的处室\u200B登记有误，已改正。'],
  ])('422 for %s, with a message that says what to remove; no version 2', async (_name, note) => {
    const first = await post(`/office/bulletins/${month}/publish`, supervisor, { version: 1 });
    expect(first.status).toBeLessThan(500);
    const res = await post(`/office/bulletins/${month}/publish`, supervisor, { version: 2, note });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('看不见的控制字符、零宽字符或文字方向控制符');
    expect((await versionsOf(env.DB, month)).map((v) => v.version)).toEqual([1]);
  });
});

describe('citizens’ free text refuses bidi and zero-width characters too', () => {
  it.each([
    ['description with U+202E', { description: '申请材料齐全，承诺五个工作日办结，\u202E已经过了十个工作日仍未办结。' }, 'description'],
    ['staffName with U+200B', { staffName: '王\u200B某某' }, 'staffName'],
    ['name with U+2066', { name: '刘\u2066晓明' }, 'name'],
  ])('a complaint whose %s is refused with 422 on that field', async (_name, overrides, field) => {
    const before = await complaintCount(env);
    const res = await postJson('/api/complaints', validComplaint(overrides));
    expect(res.status).toBe(422);
    const body = (await res.json()) as { errors: { field: string; message: string }[] };
    expect(body.errors.find((e) => e.field === field)?.message).toContain('零宽字符');
    expect(await complaintCount(env)).toBe(before);
  });

  it('an appointment whose matter holds a zero-width space is refused', async () => {
    const res = await postJson('/api/appointments', validAppointment({ matter: '办理不动产登记\u200B，需要咨询材料。' }));
    expect(res.status).toBe(422);
  });
});
