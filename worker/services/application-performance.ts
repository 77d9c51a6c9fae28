/**
 * Monthly performance (绩效评估, issue 12) per department and per service: received, concluded,
 * on-time rate (concluded on time over concluded plus open applications already past their
 * commitment at the month's end), average working days used against the commitment, yellow and red
 * cards raised, and the 好差评 distribution. Counts below the bulletin's small-cell threshold
 * (schema/bulletin/suppression.ts THRESHOLD) are shown as “<5” wherever a rate or average would
 * let a reader single out an applicant. Shown in the console; publishing it with the monthly
 * bulletin (freezing, corrections) is left to the bulletin's owner.
 */
import { and, eq, gte, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { finalStatuses, type ApplicationStatus } from '../../schema/application.ts';
import { THRESHOLD } from '../../schema/bulletin/suppression.ts';
import { applicationCards, applicationRatings, applications } from '../../schema/db/applications.ts';
import { satisfaction } from '../../schema/domain.ts';
import { addCalendarDays, workingDaysBetween } from '../../schema/workdays.ts';
import { calendar, catalogue } from '../lib/catalogue.ts';
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

const monthEnd = (month: string) => addCalendarDays(`${month}-01`, 40).slice(0, 7) + '-01';

/** Working days between two dates; 0 past the calendar on file (the figure is then a lower bound). */
function daysBetween(from: string, to: string): number {
  try {
    return workingDaysBetween(calendar, from, to);
  } catch {
    return 0;
  }
}

export async function monthlyPerformance(db: Db, month: string, by: 'department' | 'service'): Promise<PerformanceRow[]> {
  const from = `${month}-01`;
  const to = monthEnd(month);
  const rows = await db
    .select({ service: applications.service, department: applications.department, status: applications.status, receivedOn: applications.receivedOn, acceptedOn: applications.acceptedOn, concludedOn: applications.concludedOn, dueBy: applications.dueBy })
    .from(applications)
    .where(or(and(gte(applications.receivedOn, from), lt(applications.receivedOn, to)), and(gte(applications.concludedOn, from), lt(applications.concludedOn, to)), and(isNull(applications.concludedOn), lt(applications.dueBy, to))))
    .all();
  const cards = await db
    .select({ department: applicationCards.department, service: applicationCards.service, colour: applicationCards.colour, n: sql<number>`count(*)` })
    .from(applicationCards)
    .where(and(gte(applicationCards.raisedOn, from), lt(applicationCards.raisedOn, to)))
    .groupBy(applicationCards.department, applicationCards.service, applicationCards.colour)
    .all();
  const ratings = await db
    .select({ department: applications.department, service: applications.service, level: applicationRatings.level, n: sql<number>`count(*)` })
    .from(applicationRatings)
    .innerJoin(applications, eq(applications.id, applicationRatings.applicationId))
    .where(and(gte(applicationRatings.ratedAt, Date.parse(`${from}T00:00:00+08:00`)), lte(applicationRatings.ratedAt, Date.parse(`${to}T00:00:00+08:00`) - 1)))
    .groupBy(applications.department, applications.service, applicationRatings.level)
    .all();
  const keyOf = (r: { department: string; service: string }) => (by === 'department' ? r.department : r.service);
  const table = new Map<string, PerformanceRow & { used: number; committed: number }>();
  const row = (key: string) => {
    let r = table.get(key);
    if (!r) {
      const label = by === 'department' ? (catalogue.departments.find((d) => d.id === key)?.name ?? key) : (catalogue.services.find((s) => s.id === key)?.name ?? key);
      r = { key, label, received: 0, concluded: 0, onTime: 0, overdueOpen: 0, onTimeRate: null, averageDays: null, committedDays: null, yellow: 0, red: 0, ratings: Object.fromEntries(satisfaction.codes.map((c) => [c, 0])), used: 0, committed: 0 };
      table.set(key, r);
    }
    return r;
  };
  for (const a of rows) {
    const r = row(keyOf(a));
    if (a.receivedOn >= from && a.receivedOn < to) r.received++;
    const concludedHere = a.concludedOn && a.concludedOn >= from && a.concludedOn < to;
    if (concludedHere && finalStatuses.has(a.status as ApplicationStatus) && a.acceptedOn) {
      r.concluded++;
      if (!a.dueBy || a.concludedOn! <= a.dueBy) r.onTime++;
      r.used += daysBetween(a.acceptedOn, a.concludedOn!);
      r.committed += catalogue.services.find((s) => s.id === a.service)?.committedDays ?? 0;
    }
    if (!a.concludedOn && a.dueBy && a.dueBy < to) r.overdueOpen++;
  }
  for (const c of cards) row(keyOf(c))[c.colour === 'red' ? 'red' : 'yellow'] += Number(c.n);
  for (const x of ratings) row(keyOf(x)).ratings[x.level] += Number(x.n);
  return [...table.values()]
    .map(({ used, committed, ...r }) => {
      const base = r.concluded + r.overdueOpen;
      return {
        ...r,
        onTimeRate: base >= THRESHOLD ? Math.round((1000 * r.onTime) / base) / 10 : null,
        averageDays: r.concluded >= THRESHOLD ? Math.round((10 * used) / r.concluded) / 10 : null,
        committedDays: r.concluded >= THRESHOLD ? Math.round((10 * committed) / r.concluded) / 10 : null,
      };
    })
    .sort((a, b) => a.key.localeCompare(b.key));
}

export { THRESHOLD };
