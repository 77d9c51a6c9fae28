// The database path of the monthly bulletin: facts gathered from real D1 rows by the worker's own
// queries give the same bulletin as the pure computation; publishing freezes it; corrections are
// new versions; no personal data reaches any output.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { bulletinData } from '../../schema/bulletin/document.ts';
import { bulletinsSeedSql } from '../../worker/cli/seed/bulletins-sql.ts';
import { demoDates, demoPublications } from '../../worker/cli/seed/bulletins-data.ts';
import { computeMonth, publishBulletin } from '../../worker/services/bulletin-month.ts';
import { APPOINTMENTS_SQL, CASES_SQL, EVENTS_SQL, gatherAppointmentFacts, gatherCaseFacts, monthBounds, versionsOf } from '../../worker/services/bulletins.ts';
import { runInBatches } from './bulletin-helpers.ts';

const run = runInBatches;

const AFTER = Date.parse('2026-11-21T12:00:00+08:00');
// The demo's history as generated on 14 November 2026 (August–October 2026): these tests pass
// their instants explicitly, so they need a history fixed in time, whatever the run's clock.
const DEMO = demoDates(Date.parse('2026-11-14T12:00:00+08:00'));
const DEMO_MONTHS = DEMO.months;

beforeAll(async () => {
  await run(await bulletinsSeedSql(env.PII_KEY, DEMO));
});

describe('bulletin facts from D1', () => {
  it('computes from the seeded rows exactly what the seed published (latest version of each month)', async () => {
    const published = demoPublications(undefined, DEMO);
    for (const month of DEMO_MONTHS) {
      const latest = published.filter((p) => p.month === month).at(-1)!;
      expect(await computeMonth(env.DB, month), month).toEqual(latest.data);
    }
  });

  it('stores what the seed published, and it passes the published schema', async () => {
    const versions = await versionsOf(env.DB, '2026-09');
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[1].note).toContain('更正');
    expect(versions[1].data.overall.received).toBeGreaterThan(versions[0].data.overall.received);
    for (const v of versions) expect(bulletinData.safeParse(v.data).success).toBe(true);
  });

  it('reads no sealed personal data: every fact is a date, a code or a department id', async () => {
    const facts = await gatherCaseFacts(env.DB, '2026-10');
    expect(facts.length).toBeGreaterThan(80);
    expect(JSON.stringify(facts)).not.toMatch(/v1\.[A-Za-z0-9_-]{10,}/);
  });
});

describe('per-month queries', () => {
  it.each([
    ['cases', CASES_SQL],
    ['events', EVENTS_SQL],
  ])('the %s query reads complaints and events only through indexes, never a scan of the history', async (_name, sql) => {
    const { start, end } = monthBounds('2026-10');
    const { results } = await env.DB.prepare(`explain query plan ${sql}`).bind(start, end).all<{ detail: string }>();
    const plan = results.map((r) => r.detail);
    expect(plan.some((l) => /complaints_received_idx/.test(l))).toBe(true);
    expect(plan.some((l) => /complaint_events_type_at_idx/.test(l))).toBe(true);
    expect(plan.some((l) => /complaints_stage_due_idx/.test(l))).toBe(true);
    expect(plan.filter((l) => /^SCAN (complaints|complaint_events|c|e|f)\b/.test(l))).toEqual([]);
  });
});

