/**
 * Monthly performance (绩效评估, issue 12) per department and per service: received, concluded,
 * on-time rate (concluded on time over concluded plus open applications already past their
 * commitment at the month's end), average working days used against the commitment, yellow and red
 * cards raised, and the 好差评 distribution. The computation is schema/bulletin/performance.ts, the
 * same the monthly bulletin publishes (frozen, corrected, with its small-cell suppression); here the
 * facts are gathered from D1 and the console's view applies its own rate rule: rates and averages
 * below the small-cell threshold (schema/bulletin/suppression.ts THRESHOLD) are shown as “—”.
 */
import { and, eq, gte, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { THRESHOLD } from '../../schema/bulletin/suppression.ts';
import { nextMonthStart, type PerformanceBy, type PerformanceFacts } from '../../schema/bulletin/performance.ts';
import { applicationCards, applicationRatings, applications } from '../../schema/db/applications.ts';
import { catalogue } from '../lib/catalogue.ts';
import { totalsOf } from './performance-totals.ts';
import type { Db } from './applications.ts';

export interface PerformanceRow {
  key: string;
  label: string;
  received: number;
  concluded: number;
  onTime: number;
  overdueOpen: number;
  /** On-time rate in %, or null when fewer than THRESHOLD applications count. */
  onTimeRate: number | null;
  /** Average working days used / committed, or null below the threshold. */
  averageDays: number | null;
  committedDays: number | null;
  yellow: number;
  red: number;
  ratings: Record<string, number>;
}

/**
 * The anonymous facts of `month` (Asia/Shanghai): applications received or concluded in it or open
 * and past their commitment by its end, cards raised in it and ratings given in it (counts grouped
 * by department, service and colour or level). Never the applicant, the post holder or a comment.
 */
export async function performanceFacts(db: Db, month: string): Promise<PerformanceFacts> {
  const from = `${month}-01`;
  const to = nextMonthStart(month);
  const [apps, cards, ratings] = await Promise.all([
    db
      .select({ service: applications.service, department: applications.department, status: applications.status, receivedOn: applications.receivedOn, acceptedOn: applications.acceptedOn, concludedOn: applications.concludedOn, dueBy: applications.dueBy })
      .from(applications)
      .where(or(and(gte(applications.receivedOn, from), lt(applications.receivedOn, to)), and(gte(applications.concludedOn, from), lt(applications.concludedOn, to)), and(isNull(applications.concludedOn), lt(applications.dueBy, to))))
      .all(),
    db
      .select({ department: applicationCards.department, service: applicationCards.service, colour: applicationCards.colour, n: sql<number>`count(*)` })
      .from(applicationCards)
      .where(and(gte(applicationCards.raisedOn, from), lt(applicationCards.raisedOn, to)))
      .groupBy(applicationCards.department, applicationCards.service, applicationCards.colour)
      .all(),
    db
      .select({ department: applications.department, service: applications.service, level: applicationRatings.level, n: sql<number>`count(*)` })
      .from(applicationRatings)
      .innerJoin(applications, eq(applications.id, applicationRatings.applicationId))
      .where(and(gte(applicationRatings.ratedAt, Date.parse(`${from}T00:00:00+08:00`)), lte(applicationRatings.ratedAt, Date.parse(`${to}T00:00:00+08:00`) - 1)))
      .groupBy(applications.department, applications.service, applicationRatings.level)
      .all(),
  ]);
  return {
    applications: apps,
    cards: cards.map((c) => ({ ...c, n: Number(c.n) })),
    ratings: ratings.map((r) => ({ ...r, n: Number(r.n) })),
  };
}

export async function monthlyPerformance(db: Db, month: string, by: PerformanceBy): Promise<PerformanceRow[]> {
  const totals = totalsOf(month, await performanceFacts(db, month), by);
  return totals.map(({ usedDays, committedDays, ...r }) => {
    const base = r.concluded + r.overdueOpen;
    const label = by === 'department' ? (catalogue.departments.find((d) => d.id === r.key)?.name ?? r.key) : (catalogue.services.find((s) => s.id === r.key)?.name ?? r.key);
    return {
      ...r,
      label,
      onTimeRate: base >= THRESHOLD ? Math.round((1000 * r.onTime) / base) / 10 : null,
      averageDays: r.concluded >= THRESHOLD ? Math.round((10 * usedDays) / r.concluded) / 10 : null,
      committedDays: r.concluded >= THRESHOLD ? Math.round((10 * committedDays) / r.concluded) / 10 : null,
    };
  });
}

export { THRESHOLD, totalsOf, type PerformanceFacts };
