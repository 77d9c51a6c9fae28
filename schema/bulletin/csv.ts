/**
 * The bulletin as CSV open data: one tidy row per published number (月份, 版本, 部分, 行, 列, 数值,
 * 样本数, 显示), UTF-8 with a byte-order mark so spreadsheet software reads the Chinese correctly
 * (RFC 4180 quoting, CRLF line ends). A hidden count has an empty 数值 and its mark in 显示.
 */
import { INVISIBLE } from '../common.ts';
import { categories, findings, sanctions, satisfaction, type Category, type Finding, type Sanction, type Satisfaction } from '../domain.ts';
import type { BulletinVersion } from './document.ts';
import { cardColourLabels, type PublishedPerformanceRow } from './performance.ts';
import type { Rate, Stat } from './measures.ts';
import { display, type PublishedTable } from './suppression.ts';

export const BOM = '\uFEFF';
export const CSV_HEADER = ['月份', '版本', '部分', '行', '列', '数值', '样本数', '显示'] as const;

/** The zh-CN name of each overall measure, in the order the bulletin shows them. */
export const measureLabels = {
  received: '收到投诉',
  accepted: '受理',
  declined: '不予受理',
  transferred: '转办',
  concluded: '办结',
  extensions: '批准延期',
  onTime: '按期办结率',
  medianDays: '办结用时中位数（工作日）',
  p90Days: '办结用时 90% 分位（工作日）',
  badRatingsReviewed: '差评复核率',
  appointmentsRequested: '办事预约',
  appointmentsContactedInTime: '预约按时联系率',
  receptionBookings: '局长接待日预约',
} as const;
export type MeasureKey = keyof typeof measureLabels;

/** Overall measures that only later bulletins carry (absent from older versions, so not in measureLabels' loop). */
export const laterMeasureLabels = {
  findingsChangedOnReview: '经复核改变以前月份结论',
} as const;

/** The zh-CN names of the 绩效评估 (issue 12) and 首问登记 (issue 13) measures. */
export const sectionLabels = {
  performanceDepartments: '绩效评估（处室）',
  performanceServices: '绩效评估（事项）',
  cardsByDepartment: '黄牌红牌（处室）',
  cardsByService: '黄牌红牌（事项）',
  ratingsByDepartment: '办件好差评（处室）',
  ratingsByService: '办件好差评（事项）',
  received: '收件',
  concluded: '办结',
  overdueOpen: '超期未办结',
  onTime: '按时办结率',
  averageDays: '平均用时（工作日）',
  committedDays: '承诺时限平均（工作日）',
  inquiries: '首问登记',
  inquiriesReceived: '登记询问',
  inquiriesByChannel: '首问登记（渠道×办理方式）',
  answeredOnTheSpot: '当场答复率',
  closedOnTime: '按时办结率',
} as const;

export function formatRate(r: Rate): string {
  return r.percent === null ? '—' : `${r.percent}%`;
}

export function formatStat(s: Stat): string {
  return s.value === null ? '—' : String(s.value);
}

/** A table's column code as a zh-CN label (categories, findings, sanctions, satisfaction levels). */
export function columnLabel(code: string): string {
  return (
    (categories.entries as Record<string, string>)[code as Category] ??
    (findings.entries as Record<string, string>)[code as Finding] ??
    (sanctions.entries as Record<string, string>)[code as Sanction] ??
    (satisfaction.entries as Record<string, string>)[code as Satisfaction] ??
    cardColourLabels[code] ??
    code
  );
}

