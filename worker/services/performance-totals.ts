/**
 * The one 绩效评估 computation (schema/bulletin/performance.ts) with the office's calendar and
 * catalogue: the console (application-performance.ts), the bulletin (bulletin-month.ts) and the
 * demo seed (cli/seed/bulletins-data.ts) all call this. No D1 here, so the Node scripts can too.
 */
import { performanceTotals, type PerformanceBy, type PerformanceFacts, type PerformanceTotals } from '../../schema/bulletin/performance.ts';
import { calendar, catalogue } from '../lib/catalogue.ts';

export function totalsOf(month: string, facts: PerformanceFacts, by: PerformanceBy): PerformanceTotals[] {
  return performanceTotals(month, facts, by, { calendar, committedDaysOf: (id) => catalogue.services.find((s) => s.id === id)?.committedDays ?? 0 });
}