describe('appointment measures from D1', () => {
  it('counts requests, first contact within the limit and reception-day bookings of the month only', async () => {
    const at = (d: string, h = 10) => Date.parse(`${d}T${String(h).padStart(2, '0')}:00:00+08:00`);
    // [kind, requested, contact by, first contact event (type, date) or none]
    const rows: [string, string, string, [string, string] | null][] = [
      ['ordinary', '2026-07-01', '2026-07-03', ['contacted', '2026-07-02']], // in time
      ['ordinary', '2026-07-06', '2026-07-08', ['scheduled', '2026-07-08']], // in time, on the last day, recorded as scheduled
      ['ordinary', '2026-07-09', '2026-07-10', ['contacted', '2026-07-13']], // late
      ['ordinary', '2026-07-31', '2026-08-04', null], // not yet contacted
      ['reception', '2026-07-15', '2026-07-17', null], // reception day
      ['ordinary', '2026-06-30', '2026-07-02', ['contacted', '2026-07-01']], // June: not counted
      ['ordinary', '2026-08-01', '2026-08-04', ['contacted', '2026-08-03']], // August: not counted
    ];
    for (const [i, [kind, requested, contactBy, contact]] of rows.entries()) {
      const id = (
        await env.DB.prepare(
          `insert into appointments (reference, access_hash, kind, department, post, assignee, routed_via, date, slot_start, slot_end, status, personal, requested_at, contact_by)
           values (?, 'h', ?, 'approval-section', 'p', 's', 'a', ?, '09:00', '10:00', 'requested', 'v1.x.y', ?, ?) returning id`,
        )
          .bind(`YY-2607-TEST0${i}`, kind, contactBy, at(requested), contactBy)
          .first<{ id: number }>()
      )!.id;
      await env.DB.prepare("insert into appointment_events (appointment_id, at, actor, type, public, data) values (?, ?, 'citizen', 'requested', 1, '{}')").bind(id, at(requested)).run();
      if (contact) await env.DB.prepare("insert into appointment_events (appointment_id, at, actor, type, public, data) values (?, ?, 's', ?, 1, '{}')").bind(id, at(contact[1], 15), contact[0]).run();
    }
    const facts = await gatherAppointmentFacts(env.DB, '2026-07');
    expect(facts).toHaveLength(5);
    const july = await computeMonth(env.DB, '2026-07');
    expect(july.overall.appointmentsRequested).toBe(4);
    expect(july.overall.receptionBookings).toBe(1);
    // 2 of 4 contacted in time; n < 10, so the rate is not published.
    expect(july.overall.appointmentsContactedInTime).toEqual({ percent: null, n: 4 });
    expect(facts.filter((f) => !f.receptionDay && f.contactedOn !== undefined && f.contactedOn <= f.contactDueBy)).toHaveLength(2);
    const { results } = await env.DB.prepare(`explain query plan ${APPOINTMENTS_SQL}`).bind(1, 2).all<{ detail: string }>();
    expect(results.map((r) => r.detail).join('\n')).toMatch(/appointments_requested_idx/);
  });
});

describe('publishing', () => {
  it('refuses a month that has not ended yet', async () => {
    expect((await publishBulletin(env.DB, '2026-11', { by: '1', expectedVersion: 1 }, AFTER)).kind).toBe('not-ended');
  });

  it('freezes the bulletin: a later change to a case does not move it, and the row cannot be updated or deleted', async () => {
    const before = (await versionsOf(env.DB, '2026-10')).at(-1)!;
    // A case received in October is moved to another department, as a later correction of the case file might do.
    await env.DB.prepare("update complaints set department = 'efficiency-office' where id = (select id from complaints where received_at between ? and ? and department <> 'efficiency-office' order by id limit 1)")
      .bind(Date.parse('2026-10-01T00:00:00+08:00'), Date.parse('2026-10-31T00:00:00+08:00'))
      .run();
    expect(await computeMonth(env.DB, '2026-10')).not.toEqual(before.data);
    expect((await versionsOf(env.DB, '2026-10')).at(-1)!.data).toEqual(before.data);
    await expect(env.DB.prepare("update bulletins set data = '{}' where month = '2026-10'").run()).rejects.toThrow(/frozen/);
    await expect(env.DB.prepare("delete from bulletins where month = '2026-10'").run()).rejects.toThrow(/frozen/);
  });

  it('publishes a correction only as the next version with a note, and keeps the old version readable', async () => {
    expect((await publishBulletin(env.DB, '2026-10', { by: '1', expectedVersion: 2 }, AFTER)).kind).toBe('note-required');
    expect((await publishBulletin(env.DB, '2026-10', { by: '1', expectedVersion: 2, note: '   ' }, AFTER)).kind).toBe('note-required');
    expect(await publishBulletin(env.DB, '2026-10', { by: '1', expectedVersion: 1 }, AFTER)).toEqual({ kind: 'conflict', latest: 1 });
    const corrected = await publishBulletin(env.DB, '2026-10', { by: '1', expectedVersion: 2, note: '更正：一件案件的收到日期登记有误，已改正。' }, AFTER);
    expect(corrected.kind).toBe('published');
    const versions = await versionsOf(env.DB, '2026-10');
    expect(versions.map((v) => [v.version, v.note])).toEqual([
      [1, null],
      [2, '更正：一件案件的收到日期登记有误，已改正。'],
    ]);
    expect(versions[1].data).toEqual(await computeMonth(env.DB, '2026-10'));
    expect(versions[0].data).not.toEqual(versions[1].data);
    // Two supervisors at once: the second gets a conflict, not a duplicate version.
    expect((await publishBulletin(env.DB, '2026-10', { by: '2', expectedVersion: 2, note: '重复' }, AFTER)).kind).toBe('conflict');
  });

  it('refuses a correction without a note even when written straight to the table', async () => {
    await expect(
      env.DB.prepare("insert into bulletins (month, version, published_at, published_by, note, data) values ('2026-08', 2, 1, 'x', null, '{}')").run(),
    ).rejects.toThrow(/note/);
  });
});
