/**
 * 好差评 per application (一事一评, issue 12): the applicant rates once after the conclusion; a 差评
 * gets a follow-up date 15 working days on, and the unit records its 回访 and 整改 once (a trigger
 * refuses any later change). The comment is sealed: it may name people.
 */
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { BAD_RATING_FOLLOW_UP_DAYS, badLevels, finalStatuses, type ApplicationStatus } from '../../schema/application.ts';
import { now as clockNow } from '../../schema/clock.ts';
import { applicationRatings, applications } from '../../schema/db/applications.ts';
import { deadline, shanghaiDate } from '../../schema/workdays.ts';
import { calendar } from '../lib/catalogue.ts';
import { seal } from '../lib/crypto.ts';
import type { Db } from './applications.ts';

export type RateOutcome = 'done' | 'not-concluded' | 'already';

export async function rateApplication(env: Env, db: Db, number: string, input: { level: string; comment?: string }, now = clockNow()): Promise<RateOutcome> {
  const app = (await db.select({ id: applications.id, status: applications.status }).from(applications).where(eq(applications.number, number)).get())!;
  if (!finalStatuses.has(app.status as ApplicationStatus)) return 'not-concluded';
  const followUpBy = badLevels.has(input.level) ? deadline(calendar, shanghaiDate(now), BAD_RATING_FOLLOW_UP_DAYS).date : null;
  const r = await db
    .insert(applicationRatings)
    .values({ applicationId: app.id, level: input.level as 'satisfied', comment: input.comment ? await seal(env.PII_KEY, input.comment) : null, ratedAt: now, followUpBy })
    .onConflictDoNothing()
    .run();
  return (r.meta.changes ?? 0) === 1 ? 'done' : 'already';
}

export async function ratingOf(db: Db, number: string) {
  return db
    .select({ level: applicationRatings.level, ratedAt: applicationRatings.ratedAt, followUpBy: applicationRatings.followUpBy, followedUpAt: applicationRatings.followedUpAt, followUp: applicationRatings.followUp })
    .from(applicationRatings)
    .innerJoin(applications, eq(applications.id, applicationRatings.applicationId))
    .where(eq(applications.number, number))
    .get();
}

/** Records the 回访 and 整改 of a 差评, once. */
export async function followUpRating(db: Db, number: string, text: string, now = clockNow()): Promise<'done' | 'not-found'> {
  const app = await db.select({ id: applications.id }).from(applications).where(eq(applications.number, number)).get();
  if (!app) return 'not-found';
  const r = await db
    .update(applicationRatings)
    .set({ followedUpAt: now, followUp: text })
    .where(and(eq(applicationRatings.applicationId, app.id), isNotNull(applicationRatings.followUpBy), isNull(applicationRatings.followedUpAt)))
    .run();
  return (r.meta.changes ?? 0) === 1 ? 'done' : 'not-found';
}
