/**
 * Small-cell suppression for the monthly bulletin's breakdown tables (department × category and
 * the like), so that no complaint can be traced to a person through a small count.
 *
 * What is published, and what a reader can infer from it:
 * - Department (row) totals are always exact: they are the office's own performance.
 * - A count from 1 to 4 is shown as "<5". A reader therefore knows that a "<5" entry is 0–4.
 *   Zeros are shown as 0, except where a zero must be hidden too (it is then "<5", which is
 *   true) because otherwise the zeros would give away where a row's small total sits.
 * - Further entries of 5 or more are hidden as "×" (secondary suppression) where the totals
 *   would otherwise let a reader solve for a hidden value; a reader knows "×" means ≥ 5.
 * - Category (column) totals follow the same rules as cells.
 *
 * The audit plays the reader: for each hidden entry it asks whether any table consistent with
 * everything published gives it another value. The constraints (row sums, column sums, each
 * entry's interval) form a bounded flow network, so each question is one feasibility check.
 * Suppression adds hidden entries greedily until the audit finds nothing exposed; if it cannot,
 * the breakdown is withheld and only the department totals are published.
 */
import { feasibleCirculation, UNBOUNDED, type BoundedEdge } from './flow.ts';

export const THRESHOLD = 5;

/**
 * exact: the number is shown; small: shown "<5" (0–4); complement: shown "×" (≥ 5);
 * withheld: the whole breakdown is not published (shown "—"), only the row totals are.
 */
export type Mark = 'exact' | 'small' | 'complement' | 'withheld';

export interface CountTable {
  rows: readonly string[];
  cols: readonly string[];
  /** cells[row][col], non-negative integers. */
  cells: readonly (readonly number[])[];
}

export interface PublishedCount {
  /** The number, or null when hidden. */
  value: number | null;
  mark: Mark;
}

export interface PublishedTable {
  rows: string[];
  cols: string[];
  cells: PublishedCount[][];
  rowTotals: number[];
  colTotals: PublishedCount[];
  total: number;
  /** True when no safe pattern was found and only the row totals are published. */
  withheld: boolean;
}

/** What a reader knows about one entry: its interval. */
export interface Interval {
  lo: number;
  hi: number;
}

type Marks = { cells: Mark[][]; cols: Mark[] };

function intervalOf(mark: Mark, value: number, cap: number): Interval {
  if (mark === 'exact') return { lo: value, hi: value };
  if (mark === 'small') return { lo: 0, hi: THRESHOLD - 1 };
  if (mark === 'withheld') return { lo: 0, hi: cap };
  return { lo: THRESHOLD, hi: cap };
}

/** The reader's view of a published table: row totals, and an interval for every entry. */
export interface ReaderView {
  rowTotals: readonly number[];
  total: number;
  cells: Interval[][];
  cols: Interval[];
}

export function readerView(table: PublishedTable): ReaderView {
  const total = table.total;
  return {
    rowTotals: table.rowTotals,
    total,
    cells: table.cells.map((row, i) =>
      row.map((c) => (c.value === null ? intervalOf(c.mark, 0, table.rowTotals[i]) : { lo: c.value, hi: c.value })),
    ),
    cols: table.colTotals.map((c) => (c.value === null ? intervalOf(c.mark, 0, total) : { lo: c.value, hi: c.value })),
  };
}

/** Nodes: 0 source, 1..R rows, R+1..R+C columns, R+C+1 sink; the sink returns to the source. */
function feasible(view: ReaderView, override?: { row: number; col: number; interval: Interval }): boolean {
  const R = view.rowTotals.length;
  const C = view.cols.length;
  const sink = R + C + 1;
  const edges: BoundedEdge[] = [];
  for (let i = 0; i < R; i++) edges.push({ from: 0, to: 1 + i, lower: view.rowTotals[i], upper: view.rowTotals[i] });
  for (let i = 0; i < R; i++) {
    for (let j = 0; j < C; j++) {
      const iv = override && override.row === i && override.col === j ? override.interval : view.cells[i][j];
      edges.push({ from: 1 + i, to: 1 + R + j, lower: iv.lo, upper: Math.min(iv.hi, UNBOUNDED) });
    }
  }
  for (let j = 0; j < C; j++) {
    const iv = override && override.row === -1 && override.col === j ? override.interval : view.cols[j];
    edges.push({ from: 1 + R + j, to: sink, lower: iv.lo, upper: Math.min(iv.hi, UNBOUNDED) });
  }
  edges.push({ from: sink, to: 0, lower: view.total, upper: view.total });
  return feasibleCirculation(sink + 1, edges);
}

/** Whether a reader could take the hidden entry to be some value other than `value`. */
function ambiguous(view: ReaderView, row: number, col: number, value: number): boolean {
  const iv = row === -1 ? view.cols[col] : view.cells[row][col];
  const below = { lo: iv.lo, hi: value - 1 };
  const above = { lo: value + 1, hi: iv.hi };
  return (
    (below.lo <= below.hi && feasible(view, { row, col, interval: below })) ||
    (above.lo <= above.hi && feasible(view, { row, col, interval: above }))
  );
}

