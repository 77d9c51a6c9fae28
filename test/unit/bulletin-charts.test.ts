import { describe, expect, it } from 'vitest';
import { barChart, trendChart } from '../../schema/bulletin/charts.ts';

describe('bulletin charts', () => {
  it('draws received and concluded as two lines told apart by dash and label, with a text description', () => {
    const svg = trendChart('trend', [
      { month: '2026-09', received: 12, concluded: 9 },
      { month: '2026-10', received: 15, concluded: 14 },
    ]);
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="trend-title trend-desc"/);
    expect(svg).toContain('<title id="trend-title">每月收到与办结的效能投诉件数</title>');
    expect(svg).toContain('2026-10：收到 15 件，办结 14 件');
    expect(svg).toContain('stroke-dasharray');
    expect(svg).toContain('收到 15</text>');
    expect(svg).toContain('办结 14</text>');
  });

  it('writes each bar’s value as text and draws no bar for an unpublished value', () => {
    const svg = barChart('ontime', '各处室按期办结率', [
      { label: '行政审批科', value: 92.5, text: '92.5%' },
      { label: '住房保障科', value: null, text: '—（不足 10 件）' },
    ], 100);
    expect(svg.match(/<rect /g)).toHaveLength(1);
    expect(svg).toContain('—（不足 10 件）');
    expect(svg).toContain('行政审批科：92.5%；住房保障科：—（不足 10 件）');
  });

  it('escapes text so a label cannot break the markup', () => {
    const svg = barChart('x', 'a<b', [{ label: '<script>', value: 1, text: '1' }]);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
  });

  it('makes room for a long department name instead of cutting it off', () => {
    const svg = barChart('long', 't', [{ label: '机关效能建设办公室（监察室）', value: 50, text: '50%' }], 100);
    const x = Number(/<rect x="([\d.]+)"/.exec(svg)![1]);
    expect(x).toBeGreaterThanOrEqual(14 * 14 + 10);
    expect(Number(/<text x="([\d.]+)"[^>]*text-anchor="end"/.exec(svg)![1])).toBeGreaterThan(14 * 14);
  });
});
