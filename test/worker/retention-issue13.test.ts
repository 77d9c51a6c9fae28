// Retention and key rotation for the personal data added by issues 12–13: the inquiry register's
// sealed `personal` (who asked, the matter), the application's sealed applicant, a rating's sealed
// comment and an API client's signing secret. Purge replaces the personal data of inquiries closed
// (or turned into a complaint) and applications concluded more than the retention period ago;
// rotation re-seals every one of those columns under the new key.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { now as clockNow } from '../../schema/clock.ts';
import { registerSchema } from '../../schema/inquiry.ts';
import { shanghaiDate } from '../../schema/workdays.ts';
import { open, seal } from '../../worker/lib/crypto.ts';
import { purge, PURGED_TEXT } from '../../worker/lib/retention.ts';
import { rotateAll } from '../../worker/lib/rotation.ts';
import { d1Port } from '../../worker/lib/sql-port.ts';
import { registerInquiry } from '../../worker/services/inquiries.ts';
import { catalogue } from './helpers.ts';

const port = d1Port(env.DB);
const NOW = clockNow();
const YEAR = 365 * 86_400_000;
const years = catalogue.office.retentionYears;
const OLD_END = NOW - (years + 1) * YEAR;
const RECENT_END = NOW - 30 * 86_400_000;

const ids: Record<string, number> = {};

async function inquiry(name: string): Promise<number> {
  const input = registerSchema(catalogue, shanghaiDate(NOW)).parse({ channel: 'visit', priority: 'ordinary', firstReceiver: 'li-min', name, phone: '13800000077', matter: `${name}询问公租房材料`, outcome: 'later', contactName: '李敏', contactPhone: '0519-85600000' });
  return (await registerInquiry(env, input, 'li-min', NOW)).id;
}

async function application(number: string, name: string, concludedOn: string | null, updatedAt: number): Promise<number> {
  const applicant = await seal(env.PII_KEY, { kind: 'person', name, idNumber: '320400199001011234', phone: '13900000088' });
  const r = await env.DB.prepare("insert into applications (number, service, department, channel, status, applicant, received_on, concluded_on, updated_at) values (?, ?, 'real-estate', 'window', 'concluded', ?, '2020-01-01', ?, ?) returning id")
    .bind(number, catalogue.services[0].id, applicant, concludedOn, updatedAt)
    .first<{ id: number }>();
  return r!.id;
}

beforeAll(async () => {
  ids.oldClosed = await inquiry('旧办结甲');
  ids.recentClosed = await inquiry('近办结乙');
  ids.open = await inquiry('办理中丙');
  ids.oldConverted = await inquiry('旧转投诉丁');
  await env.DB.batch([
    env.DB.prepare("update inquiries set status = 'closed', closed_at = ? where id = ?").bind(OLD_END, ids.oldClosed),
    env.DB.prepare("update inquiries set status = 'closed', closed_at = ? where id = ?").bind(RECENT_END, ids.recentClosed),
    env.DB.prepare("update inquiries set complaint_reference = 'XN-2001-AAAAAA' where id = ?").bind(ids.oldConverted),
    env.DB.prepare("insert into inquiry_events (inquiry_id, at, actor, type, public, data) values (?, ?, 'li-min', 'converted', 1, '{}')").bind(ids.oldConverted, OLD_END),
  ]);
  ids.oldApp = await application('BJ-RET-OLD', '旧申请人戊', '2020-02-01', OLD_END);
  ids.recentApp = await application('BJ-RET-NEW', '近申请人己', shanghaiDate(RECENT_END), RECENT_END);
  ids.openApp = await application('BJ-RET-OPEN', '在办申请人庚', null, OLD_END);
});