/** Hidden entries whose true value a reader can work out exactly. row = -1 means a column total. */
export function exposedEntries(table: CountTable, published: PublishedTable): { row: number; col: number }[] {
  if (published.withheld) return [];
  const view = readerView(published);
  const exposed: { row: number; col: number }[] = [];
  const colTotals = columnTotals(table);
  published.cells.forEach((row, i) =>
    row.forEach((c, j) => {
      if (c.value === null && !ambiguous(view, i, j, table.cells[i][j])) exposed.push({ row: i, col: j });
    }),
  );
  published.colTotals.forEach((c, j) => {
    if (c.value === null && !ambiguous(view, -1, j, colTotals[j])) exposed.push({ row: -1, col: j });
  });
  return exposed;
}

function columnTotals(table: CountTable): number[] {
  return table.cols.map((_, j) => table.cells.reduce((sum, row) => sum + row[j], 0));
}

function hiddenMark(value: number): Mark {
  return value < THRESHOLD ? 'small' : 'complement';
}

function render(table: CountTable, marks: Marks, withheld = false): PublishedTable {
  const rowTotals = table.cells.map((row) => row.reduce((a, b) => a + b, 0));
  const colTotals = columnTotals(table);
  const entry = (value: number, mark: Mark): PublishedCount => ({ value: mark === 'exact' ? value : null, mark });
  return {
    rows: [...table.rows],
    cols: [...table.cols],
    cells: table.cells.map((row, i) => row.map((v, j) => entry(v, marks.cells[i][j]))),
    rowTotals,
    colTotals: colTotals.map((v, j) => entry(v, marks.cols[j])),
    total: rowTotals.reduce((a, b) => a + b, 0),
    withheld,
  };
}

/** Suppresses small cells and enough others that none can be solved for. */
export function suppress(table: CountTable): PublishedTable {
  for (const row of table.cells) {
    if (row.length !== table.cols.length) throw new Error('suppress: every row needs one count per column');
    for (const v of row) if (!Number.isInteger(v) || v < 0) throw new Error('suppress: counts are non-negative integers');
  }
  const colTotals = columnTotals(table);
  const isSmall = (v: number) => v >= 1 && v < THRESHOLD;
  const marks: Marks = {
    cells: table.cells.map((row) => row.map((v) => (isSmall(v) ? 'small' : 'exact'))),
    cols: colTotals.map((v) => (isSmall(v) ? 'small' : 'exact')),
  };
  const budget = table.rows.length * table.cols.length + table.cols.length;
  for (let round = 0; round <= budget; round++) {
    const exposed = exposedEntries(table, render(table, marks));
    if (exposed.length === 0) return render(table, marks);
    const target = exposed[0];
    // Candidates: every visible entry. Those on a line (row or column) that holds the target or
    // another hidden entry come first, then the cheapest: hiding a 0 costs a reader nothing, then
    // the smallest counts. A column total is on its column's line.
    const hiddenRows = new Set<number>([target.row]);
    const hiddenCols = new Set<number>([target.col]);
    marks.cells.forEach((row, i) =>
      row.forEach((m, j) => {
        if (m !== 'exact') {
          hiddenRows.add(i);
          hiddenCols.add(j);
        }
      }),
    );
    marks.cols.forEach((m, j) => m !== 'exact' && hiddenCols.add(j));
    const candidates: { row: number; col: number; value: number; related: boolean }[] = [];
    marks.cells.forEach((row, i) =>
      row.forEach((m, j) => {
        if (m === 'exact') candidates.push({ row: i, col: j, value: table.cells[i][j], related: hiddenRows.has(i) || hiddenCols.has(j) });
      }),
    );
    marks.cols.forEach((m, j) => {
      if (m === 'exact') candidates.push({ row: -1, col: j, value: colTotals[j], related: true });
    });
    if (candidates.length === 0) break;
    candidates.sort((a, b) => Number(b.related) - Number(a.related) || a.value - b.value);
    // Prefer the first candidate that actually protects the target; otherwise take the first and go on.
    let chosen = candidates[0];
    for (const c of candidates) {
      const trial: Marks = { cells: marks.cells.map((r) => [...r]), cols: [...marks.cols] };
      if (c.row === -1) trial.cols[c.col] = hiddenMark(c.value);
      else trial.cells[c.row][c.col] = hiddenMark(c.value);
      const still = exposedEntries(table, render(table, trial));
      if (!still.some((e) => e.row === target.row && e.col === target.col)) {
        chosen = c;
        break;
      }
    }
    if (chosen.row === -1) marks.cols[chosen.col] = hiddenMark(chosen.value);
    else marks.cells[chosen.row][chosen.col] = hiddenMark(chosen.value);
  }
  const all: Marks = {
    cells: table.cells.map((row) => row.map(() => 'withheld' as const)),
    cols: colTotals.map(() => 'withheld' as const),
  };
  return render(table, all, true);
}

/** The text shown for an entry. */
export function display(entry: PublishedCount): string {
  if (entry.value !== null) return String(entry.value);
  return entry.mark === 'small' ? '<5' : entry.mark === 'withheld' ? '—' : '×';
}
