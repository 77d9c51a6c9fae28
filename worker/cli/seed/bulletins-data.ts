/**
 * The demo's history for the monthly bulletins: concluded (and a few still open) complaints
 * received in August, September and October 2026, generated from a fixed seed so the same cases
 * come out every time, and the bulletins the office published on them (version 1 of each month, and
 * a version 2 of September that adds letters registered late).
 *
 * Pure: no file system, so the worker tests run it inside workerd to check that what the seed
 * stores is what the worker itself computes from the seeded rows, and a unit test checks that the
 * committed content/bulletins/*.json equals what the seed publishes.
 */
import type { BulletinExport, BulletinVersion } from '../../../schema/bulletin/document.ts';
import { computeBulletin } from '../../../schema/bulletin/measures.ts';
import { categories, findings, sanctions as sanctionCodes, satisfaction, type Category, type Finding, type Sanction, type Satisfaction } from '../../../schema/domain.ts';
import { addWorkingDays, isWorkingDay, addCalendarDays } from '../../../schema/workdays.ts';
import { calendar, catalogue } from '../../lib/catalogue.ts';
import { departmentIds, monthBounds, toFacts } from '../../services/bulletins.ts';

export const DEMO_MONTHS = ['2026-08', '2026-09', '2026-10'] as const;
/** Nothing in the demo's history happens after this day, so the demo never shows a future date. */
const LAST_DAY = '2026-11-13';
/** September letters registered only on this day: version 1 of September did not have them. */
const LATE_ENTRY_DAY = '2026-10-12';

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
export function historicalCases(): HistoricalCase[] {
  const rnd = generator(20261101);
  const departments = catalogue.departments.map((d) => d.id);
  // Busy counters and quiet ones, so the bulletin shows both published rates and suppressed cells.
  const weights = departments.map((id) => ({ 'approval-section': 6, 'housing-security': 5, 'construction-market': 3, 'real-estate': 3, 'urban-construction': 2 })[id] ?? 1);
  const limits = catalogue.office.limits;
  const cases: HistoricalCase[] = [];
  let n = 0;
  for (const [m, month] of DEMO_MONTHS.entries()) {
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
      const lateEntry = month === '2026-09' && channel === 'letter';
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
      const decidedOn = addWorkingDays(calendar, receivedOn, rnd.int(1, limits.acceptance));
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
      if (workDays > 24 && rnd.next() < 0.4) {
        const extendedOn = addWorkingDays(calendar, decidedOn, 20);
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

/** The bulletins the demo office published on its history, oldest first. */
export function demoPublications(cases = historicalCases()): DemoPublication[] {
  const compute = (month: string, list: readonly HistoricalCase[]) =>
    computeBulletin(month, factsAt(list, monthBounds(month).end), [], departmentIds(), calendar);
  const published = (month: string, version: number, on: string, note: string | null, list: readonly HistoricalCase[]): DemoPublication => ({
    month,
    version,
    publishedAt: new Date(at(on, 30)).toISOString(),
    publishedBy: 'seed',
    note,
    data: compute(month, list),
  });
  const onTime = cases.filter((c) => !c.lateEntry);
  const late = cases.filter((c) => c.lateEntry).length;
  return [
    published('2026-08', 1, '2026-09-08', null, cases),
    published('2026-09', 1, '2026-10-09', null, onTime),
    published(
      '2026-09',
      2,
      '2026-10-14',
      `更正：补入 9 月通过来信收到、10 月 12 日才登记入系统的 ${late} 件投诉。收到、受理、办结件数，按期办结率、办结用时和按类别统计随之更新；其他数字未变。`,
      cases,
    ),
    published('2026-10', 1, '2026-11-09', null, cases),
  ];
}

/** content/bulletins/YYYY-MM.json as `npm run bulletins:export` writes it from the seeded database. */
export function demoExports(publications = demoPublications()): BulletinExport[] {
  return DEMO_MONTHS.map((month) => ({
    month,
    versions: publications.filter((p) => p.month === month).map(({ version, publishedAt, note, data }) => ({ version, publishedAt, note, data })),
  }));
}

export { LATE_ENTRY_DAY };
