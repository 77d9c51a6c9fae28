/**
 * A month's bulletin as published: the complaint and appointment measures (bulletins.ts, over the
 * BulletinDb interface the Node scripts share), plus the 绩效评估 (issue 12) and 首问登记 (issue 13)
 * sections from the console's own code; the live preview and the frozen publication.
 */
import { computeInquiryFigures } from '../../schema/bulletin/inquiries.ts';
import { computeBulletin, type BulletinData } from '../../schema/bulletin/measures.ts';
import { publishPerformance } from '../../schema/bulletin/performance.ts';
import type { BulletinVersion } from '../../schema/bulletin/document.ts';
import { now as clockNow } from '../../schema/clock.ts';
import { calendar } from '../lib/catalogue.ts';
import { dbOf } from '../lib/db.ts';
import { log } from '../lib/log.ts';
import { performanceFacts } from './application-performance.ts';
import { departmentIds, gatherAppointmentFacts, gatherCaseFacts, latestVersionOf, monthBounds, monthEnded } from './bulletins.ts';
import { inquiryFactsOf } from './inquiries.ts';
import { totalsOf } from './performance-totals.ts';

/**
 * The bulletin's 绩效评估 (issue 12) and 首问登记 (issue 13) sections: the console's own gathering
 * and computation (application-performance.ts, inquiries.ts inquiryFactsOf and
 * schema/bulletin/inquiries.ts), published under the bulletin's rules (schema/bulletin/performance.ts).
 * Inquiry deadlines are judged at the month's end, so the figure does not move with the day it is read.
 */
export async function computeSections(db: D1Database, month: string): Promise<Required<Pick<BulletinData, 'performance' | 'inquiries'>>> {
  const [facts, inquiryFacts] = await Promise.all([performanceFacts(dbOf({ DB: db }), month), inquiryFactsOf({ DB: db } as Env, month)]);
  return {
    performance: publishPerformance(totalsOf(month, facts, 'department'), totalsOf(month, facts, 'service'), departmentIds()),
    inquiries: computeInquiryFigures(inquiryFacts, monthBounds(month).end),
  };
}

/** Computes a month live from the current data (the console's preview; publishing stores it). */
export async function computeMonth(db: D1Database, month: string): Promise<BulletinData> {
  const [cases, appointments, sections] = await Promise.all([gatherCaseFacts(db, month), gatherAppointmentFacts(db, month), computeSections(db, month)]);
  return { ...computeBulletin(month, cases, appointments, departmentIds(), calendar), ...sections };
}

export type PublishOutcome =
  | { kind: 'published'; version: BulletinVersion }
  | { kind: 'not-ended' }
  | { kind: 'note-required' }
  /** Someone published this version first: show the page again with what is now on file. */
  | { kind: 'conflict'; latest: number };

/**
 * Publishes `month` as version `expectedVersion` (1 for the first publication, latest + 1 for a
 * correction). The unique (month, version) index makes two supervisors publishing at once safe:
 * the second gets a conflict instead of a duplicate.
 */
export async function publishBulletin(
  db: D1Database,
  month: string,
  input: { by: string; note?: string; expectedVersion: number },
  now = clockNow(),
): Promise<PublishOutcome> {
  if (!monthEnded(month, now)) return { kind: 'not-ended' };
  const note = input.note?.trim() || null;
  if (input.expectedVersion > 1 && !note) return { kind: 'note-required' };
  const latest = await latestVersionOf(db, month);
  if (latest + 1 !== input.expectedVersion) return { kind: 'conflict', latest };
  const data = await computeMonth(db, month);
  try {
    await db
      .prepare('insert into bulletins (month, version, published_at, published_by, note, data) values (?, ?, ?, ?, ?, ?)')
      .bind(month, input.expectedVersion, now, input.by, note, JSON.stringify(data))
      .run();
  } catch (error) {
    if (String((error as Error).message).includes('UNIQUE')) return { kind: 'conflict', latest: await latestVersionOf(db, month) };
    throw error;
  }
  log('info', 'bulletin.published', { month, version: input.expectedVersion });
  return { kind: 'published', version: { month, version: input.expectedVersion, publishedAt: new Date(now).toISOString(), note, data } };
}

