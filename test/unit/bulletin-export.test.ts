// The demo's published bulletins (what the seed stores, and the worker renders at /bulletins/):
// the version history schema refuses broken documents, and the CSV reads back to the same numbers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOM, bulletinCsv, CSV_HEADER, parseCsv } from '../../schema/bulletin/csv.ts';
import { bulletinExport } from '../../schema/bulletin/document.ts';
import { computeBulletin, type CaseFacts } from '../../schema/bulletin/measures.ts';
import { display, exposedEntries, THRESHOLD } from '../../schema/bulletin/suppression.ts';
import { categories } from '../../schema/domain.ts';
import { demoDates, demoExports as exportsAt, demoPublications as publicationsAt } from '../../worker/cli/seed/bulletins-data.ts';
import { calendar } from '../../worker/lib/catalogue.ts';

// The demo history as generated on 14 November 2026 (August–October 2026): fixed, whatever the clock.
const DEMO = demoDates(Date.parse('2026-11-14T12:00:00+08:00'));
const demoPublications = () => publicationsAt(undefined, DEMO);
const demoExports = () => exportsAt(demoPublications(), DEMO);

describe('the demo seed’s published bulletins', () => {
  it('every month’s versions pass the version-history schema', () => {
    for (const doc of demoExports()) expect(bulletinExport.safeParse(doc).success, doc.month).toBe(true);
  });

  it('includes a correction with its note and the first version kept', () => {
    const sept = demoExports().find((d) => d.month === '2026-09')!;
    expect(sept.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(sept.versions[1].note).toMatch(/更正.*补入/);
    expect(sept.versions[1].data.overall.received).toBeGreaterThan(sept.versions[0].data.overall.received);
  });

  const good = () => structuredClone(demoExports()[1]);
  it.each([
    ['a version number that skips', (d: ReturnType<typeof good>) => (d.versions[1].version = 3), '版本号应为 2'],
    ['a correction without a note', (d: ReturnType<typeof good>) => (d.versions[1].note = ' '), '更正版本必须写明'],
    ['data of another month', (d: ReturnType<typeof good>) => (d.versions[0].data.month = '2026-08'), '应为 2026-09'],
    ['a malformed month', (d: ReturnType<typeof good>) => (d.month = '2026-9'), 'YYYY-MM'],
    ['a negative count', (d: ReturnType<typeof good>) => (d.versions[0].data.overall.received = -1), ''],
    ['a rate above 100', (d: ReturnType<typeof good>) => (d.versions[0].data.overall.onTime.percent = 120), ''],
  ])('refuses %s', (_name, breakIt, message) => {
    const doc = good();
    breakIt(doc);
    const result = bulletinExport.safeParse(doc);
    expect(result.success).toBe(false);
    if (message) expect(result.error!.message).toContain(message);
  });
});

describe('bulletin CSV', () => {
  const version = demoPublications().at(-1)!;
  const names: Record<string, string> = { 'approval-section': '行政审批科, "窗口"' };
  const csv = bulletinCsv(version, (id) => names[id] ?? id);

  it('starts with a BOM and the Chinese header, with CRLF line ends', () => {
    expect(csv.startsWith(`${BOM}${CSV_HEADER.join(',')}\r\n`)).toBe(true);
  });

  it('quotes names with commas and quotes so they read back unchanged', () => {
    const rows = parseCsv(csv);
    expect(rows.some((r) => r[3] === '行政审批科, "窗口"')).toBe(true);
    expect(rows.every((r) => r.length === CSV_HEADER.length)).toBe(true);
  });

  it('reads back every department total and every shown cell of the category table', () => {
    const rows = parseCsv(csv).slice(1);
    const t = version.data.receivedByCategory;
    t.rows.forEach((row, i) => {
      const total = rows.find((r) => r[2] === '投诉类别' && r[3] === (names[row] ?? row) && r[4] === '合计');
      expect(Number(total![5])).toBe(t.rowTotals[i]);
    });
    const shown = rows.filter((r) => r[2] === '投诉类别' && r[3] !== '合计' && r[4] !== '合计');
    expect(shown.map((r) => r[7])).toEqual(t.cells.flat().map(display));
  });
});

describe('suppression on whole bulletins (property)', () => {
  const departments = ['a', 'b', 'c', 'd'];
  const caseArb = fc.record({
    department: fc.constantFrom(...departments),
    category: fc.constantFrom(...categories.codes.slice(0, 4)),
    day: fc.integer({ min: 1, max: 30 }),
  });
  it('never shows a count from 1 to 4, and no hidden cell of a random month can be solved for', () => {
    fc.assert(
      fc.property(fc.array(caseArb, { maxLength: 60 }), (list) => {
        const cases: CaseFacts[] = list.map((c) => ({
          receivedOn: `2026-09-${String(c.day).padStart(2, '0')}`,
          department: c.department,
          category: c.category,
          transfers: [],
          extensions: [],
          sanctions: [],
        }));
        const b = computeBulletin('2026-09', cases, [], departments, calendar);
        const t = b.receivedByCategory;
        for (const cell of [...t.cells.flat(), ...t.colTotals]) {
          if (cell.value !== null) expect(cell.value === 0 || cell.value >= THRESHOLD).toBe(true);
        }
        const counts = departments.map((d) => categories.codes.map((code) => cases.filter((c) => c.department === d && c.category === code).length));
        expect(exposedEntries({ rows: departments, cols: categories.codes, cells: counts }, t)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});

describe('bulletin CSV: figures added after the first bulletins', () => {
  it('writes the findings changed on review (issue 10) when the version has them, and no row when it does not', () => {
    const version = structuredClone(demoPublications().at(-1)!);
    delete version.data.overall.findingsChangedOnReview;
    expect(parseCsv(bulletinCsv(version, (id) => id)).some((r) => r[3] === '经复核改变以前月份结论')).toBe(false);
    version.data.overall.findingsChangedOnReview = 2;
    const row = parseCsv(bulletinCsv(version, (id) => id)).find((r) => r[3] === '经复核改变以前月份结论');
    expect(row?.slice(2)).toEqual(['总体', '经复核改变以前月份结论', '', '2', '', '2']);
  });

  it('writes the 绩效评估 and 首问登记 sections with service names, and none for a version published before them', () => {
    const version = structuredClone(demoPublications().at(-1)!);
    const rows = parseCsv(bulletinCsv(version, (id) => id, (id) => `事项${id}`));
    expect(rows.some((r) => r[2] === '绩效评估（处室）' && r[4] === '按时办结率')).toBe(true);
    expect(rows.some((r) => r[2] === '首问登记' && r[3] === '当场答复率')).toBe(true);
    delete version.data.performance;
    delete version.data.inquiries;
    const old = parseCsv(bulletinCsv(version, (id) => id));
    expect(old.some((r) => r[2].startsWith('绩效评估') || r[2].startsWith('首问登记'))).toBe(false);
  });
});
