// Retention reaches an application's 好差评 comment (the applicant's own sealed words): once the
// application's retention period is over, the purge erases it with the applicant, before or after the
// 差评 was followed up, and migration 0021 lets only that erasure past the ratings' write-once trigger.
// Inputs tried against the trigger: rewriting the comment in plain text, rewriting an erased comment,
// a changed level, changing a follow-up once written; let through: sealing again (key rotation) and erasing.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { now as clockNow } from '../../schema/clock.ts';
import { open, seal } from '../../worker/lib/crypto.ts';
import { purge, REDACTED } from '../../worker/lib/retention.ts';
import { d1Port } from '../../worker/lib/sql-port.ts';
import { catalogue } from './helpers.ts';

const port = d1Port(env.DB);
const NOW = clockNow();
const YEAR = 365 * 86_400_000;
const years = catalogue.office.retentionYears;
const ids: Record<'oldFollowedUp' | 'oldRated' | 'recent', number> = { oldFollowedUp: 0, oldRated: 0, recent: 0 };

async function application(number: string, updatedAt: number, comment: string, followedUp: boolean): Promise<number> {
  await env.DB.prepare(
    "insert into applications (number, service, department, channel, status, applicant, received_on, concluded_on, updated_at) values (?, 'construction-permit', 'approval-section', 'window', 'approved', ?, '2020-01-02', '2020-01-10', ?)",
  )
    .bind(number, await seal(env.PII_KEY, { kind: 'person', name: `申请人${number}` }), updatedAt)
    .run();
  const id = (await env.DB.prepare('select id from applications where number = ?').bind(number).first<{ id: number }>())!.id;
  await env.DB.prepare("insert into application_ratings (application_id, level, comment, rated_at, follow_up_by) values (?, 'dissatisfied', ?, ?, '2020-02-01')")
    .bind(id, await seal(env.PII_KEY, comment), updatedAt)
    .run();
  if (followedUp) await env.DB.prepare("update application_ratings set followed_up_at = ?, follow_up = '已回访并整改' where application_id = ?").bind(updatedAt + 1000, id).run();
  return id;
}

const commentOf = async (id: number) => (await env.DB.prepare('select comment from application_ratings where application_id = ?').bind(id).first<{ comment: string }>())!.comment;

beforeAll(async () => {
  ids.oldFollowedUp = await application('RET-RATING-1', NOW - (years + 1) * YEAR, '窗口的张某态度很差 RATING-1', true);
  ids.oldRated = await application('RET-RATING-2', NOW - (years + 2) * YEAR, '等了很久 RATING-2', false);
  ids.recent = await application('RET-RATING-3', NOW - 30 * 86_400_000, '还是太慢 RATING-3', true);
});

describe('retention of 好差评 comments', () => {
  it('erases the comments of applications past the retention period, followed up or not, and keeps the recent one', async () => {
    const report = await purge(port, env.PII_KEY, years, { now: NOW });
    expect(report.targets.find((t) => t.table === 'applications')).toMatchObject({ purged: 2, textsRedacted: 2 });
    expect(await commentOf(ids.oldFollowedUp)).toBe(REDACTED);
    expect(await commentOf(ids.oldRated)).toBe(REDACTED);
    expect(await open<string>(env.PII_KEY, await commentOf(ids.recent))).toBe('还是太慢 RATING-3');
    // The rating itself and its follow-up stay: the 好差评 figures are made of them.
    const kept = await env.DB.prepare('select level, follow_up as followUp from application_ratings where application_id = ?').bind(ids.oldFollowedUp).first();
    expect(kept).toEqual({ level: 'dissatisfied', followUp: '已回访并整改' });
    // A second run finds nothing more to erase.
    expect((await purge(port, env.PII_KEY, years, { now: NOW })).targets.find((t) => t.table === 'applications')).toMatchObject({ purged: 0, textsRedacted: 0 });
  });

  it('the ratings stay written once: only sealing a comment again or erasing it gets past the trigger', async () => {
    const update = (set: string, ...values: unknown[]) => env.DB.prepare(`update application_ratings set ${set} where application_id = ?`).bind(...values, ids.recent).run();
    await expect(update('comment = ?', '改写的评价')).rejects.toThrow(/written once/);
    await expect(update("level = 'satisfied'")).rejects.toThrow(/written once/);
    await expect(update("follow_up = '改写回访'")).rejects.toThrow(/written once/);
    // An erased comment cannot be erased into anything else either.
    await expect(env.DB.prepare("update application_ratings set comment = 'x' where application_id = ?").bind(ids.oldRated).run()).rejects.toThrow(/written once/);
    // Key rotation seals the comment again under the new key, after the follow-up too (the old trigger refused it).
    await expect(update('comment = ?', await seal(env.PII_KEY, '还是太慢 RATING-3'))).resolves.toBeTruthy();
    await expect(update('comment = ?', REDACTED)).resolves.toBeTruthy();
  });
});
