// Matters raised on the director's reception day (局长接待日, seed 004) on the citizen's tracking
// page: the citizen who booked sees each matter with its assigned section (name only; a contact
// only when one was already told to them), the 10-working-day answer deadline and whether it is
// answered or overdue. Another booker's matters are never shown, neither are the matter's words.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { now as clockNow } from '../../schema/clock.ts';
import { registerSchema } from '../../schema/inquiry.ts';
import { formatDate } from '../../schema/format.ts';
import { shanghaiDate } from '../../schema/workdays.ts';
import { act, getInquiry, registerInquiry } from '../../worker/services/inquiries.ts';
import { validReception } from './appointments-helpers.ts';
import { catalogue, postForm, postJson } from './helpers.ts';

const base = { channel: 'reception', priority: 'ordinary', firstReceiver: 'li-min', matter: '小区二次供水设施长期失修的具体情况（私密）' };
let mine: { reference: string; accessCode: string };
let theirs: { reference: string; accessCode: string };
const refs: Record<string, string> = {};

async function book(): Promise<{ reference: string; accessCode: string }> {
  const res = await postJson('/api/appointments', validReception());
  expect(res.status).toBe(201);
  return (await res.json()) as { reference: string; accessCode: string };
}

async function matter(appointment: string, over: Record<string, string>, at = clockNow()) {
  const input = registerSchema(catalogue, shanghaiDate(at)).parse({ ...base, appointment, ...over });
  const r = await registerInquiry(env, input, 'li-min', at);
  return r;
}

beforeAll(async () => {
  mine = await book();
  theirs = await book();
  const now = clockNow();
  // Answered: handed to real-estate, then closed.
  const answered = await matter(mine.reference, { outcome: 'other-section', department: 'real-estate' });
  const row = (await getInquiry(env, answered.id))!;
  expect(await act(env, row, 'close', { version: row.version, reply: '已电话答复维修安排' }, 'xie-na')).toBe('done');
  refs.answered = answered.reference;
  // Overdue: raised 40 days ago (beyond 10 working days), still open.
  refs.overdue = (await matter(mine.reference, { outcome: 'other-section', department: 'housing-security' }, now - 40 * 86_400_000)).reference;
  // Pending: the receiver's own remit, with the contact told to the person.
  refs.pending = (await matter(mine.reference, { outcome: 'later', contactName: '李敏', contactPhone: '0519-85600011' })).reference;
  // Another booker's matter.
  refs.other = (await matter(theirs.reference, { outcome: 'other-section', department: 'urban-construction' })).reference;
});

async function trackPage(a: { reference: string; accessCode: string }) {
  const res = await postForm('/appointments/track/', new URLSearchParams({ reference: a.reference, accessCode: a.accessCode }));
  expect(res.status).toBe(200);
  return res.text();
}

describe('reception-day matters on the tracking page', () => {
  it('shows each of my matters with section, deadline and status; never another booker’s; never the matter’s words', async () => {
    const html = await trackPage(mine);
    expect(html).toContain('接待日反映的事项');
    for (const r of [refs.answered, refs.overdue, refs.pending]) expect(html).toContain(r);
    expect(html).not.toContain(refs.other);
    expect(html).not.toContain('城市建设');
    const rowOf = (ref: string) => html.slice(html.indexOf(ref), html.indexOf('</tr>', html.indexOf(ref)));
    expect(rowOf(refs.answered)).toContain('房地产市场监管科');
    expect(rowOf(refs.answered)).toContain('已答复');
    expect(rowOf(refs.overdue)).toContain('已超期');
    expect(rowOf(refs.pending)).toContain('办理中');
    expect(rowOf(refs.pending)).toContain('0519-85600011');
    // A routed hand-over names no staff member unless a contact was given at the reception.
    const handedOverContact = JSON.parse((await env.DB.prepare('select outcome_data from inquiries where reference = ?').bind(refs.answered).first<{ outcome_data: string }>())!.outcome_data).contact.name;
    expect(rowOf(refs.answered)).toContain(handedOverContact);
    expect(html).not.toContain('具体情况（私密）');
    const due = (await env.DB.prepare('select due_at from inquiries where reference = ?').bind(refs.pending).first<{ due_at: number }>())!.due_at;
    expect(rowOf(refs.pending)).toContain(formatDate(shanghaiDate(due)));
  });

  it('the other booker sees only theirs; the JSON API gives the same list', async () => {
    const html = await trackPage(theirs);
    expect(html).toContain(refs.other);
    for (const r of [refs.answered, refs.overdue, refs.pending]) expect(html).not.toContain(r);
    const res = await postJson('/api/appointments/track', { reference: mine.reference, accessCode: mine.accessCode });
    expect(res.status).toBe(200);
    const json = (await res.json()) as { matters: { reference: string; state: string; section: string }[] };
    expect(json.matters.map((m) => [m.reference, m.state])).toEqual([
      [refs.overdue, 'overdue'],
      [refs.answered, 'answered'],
      [refs.pending, 'pending'],
    ]);
  });
});