/**
 * One RFC 4180 field, safe whatever was stored (issue 17, item 4): control, bidi and zero-width
 * characters are dropped, and a text that a spreadsheet would run as a formula (= + - @, OWASP
 * "CSV injection") gets a leading apostrophe. Numbers are written as they are.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  let text = value.replace(INVISIBLE_G, '');
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
const INVISIBLE_G = new RegExp(INVISIBLE.source, 'g');
const cell = csvCell;

export function bulletinCsv(doc: BulletinVersion, departmentName: (id: string) => string, serviceName: (id: string) => string = (id) => id): string {
  const rows: (string | number | null)[][] = [];
  const add = (part: string, row: string, col: string, value: number | null, n: number | null, shown: string) =>
    rows.push([doc.month, doc.version, part, row, col, value, n, shown]);
  const o = doc.data.overall;
  for (const [key, label] of Object.entries(measureLabels) as [MeasureKey, string][]) {
    const v = o[key];
    if (typeof v === 'number') add('总体', label, '', v, null, String(v));
    else if ('percent' in v) add('总体', label, '', v.percent, v.n, formatRate(v));
    else add('总体', label, '', v.value, v.n, formatStat(v));
  }
  if (o.findingsChangedOnReview !== undefined) add('总体', laterMeasureLabels.findingsChangedOnReview, '', o.findingsChangedOnReview, null, String(o.findingsChangedOnReview));
  for (const d of doc.data.departments) {
    const name = departmentName(d.department);
    for (const key of ['received', 'accepted', 'declined', 'transferred', 'concluded'] as const) add('处室', name, measureLabels[key], d[key], null, String(d[key]));
    add('处室', name, measureLabels.onTime, d.onTime.percent, d.onTime.n, formatRate(d.onTime));
  }
  const table = (part: string, t: PublishedTable, rowName: (id: string) => string) => {
    t.rows.forEach((r, i) => {
      t.cols.forEach((c, j) => add(part, rowName(r), columnLabel(c), t.cells[i][j].value, null, display(t.cells[i][j])));
      add(part, rowName(r), '合计', t.rowTotals[i], null, String(t.rowTotals[i]));
    });
    t.cols.forEach((c, j) => add(part, '合计', columnLabel(c), t.colTotals[j].value, null, display(t.colTotals[j])));
    add(part, '合计', '合计', t.total, null, String(t.total));
  };
  table('投诉类别', doc.data.receivedByCategory, departmentName);
  table('办理结论', doc.data.findings, (r) => r);
  table('责任追究', doc.data.sanctions, (r) => r);
  table('满意度', doc.data.satisfaction, (r) => r);
  const perf = doc.data.performance;
  if (perf) {
    const L = sectionLabels;
    const perfRows = (part: string, list: readonly PublishedPerformanceRow[], name: (id: string) => string) => {
      for (const r of list) {
        for (const key of ['received', 'concluded', 'overdueOpen'] as const) add(part, name(r.key), L[key], r[key], null, String(r[key]));
        add(part, name(r.key), L.onTime, r.onTime.percent, r.onTime.n, formatRate(r.onTime));
        add(part, name(r.key), L.averageDays, r.averageDays.value, r.averageDays.n, formatStat(r.averageDays));
        add(part, name(r.key), L.committedDays, r.committedDays.value, r.committedDays.n, formatStat(r.committedDays));
      }
    };
    perfRows(L.performanceDepartments, perf.departments, departmentName);
    perfRows(L.performanceServices, perf.services, serviceName);
    table(L.cardsByDepartment, perf.cardsByDepartment, departmentName);
    table(L.cardsByService, perf.cardsByService, serviceName);
    table(L.ratingsByDepartment, perf.ratingsByDepartment, departmentName);
    table(L.ratingsByService, perf.ratingsByService, serviceName);
  }
  const inq = doc.data.inquiries;
  if (inq) {
    add(sectionLabels.inquiries, sectionLabels.inquiriesReceived, '', inq.received, null, String(inq.received));
    add(sectionLabels.inquiries, sectionLabels.answeredOnTheSpot, '', inq.answeredOnTheSpot.percent, inq.answeredOnTheSpot.n, formatRate(inq.answeredOnTheSpot));
    add(sectionLabels.inquiries, sectionLabels.closedOnTime, '', inq.closedOnTime.percent, inq.closedOnTime.n, formatRate(inq.closedOnTime));
    table(sectionLabels.inquiriesByChannel, inq.byChannelAndOutcome, (r) => r);
  }
  return BOM + [CSV_HEADER as readonly (string | number | null)[], ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** Parses RFC 4180 CSV (as written above) back into rows of strings; the BOM is dropped. */
export function parseCsv(text: string): string[][] {
  const src = text.startsWith(BOM) ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && src[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
