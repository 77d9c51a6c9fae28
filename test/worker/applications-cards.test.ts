// Deadlines and the card rules (预警纠错), each at its boundary and the day before, and the sweep
// that raises them: idempotent, in resumable slices, naming the B holder when A is away.
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cardFindings, nextCheck, replay, type ApplicationEventType, type StoredEvent } from '../../schema/application.ts';
import { absences } from '../../schema/db/appointments.ts';
import { applicationCardEvents, applicationCards, applications } from '../../schema/db/applications.ts';
import { calendar, catalogue } from '../../worker/lib/catalogue.ts';
import { recordEvents, sweepCards } from '../../worker/services/applications.ts';
import { db } from './applications-helpers.ts';

// maintenance-fund-use: committed 5 working days, steps of 0, 1, 3, 1 days, free of charge.
// November 2026 has no holidays: accepted Monday 11-02 → steps due 11-02, 11-03, 11-06, 11-09; total 11-09.
const service = catalogue.services.find((s) => s.id === 'maintenance-fund-use')!;
let seq = 0;
const ev = (type: ApplicationEventType, day: string, data: Record<string, unknown> = {}): StoredEvent =>
  ({ type, occurredAt: Date.parse(`${day}T09:00:00+08:00`), recordedAt: seq, seq: seq++, data }) as StoredEvent;
const receivedOn = (day: string) => ev('received', day, { service: service.id, channel: 'window' });
const rules = (events: StoredEvent[], today: string) => {
  const r = replay(catalogue, calendar, events, today);
  if (!r.ok) throw new Error(r.reason);
  return cardFindings(r.projection, service, calendar, today).map((f) => f.rule).sort();
};
const accepted = [receivedOn('2026-11-02'), ev('accepted', '2026-11-02')];

describe('deadlines', () => {
  it('counts the committed and statutory limits from acceptance, and lengthens them by a clock stop and an extension', () => {
    const base = replay(catalogue, calendar, accepted, '2026-11-02');
    expect(base.ok && base.projection.dueBy).toEqual({ date: '2026-11-09', provisional: false });
    expect(base.ok && base.projection.statutoryBy?.date).toBe('2026-11-16');
    expect(base.ok && base.projection.acceptBy.date).toBe('2026-11-09');
    // A stop from Tuesday to Thursday: 2 working days (Wednesday, Thursday) do not count.
    const stopped = replay(catalogue, calendar, [...accepted, ev('stop-started', '2026-11-03', { kind: 'testing' }), ev('stop-ended', '2026-11-05')], '2026-11-05');
    expect(stopped.ok && stopped.projection.dueBy?.date).toBe('2026-11-11');
    const extended = replay(catalogue, calendar, [...accepted, ev('extended', '2026-11-04', { days: 3, reason: '需要现场核查', approvedBy: 'li-min' })], '2026-11-04');
    expect(extended.ok && extended.projection.dueBy?.date).toBe('2026-11-12');
  });

  it('marks a deadline past the calendar on file as provisional', () => {
    const late = replay(catalogue, calendar, [receivedOn('2026-12-28'), ev('accepted', '2026-12-28')], '2026-12-28');
    expect(late.ok && late.projection.dueBy?.provisional).toBe(true);
  });

  it('refuses a history where the clock is stopped twice or a step is done twice', () => {
    expect(replay(catalogue, calendar, [...accepted, ev('stop-started', '2026-11-03', { kind: 'hearing' }), ev('stop-started', '2026-11-04', { kind: 'hearing' })], '2026-11-05').ok).toBe(false);
    expect(replay(catalogue, calendar, [...accepted, ev('step-done', '2026-11-03', { step: 1 }), ev('step-done', '2026-11-04', { step: 1 })], '2026-11-05').ok).toBe(false);
  });
});

