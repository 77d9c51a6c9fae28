/**
 * Bulletin charts as inline SVG strings, rendered at build time (no client script). Every chart
 * has a <title> and <desc>, labels its values in text (colour is never the only cue: the two
 * series differ in dash and marker too), and the page shows a table with the same numbers.
 */
import { xmlText } from '../common.ts';

const FONT = `font-family="'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"`;
const INK = '#1b1b1b';
const MUTED = '#505a5f';
const SERIES = ['#1d4f91', '#b3401b'];

// Every text in a chart is escaped and stripped of what XML forbids (schema/common.ts).
const esc = xmlText;

function frame(id: string, width: number, height: number, title: string, desc: string, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-title ${id}-desc" class="chart" ${FONT}>` +
    `<title id="${id}-title">${esc(title)}</title><desc id="${id}-desc">${esc(desc)}</desc>${body}</svg>`
  );
}

function niceMax(value: number): number {
  if (value <= 5) return 5;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

export interface TrendPoint {
  /** YYYY-MM */
  month: string;
  received: number;
  concluded: number;
}

/** Received vs concluded over the months, as two labelled lines. */
export function trendChart(id: string, points: readonly TrendPoint[]): string {
  const width = 640;
  const height = 300;
  const left = 48;
  const right = 110;
  const top = 20;
  const bottom = 48;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const max = niceMax(Math.max(1, ...points.flatMap((p) => [p.received, p.concluded])));
  const x = (i: number) => left + (points.length === 1 ? plotW / 2 : (i * plotW) / (points.length - 1));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  let body = '';
  for (let t = 0; t <= 4; t++) {
    const v = (max * t) / 4;
    body += `<line x1="${left}" x2="${left + plotW}" y1="${y(v)}" y2="${y(v)}" stroke="#d0d4d6" stroke-width="1"/>`;
    body += `<text x="${left - 8}" y="${y(v) + 5}" text-anchor="end" font-size="13" fill="${MUTED}">${Number.isInteger(v) ? v : v.toFixed(1)}</text>`;
  }
  points.forEach((p, i) => {
    const [yy, mm] = p.month.split('-');
    body += `<text x="${x(i)}" y="${height - bottom + 22}" text-anchor="middle" font-size="13" fill="${INK}">${Number(mm)}月</text>`;
    if (i === 0 || mm === '01') body += `<text x="${x(i)}" y="${height - bottom + 40}" text-anchor="middle" font-size="12" fill="${MUTED}">${yy}年</text>`;
  });
  const series = [
    { key: 'received' as const, label: '收到', dash: '', marker: (cx: number, cy: number) => `<circle cx="${cx}" cy="${cy}" r="4.5" fill="${SERIES[0]}"/>` },
    { key: 'concluded' as const, label: '办结', dash: ' stroke-dasharray="7 5"', marker: (cx: number, cy: number) => `<rect x="${cx - 4}" y="${cy - 4}" width="8" height="8" fill="${SERIES[1]}"/>` },
  ];
  series.forEach((s, k) => {
    const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p[s.key]).toFixed(1)}`).join(' ');
    body += `<path d="${path}" fill="none" stroke="${SERIES[k]}" stroke-width="2.5"${s.dash}/>`;
    points.forEach((p, i) => (body += s.marker(x(i), y(p[s.key]))));
    const last = points[points.length - 1];
    if (last) body += `<text x="${x(points.length - 1) + 12}" y="${y(last[s.key]) + (k === 0 ? -4 : 14)}" font-size="14" fill="${SERIES[k]}">${s.label} ${last[s.key]}</text>`;
  });
  const desc = points.map((p) => `${p.month}：收到 ${p.received} 件，办结 ${p.concluded} 件`).join('；');
  return frame(id, width, height, '每月收到与办结的效能投诉件数', `折线图。${desc}。`, body);
}

export interface BarRow {
  label: string;
  /** The value to draw, or null when it is not published (then `text` says why). */
  value: number | null;
  /** The text shown beside the bar, e.g. "87.5%" or "—（不足 10 件）". */
  text: string;
}

/** Horizontal bars with their values written beside them; for percentages pass max = 100. */
export function barChart(id: string, title: string, rows: readonly BarRow[], max?: number): string {
  const width = 640;
  // Room for the longest label (a CJK character is about 1 em at 14 px, other characters about
  // 0.6 em), so a long department name is not cut off at the left edge.
  const textWidth = (t: string) => [...t].reduce((w, ch) => w + (/[\u2e80-\uffff]/.test(ch) ? 14 : 8.4), 0);
  const labelW = Math.min(330, Math.max(120, Math.ceil(Math.max(0, ...rows.map((r) => textWidth(r.label))) + 22)));
  const rowH = 34;
  const top = 10;
  const height = top * 2 + rows.length * rowH;
  const scaleMax = max ?? niceMax(Math.max(1, ...rows.map((r) => r.value ?? 0)));
  const plotW = width - labelW - 150;
  let body = '';
  rows.forEach((r, i) => {
    const yTop = top + i * rowH;
    body += `<text x="${labelW - 10}" y="${yTop + 22}" text-anchor="end" font-size="14" fill="${INK}">${esc(r.label)}</text>`;
    const w = r.value === null ? 0 : Math.max(r.value > 0 ? 2 : 0, (r.value / scaleMax) * plotW);
    if (w > 0) body += `<rect x="${labelW}" y="${yTop + 7}" width="${w.toFixed(1)}" height="20" fill="${SERIES[0]}"/>`;
    body += `<text x="${labelW + w + 8}" y="${yTop + 22}" font-size="14" fill="${INK}">${esc(r.text)}</text>`;
  });
  const desc = rows.map((r) => `${r.label}：${r.text}`).join('；');
  return frame(id, width, height, title, `条形图。${desc}。`, body);
}
