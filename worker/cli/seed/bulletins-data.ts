/**
 * The demo's history for the monthly bulletins: concluded (and a few still open) complaints
 * received in the last three complete months before the clock's today, generated from a fixed seed
 * so the same cases come out for a given date, and the bulletins the office published on them
 * (version 1 of each month, and a version 2 of the middle month that adds letters registered late).
 * Nothing happens after yesterday, so the demo never shows a future date, and published bulletins
 * reach the last complete month (issue 17, "The demo stays alive").
 *
 * Pure: no file system, so the worker tests run it inside workerd to check that what the seed
 * stores is what the worker itself computes from the seeded rows.
 */
import type { BulletinExport, BulletinVersion } from '../../../schema/bulletin/document.ts';
import { computeBulletin, type BulletinData } from '../../../schema/bulletin/measures.ts';
import { computeInquiryFigures, type InquiryFacts } from '../../../schema/bulletin/inquiries.ts';
import { publishPerformance } from '../../../schema/bulletin/performance.ts';
import { totalsOf } from '../../services/performance-totals.ts';
import type { PerformanceFacts } from '../../../schema/bulletin/performance.ts';
import { categories, findings, sanctions as sanctionCodes, satisfaction, type Category, type Finding, type Sanction, type Satisfaction } from '../../../schema/domain.ts';
import { addCalendarDays, deadline, isWorkingDayEstimate, shanghaiDate } from '../../../schema/workdays.ts';
import { now as clockNow } from '../../../schema/clock.ts';
import { calendar, catalogue } from '../../lib/catalogue.ts';
import { departmentIds, monthBounds, toFacts } from '../../services/bulletins.ts';

/** The dates of the demo's history, all derived from one "today". */
export interface DemoDates {
  /** The last three complete months, oldest first. */
  months: [string, string, string];
  /** Nothing in the history happens after this day (yesterday). */
  lastDay: string;
  /** The middle month's letters were registered only on this day, after its version 1. */
  lateEntryDay: string;
  /** When each demo version was published (Unix ms), in demoPublications' order. */
  published: [number, number, number, number];
}