const personal = async (id: number) => open<{ name?: string; matter: string; purgedOn?: string }>(env.PII_KEY, (await env.DB.prepare('select personal from inquiries where id = ?').bind(id).first<{ personal: string }>())!.personal);
const applicant = async (id: number) => open<{ name?: string; purgedOn?: string }>(env.PII_KEY, (await env.DB.prepare('select applicant from applications where id = ?').bind(id).first<{ applicant: string }>())!.applicant);

describe('purge: inquiries and applications past the retention period', () => {
  it('replaces the personal data of old closed or converted inquiries and old concluded applications only', async () => {
    const report = await purge(port, env.PII_KEY, years, { now: NOW });
    expect(report.targets.find((t) => t.table === 'inquiries')).toMatchObject({ purged: 2 });
    expect(report.targets.find((t) => t.table === 'applications')).toMatchObject({ purged: 1 });
    for (const id of [ids.oldClosed, ids.oldConverted]) {
      const p = await personal(id);
      expect(p.matter).toBe(PURGED_TEXT);
      expect(p.name).toBeUndefined();
    }
    expect((await personal(ids.recentClosed)).name).toBe('近办结乙');
    expect((await personal(ids.open)).name).toBe('办理中丙');
    expect((await applicant(ids.oldApp)).purgedOn).toBeDefined();
    expect(JSON.stringify(await applicant(ids.oldApp))).not.toContain('旧申请人戊');
    expect((await applicant(ids.recentApp)).name).toBe('近申请人己');
    expect((await applicant(ids.openApp)).name).toBe('在办申请人庚');
    // The anonymous facts stay: channel, outcome, dates.
    expect(await env.DB.prepare('select channel, outcome, closed_at from inquiries where id = ?').bind(ids.oldClosed).first()).toEqual({ channel: 'visit', outcome: 'later', closed_at: OLD_END });
  });

  it('is idempotent', async () => {
    const report = await purge(port, env.PII_KEY, years, { now: NOW });
    expect(report.targets.find((t) => t.table === 'inquiries')).toMatchObject({ purged: 0, alreadyPurged: 2 });
    expect(report.targets.find((t) => t.table === 'applications')).toMatchObject({ purged: 0, alreadyPurged: 1 });
  });
});

describe('rotation re-seals the inquiry, applicant, rating comment and client secret columns', () => {
  it('every value opens under the new key alone, unchanged', async () => {
    const NEW = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
    await env.DB.batch([
      env.DB.prepare("insert into application_ratings (application_id, level, comment, rated_at) values (?, 'dissatisfied', ?, ?)").bind(ids.recentApp, await seal(env.PII_KEY, '窗口的王某态度不好'), RECENT_END),
      env.DB.prepare("insert into application_clients (id, name, secret, created_at) values ('ret-client', '测试系统', ?, ?)").bind(await seal(env.PII_KEY, 'secret-xyz'), NOW),
    ]);
    const before = await personal(ids.recentClosed);
    const report = await rotateAll(port, `v2:${NEW},v1:${env.PII_KEY}`);
    for (const [table, column] of [['inquiries', 'personal'], ['applications', 'applicant'], ['application_ratings', 'comment'], ['application_clients', 'secret']]) {
      expect(report.columns.find((c) => c.table === table && c.column === column), `${table}.${column}`).toMatchObject({ remaining: 0 });
      const { results } = await env.DB.prepare(`select ${column} as v from ${table} where ${column} is not null`).all<{ v: string }>();
      expect(results.length).toBeGreaterThan(0);
      for (const r of results) expect(r.v.startsWith('v2.'), `${table}.${column}`).toBe(true);
    }
    const sealed = (await env.DB.prepare('select personal from inquiries where id = ?').bind(ids.recentClosed).first<{ personal: string }>())!.personal;
    expect(await open(`v2:${NEW}`, sealed)).toEqual(before);
    const comment = (await env.DB.prepare('select comment from application_ratings where application_id = ?').bind(ids.recentApp).first<{ comment: string }>())!.comment;
    expect(await open(`v2:${NEW}`, comment)).toBe('窗口的王某态度不好');
  });
});
