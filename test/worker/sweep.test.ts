import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, deadline } from '../../schema/workdays.ts';
import worker from '../../worker/index.ts';
import { calendar } from '../../worker/lib/catalogue.ts';
import { act, getCase } from '../../worker/services/cases.ts';
import { sweep } from '../../worker/sweep.ts';
import type { Staff } from '../../worker/env.ts';

/** 10:00 in Asia/Shanghai on a date. */
const at = (date: string, hour = 10) => Date.parse(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`);

const intake: Staff = { accountId: 1, username: 'sweep-intake', name: '测试', role: 'intake', department: 'efficiency-office', staffId: 'li-min' };

let n = 0;
async function insertCase(fields: { stage?: string; dueBy: string; provisional?: boolean; receivedOn?: string; stageDueBy?: string; dueFrom?: string; dueDays?: number }) {
  n++;
  const received = at(fields.receivedOn ?? '2026-09-01');
  const row = await env.DB.prepare(
    `insert into complaints (reference, access_hash, department, category, occurred_on, anonymous, personal, received_at, acknowledge_by, due_by, due_by_provisional, stage)
     values (?, 'x', 'real-estate', 'overdue', '2026-08-30', 1, 'v1.x.y', ?, ?, ?, ?, ?) returning id`,
  )
    .bind(`XN-2609-SWEEP${String.fromCharCode(64 + n)}`, received, fields.dueBy, fields.dueBy, fields.provisional ? 1 : 0, fields.stage ?? 'reception')
    .first<{ id: number }>();
  if (fields.stageDueBy || fields.dueFrom) {
    await env.DB.prepare('insert into case_files (complaint_id, stage_due_by, due_from, due_days) values (?, ?, ?, ?)')
      .bind(row!.id, fields.stageDueBy ?? null, fields.dueFrom ?? null, fields.dueDays ?? null)
      .run();
  }
  return row!.id;
}

async function state(id: number) {
  return env.DB.prepare('select c.due_by, c.due_by_provisional, f.deadline_state from complaints c left join case_files f on f.complaint_id = c.id where c.id = ?')
    .bind(id)
    .first<{ due_by: string; due_by_provisional: number; deadline_state: string }>();
}

async function overdueEvents(id: number) {
  return (await env.DB.prepare("select count(*) as n from complaint_events where complaint_id = ? and type = 'overdue'").bind(id).first<{ n: number }>())!.n;
}

describe('deadlines in working days on the official calendar', () => {
  it('skips the National Day holiday and counts the make-up Saturday (2026-10-10) as a working day', () => {
    // From Tue 29 Sep: 30 Sep (1), 1–7 Oct off, 8 Oct (2), 9 Oct (3), Sat 10 Oct make-up day (4), Sun off, 12 Oct (5).
    expect(addWorkingDays(calendar, '2026-09-29', 3)).toBe('2026-10-09');
    expect(addWorkingDays(calendar, '2026-09-29', 4)).toBe('2026-10-10');
    expect(addWorkingDays(calendar, '2026-09-29', 5)).toBe('2026-10-12');
    expect(deadline(calendar, '2026-09-29', 5)).toEqual({ date: '2026-10-12', provisional: false });
  });

  it('marks a deadline that runs past the calendar on file as provisional', () => {
    const d = deadline(calendar, '2026-12-20', 30);
    expect(d.provisional).toBe(true);
    expect(d.date > '2026-12-31').toBe(true);
  });

  it('an acceptance on 29 Sep gives the conclusion deadline 30 working days later on the calendar, and the registration limit across the holiday', async () => {
    const id = await insertCase({ dueBy: '2026-10-12' });
    expect((await act(env, intake, id, 'accept', { version: 1 }, at('2026-09-29'))).kind).toBe('done');
    const row = (await getCase(env, intake, id, at('2026-09-29')))!;
    expect(row.dueBy).toBe(addWorkingDays(calendar, '2026-09-29', 30));
    expect(row.dueByProvisional).toBe(false);
    // 2 working days for registration: 30 Sep, then 8 Oct after the holiday.
    expect(row.stageDueBy).toBe('2026-10-08');
  });
});

describe('the daily sweep', () => {
  it('runs from the Cron Trigger: marks due-soon and overdue cases, once', async () => {
    const now = at('2026-11-16', 1); // Monday 01:00 in Shanghai
    const overdue = await insertCase({ dueBy: '2026-11-13' });
    const dueToday = await insertCase({ dueBy: '2026-11-16' });
    const dueSoon = await insertCase({ dueBy: '2026-11-18' }); // 2 working days ahead: still due soon
    const later = await insertCase({ dueBy: '2026-11-19' }); // 3 working days ahead: on time
    const stageLate = await insertCase({ stage: 'registration', dueBy: '2026-12-30', stageDueBy: '2026-11-12' });
    const concluded = await insertCase({ stage: 'conclusion', dueBy: '2026-01-05' });

    const ctx = createExecutionContext();
    worker.scheduled!({ scheduledTime: now, cron: '0 17 * * *', noRetry() {} } as ScheduledController, env, ctx);
    await waitOnExecutionContext(ctx);

    expect((await state(overdue))!.deadline_state).toBe('overdue');
    expect((await state(dueToday))!.deadline_state).toBe('due-soon');
    expect((await state(dueSoon))!.deadline_state).toBe('due-soon');
    expect((await state(later))!.deadline_state).toBe('on-time');
    expect((await state(stageLate))!.deadline_state).toBe('overdue');
    expect((await state(concluded))!.deadline_state ?? 'none').toBe('none');
    expect(await overdueEvents(overdue)).toBe(1);
    expect(await overdueEvents(stageLate)).toBe(1);
    expect(await overdueEvents(dueSoon)).toBe(0);

    // The next night it stays overdue, but the event is not recorded again.
    await sweep(env, now + 86_400_000);
    expect(await overdueEvents(overdue)).toBe(1);
    // The day after the due-soon case's date it is overdue, and gets its one event.
    await sweep(env, at('2026-11-19', 1));
    expect((await state(dueSoon))!.deadline_state).toBe('overdue');
    expect(await overdueEvents(dueSoon)).toBe(1);
  });

  it('recomputes a provisional deadline once the calendar covers it', async () => {
    // Written when the calendar lacked 2026: Mon–Fri estimate 2 Oct; on the calendar it is 9 Oct.
    const id = await insertCase({ stage: 'handling', dueBy: '2026-10-02', provisional: true, dueFrom: '2026-09-29', dueDays: 3 });
    const report = await sweep(env, at('2026-09-30', 1));
    expect(report.recomputed).toBeGreaterThanOrEqual(1);
    const s = (await state(id))!;
    expect(s.due_by).toBe('2026-10-09');
    expect(s.due_by_provisional).toBe(0);
    const event = await env.DB.prepare("select data from complaint_events where complaint_id = ? and type = 'deadline-recomputed'").bind(id).first<{ data: string }>();
    expect(JSON.parse(event!.data)).toEqual({ from: '2026-10-02', to: '2026-10-09' });
  });

  it('leaves a provisional deadline alone while its year is still missing from the calendar', async () => {
    const id = await insertCase({ stage: 'handling', dueBy: '2027-01-20', provisional: true, dueFrom: '2026-12-20', dueDays: 20 });
    await sweep(env, at('2026-12-21', 1));
    const s = (await state(id))!;
    expect(s.due_by).toBe('2027-01-20');
    expect(s.due_by_provisional).toBe(1);
  });

  it('deletes expired sessions', async () => {
    await env.DB.prepare("insert into staff_accounts (username, display_name, role, password_hash) values ('sweep-s', 's', 'intake', 'x')").run();
    const acc = await env.DB.prepare("select id from staff_accounts where username = 'sweep-s'").first<{ id: number }>();
    await env.DB.prepare("insert into sessions (id, account_id, csrf, created_at, expires_at, last_seen_at) values ('old', ?, 'c', 0, 1, 0), ('new', ?, 'c', 0, 9999999999999, 0)").bind(acc!.id, acc!.id).run();
    await sweep(env, at('2026-11-20', 1));
    const { results } = await env.DB.prepare('select id from sessions where account_id = ?').bind(acc!.id).all<{ id: string }>();
    expect(results.map((r) => r.id)).toEqual(['new']);
  });
});
