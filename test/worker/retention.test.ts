import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { open, seal } from '../../worker/lib/crypto.ts';
import { cutoff, IDEMPOTENCY_DAYS, purge, PURGED_TEXT, REDACTED, type PurgedPersonal } from '../../worker/lib/retention.ts';
import { d1Port } from '../../worker/lib/sql-port.ts';
import { catalogue, postJson, validComplaint } from './helpers.ts';
import { now as clockNow } from '../../schema/clock.ts';

const port = d1Port(env.DB);
const NOW = clockNow();
const YEAR = 365 * 86_400_000;
const years = catalogue.office.retentionYears;

interface Case {
  id: number;
  reference: string;
  accessCode: string;
  marker: string;
}
const old: Case[] = [];
const recent: Case[] = [];
const open_: Case[] = [];

async function file(marker: string): Promise<Case> {
  const res = await postJson('/api/complaints', validComplaint({ name: `保留${marker}`, phone: `1370000${marker.slice(-4)}`, email: `keep.${marker}@example.com`, description: `描述里写着标记 ${marker}，请核查窗口工作人员的办理时限。` }), {
    'Idempotency-Key': `retention-${marker}`,
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { reference: string; accessCode: string };
  const id = (await env.DB.prepare('select id from complaints where reference = ?').bind(body.reference).first<{ id: number }>())!.id;
  return { id, ...body, marker };
}

async function conclude(c: Case, at: number, stage: 'conclusion' | 'archive') {
  await env.DB.prepare('update complaints set stage = ?, concluded_at = ? where id = ?').bind(stage, at, c.id).run();
  await env.DB.prepare("insert into complaint_events (complaint_id, at, actor, type, public, data) values (?, ?, 'staff-demo', 'concluded', 1, ?)")
    .bind(c.id, at, JSON.stringify({ finding: 'substantiated' }))
    .run();
}

/** The anonymous facts the counts and bulletins are made of. */
async function anonymousFacts() {
  return (
    await env.DB.prepare(
      `select department, category, stage, channel, anonymous, occurred_on, received_at, acknowledge_by, due_by, concluded_at, count(*) as n
       from complaints group by department, category, stage, channel, anonymous, occurred_on, received_at, acknowledge_by, due_by, concluded_at order by received_at, department`,
    ).all()
  ).results;
}

beforeAll(async () => {
  for (let i = 0; i < 4; i++) old.push(await file(`OLD${1000 + i}`));
  for (let i = 0; i < 2; i++) recent.push(await file(`NEW${2000 + i}`));
  open_.push(await file(`OPN${3000}`));
  await conclude(old[0], NOW - (years + 1) * YEAR, 'archive');
  await conclude(old[1], NOW - (years + 2) * YEAR, 'conclusion');
  // Just past the cutoff, counted in calendar years (leap days included).
  await conclude(old[2], NOW - (years * 366 + 2) * 86_400_000, 'archive');
  // Declined long ago: archived straight from reception, never concluded.
  await env.DB.prepare("update complaints set stage = 'archive', updated_at = ? where id = ?").bind(NOW - (years + 1) * YEAR, old[3].id).run();
  await conclude(recent[0], NOW - (years - 1) * YEAR, 'archive');
  await conclude(recent[1], NOW - 86_400_000, 'conclusion');
  // The citizen's own words inside the history, sealed as the worker seals them.
  for (const c of [old[0], recent[0]]) {
    await addEvent(c.id, 'rated', { level: 'dissatisfied', comment: await seal(env.PII_KEY, `评价 ${c.marker}`) });
    await addEvent(c.id, 'review-requested', { reason: await seal(env.PII_KEY, `复核理由 ${c.marker}`) });
  }
});

async function addEvent(id: number, type: string, data: Record<string, unknown>) {
  await env.DB.prepare("insert into complaint_events (complaint_id, at, actor, type, public, data) values (?, ?, 'citizen', ?, 1, ?)").bind(id, NOW - (years + 1) * YEAR + 1000, type, JSON.stringify(data)).run();
}

const eventsOf = async (id: number) => (await env.DB.prepare('select * from complaint_events where complaint_id = ? order by id').bind(id).all<Record<string, unknown> & { data: string }>()).results;

describe(`retention: personal data of cases concluded more than ${years} years ago`, () => {
  it('reads the retention period from content/office.yaml', () => {
    expect(years).toBe(3);
    expect(new Date(cutoff(Date.UTC(2026, 10, 21), 3)).toISOString()).toBe('2023-11-21T00:00:00.000Z');
    expect(() => cutoff(NOW, 0)).toThrow(/at least 1/);
  });

  it('a dry run counts and changes nothing', async () => {
    const before = (await env.DB.prepare('select personal from complaints order by id').all()).results;
    const report = await purge(port, env.PII_KEY, years, { now: NOW, dryRun: true });
    expect(report.targets.find((t) => t.table === 'complaints')).toMatchObject({ purged: 4, alreadyPurged: 0, idempotencyDeleted: 4 });
    expect((await env.DB.prepare('select personal from complaints order by id').all()).results).toEqual(before);
  });

  it('removes the personal data of old concluded cases only, keeping every anonymous fact and the history', async () => {
    const factsBefore = await anonymousFacts();
    const eventsBefore = (await env.DB.prepare('select * from complaint_events where complaint_id <> ? order by id').bind(old[0].id).all()).results;
    const oldEventsBefore = await eventsOf(old[0].id);
    const bulletinsBefore = (await env.DB.prepare('select * from bulletins order by id').all()).results;

    const report = await purge(port, env.PII_KEY, years, { now: NOW, batchSize: 2 });
    expect(report.targets.find((t) => t.table === 'complaints')).toMatchObject({ purged: 4, alreadyPurged: 0, idempotencyDeleted: 4 });

    for (const c of old) {
      const row = (await env.DB.prepare('select personal from complaints where id = ?').bind(c.id).first<{ personal: string }>())!;
      const personal = await open<PurgedPersonal & Record<string, unknown>>(env.PII_KEY, row.personal);
      expect(personal.purgedOn).toBe(new Date(NOW).toISOString().slice(0, 10));
      expect(personal.description).toBe(PURGED_TEXT);
      expect(JSON.stringify(personal)).not.toContain(c.marker);
      expect(personal.name).toBeUndefined();
      expect(personal.phone).toBeUndefined();
      expect(personal.email).toBeUndefined();
    }
    for (const c of [...recent, ...open_]) {
      const row = (await env.DB.prepare('select personal from complaints where id = ?').bind(c.id).first<{ personal: string }>())!;
      expect(JSON.stringify(await open(env.PII_KEY, row.personal))).toContain(c.marker);
    }
    const keys = (await env.DB.prepare('select complaint_id from idempotency_keys order by complaint_id').all<{ complaint_id: number }>()).results.map((r) => r.complaint_id);
    expect(keys).toEqual([...recent, ...open_].map((c) => c.id));

    expect(await anonymousFacts()).toEqual(factsBefore);
    // The history: untouched, except the purged case's sealed words, erased in place.
    expect((await env.DB.prepare('select * from complaint_events where complaint_id <> ? order by id').bind(old[0].id).all()).results).toEqual(eventsBefore);
    const oldEventsAfter = await eventsOf(old[0].id);
    expect(oldEventsAfter.map(({ data, ...rest }) => rest)).toEqual(oldEventsBefore.map(({ data, ...rest }) => rest));
    const byType = Object.fromEntries(oldEventsAfter.map((e) => [e.type, JSON.parse(e.data)]));
    expect(byType.rated).toEqual({ level: 'dissatisfied', comment: REDACTED, redactedOn: new Date(NOW).toISOString().slice(0, 10) });
    expect(byType['review-requested']).toEqual({ reason: REDACTED, redactedOn: new Date(NOW).toISOString().slice(0, 10) });
    expect(byType.concluded).toEqual({ finding: 'substantiated' });
    expect(report.targets.find((t) => t.table === 'complaints')!.eventsRedacted).toBe(2);
    expect((await env.DB.prepare('select * from bulletins order by id').all()).results).toEqual(bulletinsBefore);
  });

  it('the event history holds no plaintext personal data to begin with', async () => {
    const events = JSON.stringify((await env.DB.prepare('select * from complaint_events').all()).results);
    for (const c of [...old, ...recent, ...open_]) {
      expect(events).not.toContain(c.marker);
      expect(events).not.toContain(`1370000${c.marker.slice(-4)}`);
    }
  });

  it('the history stays append-only: only erasing sealed values, once, gets past its trigger', async () => {
    const [rated] = (await eventsOf(recent[0].id)).filter((e) => e.type === 'rated');
    const data = JSON.parse(rated.data) as Record<string, string>;
    const update = (next: unknown, extra = '') => env.DB.prepare(`update complaint_events set data = ?${extra} where id = ?`).bind(JSON.stringify(next), rated.id).run();
    const day = '2026-11-21';
    const refused = [
      update({ ...data, comment: 'v1.AAAAAAAAAAAAAAAA.rewritten' , redactedOn: day }), // rewriting a sealed value
      update({ ...data, level: 'satisfied', comment: REDACTED, redactedOn: day }), // changing a fact while erasing
      update({ comment: REDACTED, redactedOn: day }), // dropping a key
      update({ ...data, comment: REDACTED, note: 'x', redactedOn: day }), // adding a key
      update({ ...data, comment: REDACTED }), // erasing without saying when
      update({ ...data, level: REDACTED, redactedOn: day }), // erasing a value that is not sealed
      update({ ...data, comment: REDACTED, redactedOn: day }, ", type = 'concluded'"), // another column
      env.DB.prepare('delete from complaint_events where id = ?').bind(rated.id).run(),
    ];
    for (const [i, attempt] of refused.entries()) await expect(attempt, `attempt ${i}`).rejects.toThrow(/append-only/);
    await update({ ...data, comment: REDACTED, redactedOn: day });
    await expect(update({ ...data, comment: REDACTED, redactedOn: '2027-01-01' })).rejects.toThrow(/append-only/);
  });

  it('is idempotent: a second run purges nothing more', async () => {
    const report = await purge(port, env.PII_KEY, years, { now: NOW });
    expect(report.targets.find((t) => t.table === 'complaints')).toMatchObject({ purged: 0, alreadyPurged: 4, idempotencyDeleted: 0 });
  });

  it('tracking a purged case still shows its progress, and no personal data', async () => {
    const c = old[0];
    const res = await postJson('/api/track', { reference: c.reference, accessCode: c.accessCode });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(c.marker);
    const body = JSON.parse(text) as { status: string; submitted: Record<string, unknown> };
    expect(body.status).toBe('archive');
    expect(body.submitted.description).toBe(PURGED_TEXT);
    expect(body.submitted.name).toBeUndefined();
    const page = await exports.default.fetch('http://portal.test/track/', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'CF-Connecting-IP': '203.0.113.77' },
      body: new URLSearchParams({ reference: c.reference, accessCode: c.accessCode }).toString(),
    });
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain(c.marker);
  });

  it(`deletes idempotency responses older than ${IDEMPOTENCY_DAYS} days whatever the case`, async () => {
    await env.DB.prepare('update idempotency_keys set created_at = ? where complaint_id = ?').bind(NOW - (IDEMPOTENCY_DAYS + 1) * 86_400_000, open_[0].id).run();
    const report = await purge(port, env.PII_KEY, years, { now: NOW });
    expect(report.staleIdempotency).toBe(1);
    const left = (await env.DB.prepare('select complaint_id from idempotency_keys order by complaint_id').all<{ complaint_id: number }>()).results.map((r) => r.complaint_id);
    expect(left).toEqual(recent.map((c) => c.id));
  });

  it('refuses a retention period under one year', async () => {
    await expect(purge(port, env.PII_KEY, 0, { now: NOW })).rejects.toThrow(/at least 1/);
  });

  it('purges an old archived appointment too, and leaves a recent one', async () => {
    const has = await env.DB.prepare("select count(*) as n from sqlite_master where type = 'table' and name = 'appointments'").first<{ n: number }>();
    if (!has?.n) return; // the appointments feature has not landed in this tree
    const insert = async (reference: string, archivedAt: number, marker: string) =>
      env.DB.prepare(
        `insert into appointments (reference, access_hash, kind, department, post, assignee, routed_via, date, slot_start, slot_end, status, personal, requested_at, contact_by, archived_at)
         values (?, 'x', 'ordinary', ?, ?, 'staff', 'a', '2022-03-01', '09:00', '09:30', 'done', ?, ?, '2022-03-02', ?)`,
      )
        .bind(reference, catalogue.departments[0].id, catalogue.posts[0].id, await seal(env.PII_KEY, { name: `预约人${marker}`, phone: '13600000000', matter: `事项 ${marker}` }), archivedAt - 86_400_000, archivedAt)
        .run();
    await insert('YY-2203-OLD001', NOW - (years + 1) * YEAR, 'APPOLD');
    const appId = (await env.DB.prepare("select id from appointments where reference = 'YY-2203-OLD001'").first<{ id: number }>())!.id;
    await env.DB.prepare("insert into appointment_events (appointment_id, at, actor, type, public, data) values (?, ?, 'staff', 'contacted', 0, ?)")
      .bind(appId, NOW - (years + 1) * YEAR, JSON.stringify({ text: await seal(env.PII_KEY, '电话联系了预约人 APPOLD') }))
      .run();
    await insert('YY-2611-NEW001', NOW - YEAR, 'APPNEW');
    // Cancelled long ago and never archived: its last change counts.
    await insert('YY-2203-CAN001', NOW - (years + 1) * YEAR, 'APPCAN');
    await env.DB.prepare("update appointments set status = 'cancelled', archived_at = null, updated_at = ? where reference = 'YY-2203-CAN001'").bind(NOW - (years + 1) * YEAR).run();
    // Still open (requested), however old: never purged.
    await insert('YY-2203-OPN001', NOW - (years + 1) * YEAR, 'APPOPN');
    await env.DB.prepare("update appointments set status = 'requested', archived_at = null, updated_at = ? where reference = 'YY-2203-OPN001'").bind(NOW - (years + 1) * YEAR).run();
    const report = await purge(port, env.PII_KEY, years, { now: NOW });
    expect(report.targets.find((t) => t.table === 'appointments')).toMatchObject({ purged: 2, alreadyPurged: 0 });
    const rows = (await env.DB.prepare('select reference, personal from appointments order by reference').all<{ reference: string; personal: string }>()).results;
    const opened = Object.fromEntries(await Promise.all(rows.map(async (r) => [r.reference, JSON.stringify(await open(env.PII_KEY, r.personal))])));
    expect(opened['YY-2203-OLD001']).not.toContain('APPOLD');
    expect(opened['YY-2203-OLD001']).toContain(PURGED_TEXT);
    const appEvent = (await env.DB.prepare("select data from appointment_events where appointment_id = (select id from appointments where reference = 'YY-2203-OLD001')").first<{ data: string }>())!;
    expect(JSON.parse(appEvent.data)).toEqual({ text: REDACTED, redactedOn: new Date(NOW).toISOString().slice(0, 10) });
    expect(opened['YY-2611-NEW001']).toContain('APPNEW');
    expect(opened['YY-2203-CAN001']).not.toContain('APPCAN');
    expect(opened['YY-2203-OPN001']).toContain('APPOPN');
  });
});