function monthShift(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + m - 1 + by;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

export function demoDates(now = clockNow()): DemoDates {
  const today = shanghaiDate(now);
  const current = today.slice(0, 7);
  const months: DemoDates['months'] = [monthShift(current, -3), monthShift(current, -2), monthShift(current, -1)];
  // The last month's bulletin: on the 9th as usual, or an hour ago early in the month (never
  // before the month it reports on has ended, never in the future).
  const monthStart = Date.parse(`${current}-01T00:00:00+08:00`);
  const lastPublished = Math.max(monthStart + 60_000, Math.min(at(`${current}-09`, 30), now - 3_600_000));
  return {
    months,
    lastDay: addCalendarDays(today, -1),
    lateEntryDay: `${months[2]}-12`,
    published: [at(`${months[1]}-08`, 30), at(`${months[2]}-09`, 30), at(`${months[2]}-14`, 30), lastPublished],
  };
}

/** The demo's three months as of the clock's today (when this module was loaded). */
export const DEMO_MONTHS = demoDates().months;

export interface HistoricalEvent {
  type: 'received' | 'accepted' | 'declined' | 'transferred' | 'extended' | 'concluded' | 'rated' | 'rating-reviewed';
  on: string;
  data: Record<string, string>;
}

export interface HistoricalCase {
  reference: string;
  channel: 'web' | 'phone' | 'visit' | 'letter';
  department: string;
  category: Category;
  receivedOn: string;
  acknowledgeBy: string;
  dueBy: string;
  stage: 'handling' | 'archive';
  events: HistoricalEvent[];
  finding?: Finding;
  sanctions: Sanction[];
  concludedOn?: string;
  /** Registered in the system on LATE_ENTRY_DAY (a letter), after September's first publication. */
  lateEntry: boolean;
}

/** mulberry32: a small deterministic generator, so the demo is the same on every machine. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const weighted = <T>(items: readonly T[], weights: readonly number[]): T => {
    const total = weights.reduce((a, b) => a + b, 0);
    let r = next() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i];
      if (r < 0) return items[i];
    }
    return items[items.length - 1];
  };
  return { next, int, weighted };
}

/** Instant of 10:00 (plus `minutes`) on a Shanghai date: events are ordered within a day by their minutes. */
export function at(date: string, minutes = 0): number {
  return Date.parse(`${date}T10:00:00+08:00`) + minutes * 60_000;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function serial(n: number): string {
  let out = '';
  for (let i = 0; i < 5; i++) {
    out = CROCKFORD[n % 32] + out;
    n = Math.floor(n / 32);
  }
  return `H${out}`;
}

/** The demo's historical cases, the same on every run. */
export function historicalCases(dates = demoDates()): HistoricalCase[] {
  const rnd = generator(20261101);
  const LAST_DAY = dates.lastDay;
  // In a year whose calendar is not on file yet, the demo counts Monday–Friday.
  const addWorkingDays = (_calendar: unknown, start: string, days: number) => deadline(calendar, start, days).date;
  const isWorkingDay = (_calendar: unknown, date: string) => isWorkingDayEstimate(calendar, date);
  const departments = catalogue.departments.map((d) => d.id);
  // Busy counters and quiet ones, so the bulletin shows both published rates and suppressed cells.
  const weights = departments.map((id) => ({ 'approval-section': 6, 'housing-security': 5, 'construction-market': 3, 'real-estate': 3, 'urban-construction': 2 })[id] ?? 1);
  const limits = catalogue.office.limits;
  const cases: HistoricalCase[] = [];
  let n = 0;
  for (const [m, month] of dates.months.entries()) {
    const [y, mm] = month.split('-').map(Number);
    const days = new Date(Date.UTC(y, mm, 0)).getUTCDate();
    const count = [74, 81, 88][m];
    for (let k = 0; k < count; k++) {
      n++;
      let receivedOn = `${month}-${String(rnd.int(1, days)).padStart(2, '0')}`;
      // Web filings come any day; the others on working days.
      const channel = rnd.weighted(['web', 'phone', 'visit', 'letter'] as const, [5, 3, 1, 1]);
      if (channel !== 'web') while (!isWorkingDay(calendar, receivedOn)) receivedOn = addCalendarDays(receivedOn, 1);
      if (!receivedOn.startsWith(month)) receivedOn = `${month}-01`;
      const department = rnd.weighted(departments, weights);
      const category = rnd.weighted(categories.codes, [4, 6, 5, 4, 1, 3, 3, 1, 2]);
      const acknowledgeBy = addWorkingDays(calendar, receivedOn, limits.acceptance);
      const lateEntry = month === dates.months[1] && channel === 'letter';
      const events: HistoricalEvent[] = [{ type: 'received', on: receivedOn, data: { channel } }];
      const c: HistoricalCase = {
        reference: `XN-${month.slice(2, 4)}${month.slice(5)}-${serial(n)}`,
        channel,
        department,
        category,
        receivedOn,
        acknowledgeBy,
        dueBy: acknowledgeBy,
        stage: 'archive',
        events,
        sanctions: [],
        lateEntry,
      };
      cases.push(c);
      const planned = addWorkingDays(calendar, receivedOn, rnd.int(1, limits.acceptance));
      // Early in a month, the last month's latest filings are decided the day they came in.
      const decidedOn = planned > LAST_DAY ? receivedOn : planned;
      if (rnd.next() < 0.1) {
        events.push({ type: 'declined', on: decidedOn, data: { reason: '不属于效能投诉受理范围', legalBasis: '效能投诉处理办法', referral: '已告知向有关部门反映' } });
        continue;
      }
      let dueBy = addWorkingDays(calendar, decidedOn, limits.conclusion);
      events.push({ type: 'accepted', on: decidedOn, data: { dueBy } });
      if (rnd.next() < 0.15) events.push({ type: 'transferred', on: decidedOn, data: { department, departmentName: catalogue.departments.find((d) => d.id === department)!.name } });
      // Most cases end well inside the limit; some run late, a few are extended first.
      const workDays = rnd.weighted([rnd.int(3, 15), rnd.int(16, 30), rnd.int(31, 40)], [6, 3, 1.5]);
      const concludedOn = addWorkingDays(calendar, decidedOn, workDays);
      const extendedOn = addWorkingDays(calendar, decidedOn, 20);
      if (workDays > 24 && rnd.next() < 0.4 && extendedOn <= LAST_DAY) {
        dueBy = addWorkingDays(calendar, dueBy, 10);
        events.push({ type: 'extended', on: extendedOn, data: { reason: '需要调取外单位档案核实', newDueBy: dueBy } });
      }
      c.dueBy = dueBy;
      if (concludedOn > LAST_DAY) {
        c.stage = 'handling';
        continue;
      }
      const finding = rnd.weighted(findings.codes, [3, 2, 5]);
      c.finding = finding;
      c.concludedOn = concludedOn;
      if (finding !== 'unsubstantiated') {
        const s = rnd.weighted(sanctionCodes.codes, [8, 5, 3, 2, 1, 1, 0.5, 0.3, 0.2]);
        c.sanctions = rnd.next() < 0.6 ? [s] : [];
      }
      events.push({ type: 'concluded', on: concludedOn, data: { finding } });
      if (rnd.next() < 0.7) {
        const ratedOn = addCalendarDays(concludedOn, rnd.int(1, 5));
        if (ratedOn <= LAST_DAY) {
          const level = rnd.weighted(satisfaction.codes, [10, 8, 4, 3, 2]) as Satisfaction;
          events.push({ type: 'rated', on: ratedOn, data: { level } });
          const reviewedOn = addCalendarDays(ratedOn, 2);
          if ((level === 'dissatisfied' || level === 'very-dissatisfied') && rnd.next() < 0.7 && reviewedOn <= LAST_DAY) {
            events.push({ type: 'rating-reviewed', on: reviewedOn, data: {} });
          }
        }
      }
    }
  }
  return cases;
}

/** The case as the worker's fact query returns it, so the seed computes exactly what the worker would. */
function factsAt(cases: readonly HistoricalCase[], end: number) {
  return cases.map((c, i) =>
    toFacts(
      { id: i + 1, department: c.department, category: c.category, received_at: at(c.receivedOn), acknowledge_by: c.acknowledgeBy, sanctions: JSON.stringify(c.sanctions) },
      c.events
        .map((e, k) => ({
          complaint_id: i + 1,
          type: e.type,
          at: at(e.on, k),
          due_by: e.data.dueBy ?? null,
          new_due_by: e.data.newDueBy ?? null,
          finding: e.data.finding ?? null,
          level: e.data.level ?? null,
        }))
        .filter((e) => e.type !== 'received'),
      end,
    ),
  );
}

export interface DemoPublication extends BulletinVersion {
  publishedBy: string;
}

/**
 * The facts of a month's 绩效评估 and 首问登记 sections: the demo applications and inquiries as the
 * seed writes them (seed/applications.ts demoApplicationFacts, seed/inquiries.ts demoInquiryFacts).
 * Without it the sections are computed over no applications and no inquiries, as the worker does on
 * a database that holds none.
 */
export type SectionFacts = (month: string) => { applications: PerformanceFacts; inquiries: InquiryFacts[] };
const noSectionFacts: SectionFacts = () => ({ applications: { applications: [], cards: [], ratings: [] }, inquiries: [] });

/** The 绩效评估 and 首问登记 sections by the worker's own computation (services/bulletins.ts computeSections). */
export function sectionsOf(month: string, facts: ReturnType<SectionFacts>): Required<Pick<BulletinData, 'performance' | 'inquiries'>> {
  return {
    performance: publishPerformance(totalsOf(month, facts.applications, 'department'), totalsOf(month, facts.applications, 'service'), departmentIds()),
    inquiries: computeInquiryFigures(facts.inquiries, monthBounds(month).end),
  };
}

/** The bulletins the demo office published on its history, oldest first. */
export function demoPublications(cases?: HistoricalCase[], dates = demoDates(), sectionFacts: SectionFacts = noSectionFacts): DemoPublication[] {
  const history = cases ?? historicalCases(dates);
  const [m1, m2, m3] = dates.months;
  const [p1, p2, p3, p4] = dates.published;
  const compute = (month: string, list: readonly HistoricalCase[]): BulletinData => ({
    ...computeBulletin(month, factsAt(list, monthBounds(month).end), [], departmentIds(), calendar),
    ...sectionsOf(month, sectionFacts(month)),
  });
  const published = (month: string, version: number, when: number, note: string | null, list: readonly HistoricalCase[]): DemoPublication => ({
    month,
    version,
    publishedAt: new Date(when).toISOString(),
    publishedBy: 'seed',
    note,
    data: compute(month, list),
  });
  const onTime = history.filter((c) => !c.lateEntry);
  const late = history.filter((c) => c.lateEntry).length;
  const n = (month: string) => Number(month.slice(5, 7));
  return [
    published(m1, 1, p1, null, history),
    published(m2, 1, p2, null, onTime),
    published(
      m2,
      2,
      p3,
      `更正：补入 ${n(m2)} 月通过来信收到、${n(m3)} 月 12 日才登记入系统的 ${late} 件投诉。收到、受理、办结件数，按期办结率、办结用时和按类别统计随之更新；其他数字未变。`,
      history,
    ),
    published(m3, 1, p4, null, history),
  ];
}

/** Every demo month with all its versions, oldest first (the shape of schema/bulletin/document.ts). */
export function demoExports(publications = demoPublications(), dates = demoDates()): BulletinExport[] {
  return dates.months.map((month) => ({
    month,
    versions: publications.filter((p) => p.month === month).map(({ version, publishedAt, note, data }) => ({ version, publishedAt, note, data })),
  }));
}