describe('card rules at and just before each boundary', () => {
  it('red acceptance-late: not on the last day for deciding, on the day after', () => {
    expect(rules([receivedOn('2026-11-02')], '2026-11-09')).toEqual([]);
    expect(rules([receivedOn('2026-11-02')], '2026-11-10')).toEqual(['acceptance-late']);
    // Decided on the last day: no card, even later.
    expect(rules([receivedOn('2026-11-02'), ev('not-accepted', '2026-11-09', { reason: '不属于本机关职权', basis: '《行政许可法》第三十二条' })], '2026-11-20')).toEqual([]);
  });

  it('yellow step-overdue: not on the step’s last day, on the day after, while the total is still within the commitment', () => {
    expect(rules(accepted, '2026-11-02')).toEqual([]);
    expect(rules(accepted, '2026-11-03')).toEqual(['step-overdue']);
    // Step 0 done on time: step 1 is due 11-03, so 11-03 is clean.
    expect(rules([...accepted, ev('step-done', '2026-11-02', { step: 0 })], '2026-11-03')).toEqual([]);
  });

  it('yellow due-soon: not two working days before the due date, on the working day before it', () => {
    const steps = [...accepted, ev('step-done', '2026-11-02', { step: 0 }), ev('step-done', '2026-11-03', { step: 1 }), ev('step-done', '2026-11-05', { step: 2 })];
    expect(rules(steps, '2026-11-05')).toEqual([]);
    expect(rules(steps, '2026-11-06')).toEqual(['due-soon']);
    expect(rules(steps, '2026-11-09')).toEqual(['due-soon']);
  });

  it('red overdue: not on the due date, on the day after; and for a conclusion after the due date', () => {
    const steps = [...accepted, ev('step-done', '2026-11-02', { step: 0 }), ev('step-done', '2026-11-03', { step: 1 }), ev('step-done', '2026-11-05', { step: 2 })];
    expect(rules(steps, '2026-11-09')).not.toContain('overdue');
    expect(rules(steps, '2026-11-10')).toContain('overdue');
    expect(rules([...steps, ev('concluded', '2026-11-09', { outcome: 'approved' })], '2026-11-20')).toEqual([]);
    expect(rules([...steps, ev('concluded', '2026-11-10', { outcome: 'approved' })], '2026-11-20')).toEqual(['overdue']);
  });

  it('no card runs while the clock is stopped', () => {
    expect(rules([...accepted, ev('stop-started', '2026-11-02', { kind: 'expert-review' })], '2026-11-20')).toEqual([]);
  });

  it('red refusal-without-basis: a 不予受理 or refusal missing its reason or its basis; none with both', () => {
    expect(rules([receivedOn('2026-11-02'), ev('not-accepted', '2026-11-03', { reason: '材料不符合要求' })], '2026-11-03')).toEqual(['refusal-without-basis']);
    expect(rules([receivedOn('2026-11-02'), ev('not-accepted', '2026-11-03', { basis: '《行政许可法》第三十二条' })], '2026-11-03')).toEqual(['refusal-without-basis']);
    expect(rules([...accepted, ev('concluded', '2026-11-04', { outcome: 'refused' })], '2026-11-04')).toEqual(['refusal-without-basis']);
    expect(rules([...accepted, ev('concluded', '2026-11-04', { outcome: 'refused', reason: '不符合使用条件', basis: '《住宅专项维修资金管理办法》第二十二条' })], '2026-11-04')).toEqual([]);
  });

  it('red fee-excess: any fee on a free service; nothing for 0 元', () => {
    expect(rules([...accepted, ev('fee-charged', '2026-11-02', { item: '工本费', amountYuan: 10 })], '2026-11-02')).toEqual(['fee-excess']);
    expect(rules([...accepted, ev('fee-charged', '2026-11-02', { item: '工本费', amountYuan: 0 })], '2026-11-02')).toEqual([]);
  });

  it('names the next day a rule can fire, so the sweep reads only those applications', () => {
    const r = replay(catalogue, calendar, [...accepted, ev('step-done', '2026-11-02', { step: 0 }), ev('step-done', '2026-11-03', { step: 1 })], '2026-11-03');
    if (!r.ok) throw new Error(r.reason);
    // Step 2 is due 11-06 (yellow from 11-07) but due-soon starts 11-06.
    expect(nextCheck(r.projection, calendar, '2026-11-03')).toBe('2026-11-06');
    const done = replay(catalogue, calendar, [...accepted, ev('concluded', '2026-11-04', { outcome: 'approved' })], '2026-11-04');
    expect(done.ok && nextCheck(done.projection, calendar, '2026-11-04')).toBe(null);
  });
});

describe('the card sweep', () => {
  const at = (day: string) => Date.parse(`${day}T10:00:00+08:00`);
  async function seedApplications(count: number, prefix: string) {
    const events = [];
    for (let i = 0; i < count; i++) {
      const number = `${prefix}-${String(i).padStart(5, '0')}`;
      events.push(
        { id: `${number}-r`, application: number, type: 'received', occurredAt: '2026-11-02T09:00:00+08:00', data: { service: service.id, channel: 'window', applicant: { kind: 'person', name: '测试' } } },
        { id: `${number}-a`, application: number, type: 'accepted', occurredAt: '2026-11-02T10:00:00+08:00', data: {} },
      );
    }
    const out = await recordEvents(env, db(), 'console:test', null, events, at('2026-11-02'));
    expect(out.every((o) => o.status === 'accepted')).toBe(true);
  }

  it('raises each card once, in slices that resume where they stopped, and names B when A is recorded away that day', async () => {
    await seedApplications(5, 'SW');
    const post = catalogue.posts.find((p) => p.id === service.responsiblePost)!;
    await db().insert(absences).values({ staffId: post.holderA, fromDate: '2026-11-03', toDate: '2026-11-03', kind: 'leave', recordedBy: 'test', recordedAt: at('2026-11-02') });

    // A slice of 2, at most 1 slice: stops with more to do.
    const first = await sweepCards(env, db(), at('2026-11-03'), { slice: 2, maxSlices: 1 });
    expect(first).toMatchObject({ checked: 2, cards: 2, more: true });
    const rest = await sweepCards(env, db(), at('2026-11-03'), { slice: 2, maxSlices: 10 });
    expect(rest).toMatchObject({ checked: 3, cards: 3, more: false });
    const cards = await db().select().from(applicationCards).all();
    expect(cards).toHaveLength(5);
    expect(cards.every((c) => c.rule === 'step-overdue' && c.colour === 'yellow' && c.holder === post.holderB && c.via === 'b')).toBe(true);
    expect(await db().$count(applicationCardEvents)).toBe(5);

    // Nothing is due again the same day: a second run reads nothing and raises nothing.
    expect(await sweepCards(env, db(), at('2026-11-03'))).toMatchObject({ checked: 0, cards: 0 });
    // Each row waits for its next day (due-soon on 11-06), not read before.
    const row = await db().select().from(applications).where(eq(applications.number, 'SW-00000')).get();
    expect(row!.nextCheck).toBe('2026-11-06');
    expect(await sweepCards(env, db(), at('2026-11-05'))).toMatchObject({ checked: 0 });
    const overdue = await sweepCards(env, db(), at('2026-11-10'));
    expect(overdue.checked).toBe(5);
    const reds = await db().select().from(applicationCards).where(eq(applicationCards.colour, 'red')).all();
    expect(reds.map((c) => c.rule)).toEqual(Array(5).fill('overdue'));
    expect(reds.every((c) => c.holder === post.holderA && c.via === 'a')).toBe(true);
  });
});
