import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  display,
  exposedEntries,
  readerView,
  suppress,
  THRESHOLD,
  type CountTable,
  type PublishedTable,
} from '../../schema/bulletin/suppression.ts';

/**
 * An attacker independent of the flow-based audit: enumerate every table a reader could believe
 * in (row totals exact, each entry within the interval its display implies, column totals
 * consistent) and collect the values each hidden entry takes. Exhaustive, so only for small tables.
 */
function bruteForceValues(published: PublishedTable): { cells: Set<number>[][]; cols: Set<number>[] } {
  const view = readerView(published);
  const R = view.rowTotals.length;
  const C = view.cols.length;
  const cells = view.cells.map((row) => row.map(() => new Set<number>()));
  const cols = view.cols.map(() => new Set<number>());
  const current = view.cells.map((row) => row.map(() => 0));
  const fillRow = (i: number, j: number, left: number): void => {
    if (i === R) {
      for (let c = 0; c < C; c++) {
        const sum = current.reduce((s, row) => s + row[c], 0);
        if (sum < view.cols[c].lo || sum > view.cols[c].hi) return;
      }
      current.forEach((row, a) => row.forEach((v, b) => cells[a][b].add(v)));
      for (let c = 0; c < C; c++) cols[c].add(current.reduce((s, row) => s + row[c], 0));
      return;
    }
    if (j === C - 1) {
      const iv = view.cells[i][j];
      if (left < iv.lo || left > iv.hi) return;
      current[i][j] = left;
      fillRow(i + 1, 0, view.rowTotals[i + 1] ?? 0);
      return;
    }
    const iv = view.cells[i][j];
    for (let v = iv.lo; v <= Math.min(iv.hi, left); v++) {
      current[i][j] = v;
      fillRow(i, j + 1, left - v);
    }
  };
  fillRow(0, 0, view.rowTotals[0] ?? 0);
  return { cells, cols };
}

const smallTable = fc
  .record({ rows: fc.integer({ min: 1, max: 3 }), cols: fc.integer({ min: 2, max: 3 }) })
  .chain(({ rows, cols }) =>
    fc.array(fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 9 })), { minLength: cols, maxLength: cols }), {
      minLength: rows,
      maxLength: rows,
    }),
  )
  .map((cells): CountTable => ({ rows: cells.map((_, i) => `d${i}`), cols: cells[0].map((_, j) => `c${j}`), cells }));

const officeTable = fc
  .record({ rows: fc.integer({ min: 2, max: 8 }), cols: fc.integer({ min: 3, max: 9 }) })
  .chain(({ rows, cols }) =>
    fc.array(fc.array(fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 2, arbitrary: fc.integer({ min: 5, max: 40 }) }), { minLength: cols, maxLength: cols }), {
      minLength: rows,
      maxLength: rows,
    }),
  )
  .map((cells): CountTable => ({ rows: cells.map((_, i) => `d${i}`), cols: cells[0].map((_, j) => `c${j}`), cells }));

function hiddenEntries(p: PublishedTable) {
  const out: { row: number; col: number }[] = [];
  p.cells.forEach((row, i) => row.forEach((c, j) => c.value === null && out.push({ row: i, col: j })));
  p.colTotals.forEach((c, j) => c.value === null && out.push({ row: -1, col: j }));
  return out;
}

describe('bulletin small-cell suppression', () => {
  it('shows 1–4 as <5 and keeps department totals exact', () => {
    const table: CountTable = { rows: ['a', 'b'], cols: ['x', 'y', 'z'], cells: [[3, 12, 7], [0, 9, 15]] };
    const published = suppress(table);
    expect(display(published.cells[0][0])).toBe('<5');
    expect(published.rowTotals).toEqual([22, 24]);
    expect(exposedEntries(table, published)).toEqual([]);
    // The lone small cell in row a forces a second hidden entry in that row, and one in its column.
    expect(published.cells[0].filter((c) => c.value === null).length).toBeGreaterThanOrEqual(2);
    expect(published.cells.map((r) => r[0]).filter((c) => c.value === null).length + (published.colTotals[0].value === null ? 1 : 0)).toBeGreaterThanOrEqual(2);
  });

  it('hides the zeros of a department whose only complaints sit in one category', () => {
    const table: CountTable = { rows: ['a'], cols: ['x', 'y', 'z'], cells: [[3, 0, 0]] };
    const published = suppress(table);
    expect(published.withheld).toBe(false);
    expect(display(published.cells[0][0])).toBe('<5');
    // At least one of the zeros is shown as <5 (true: 0 is below 5), so the 3 could sit elsewhere.
    expect(published.cells[0].slice(1).map(display)).toContain('<5');
    expect(exposedEntries(table, published)).toEqual([]);
  });

  it('no suppressed cell can be recovered by any reader, checked exhaustively on small tables', () => {
    fc.assert(
      fc.property(smallTable, (table) => {
        const published = suppress(table);
        if (published.withheld) return;
        const seen = bruteForceValues(published);
        const colTotals = table.cols.map((_, j) => table.cells.reduce((s, r) => s + r[j], 0));
        for (const { row, col } of hiddenEntries(published)) {
          const values = row === -1 ? seen.cols[col] : seen.cells[row][col];
          const truth = row === -1 ? colTotals[col] : table.cells[row][col];
          expect(values.has(truth)).toBe(true); // the published view is true
          expect(values.size).toBeGreaterThan(1); // and does not pin the value down
        }
      }),
      { numRuns: 400 },
    );
  });

  it('no published cell below the threshold escapes, on office-sized tables', () => {
    fc.assert(
      fc.property(officeTable, (table) => {
        const published = suppress(table);
        table.cells.forEach((row, i) =>
          row.forEach((v, j) => {
            if (v >= 1 && v < THRESHOLD) expect(published.cells[i][j].value).toBeNull();
          }),
        );
        expect(published.rowTotals).toEqual(table.cells.map((r) => r.reduce((a, b) => a + b, 0)));
        expect(exposedEntries(table, published)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('withholds the breakdown rather than publish an unsafe one', () => {
    // One category only: every cell equals its department total, so no pattern can hide it.
    const table: CountTable = { rows: ['a', 'b'], cols: ['x'], cells: [[3], [8]] };
    const published = suppress(table);
    expect(published.withheld).toBe(true);
    expect(published.cells.flat().every((c) => c.value === null && display(c) === '—')).toBe(true);
    expect(published.rowTotals).toEqual([3, 8]);
  });
});
