import { describe, expect, it } from 'vitest';
import { FONT_SIZE, layoutCacheStats, renderFlowchart, stepLines, textWidthEm } from '../../site/lib/flowchart.ts';

/** Each node of the SVG: the x extent of its shape and the text lines drawn inside it. */
function nodes(svg: string) {
  const groups = [...svg.matchAll(/<g id="[^"]*node\d+" class="node">([\s\S]*?)<\/g>/g)].map((m) => m[1]!);
  return groups.map((g) => {
    const shape = /<(?:path[^>]* d|polygon[^>]* points)="([^"]+)"/.exec(g)![1]!;
    const numbers = shape.match(/-?\d+(?:\.\d+)?/g)!.map(Number);
    const xs = numbers.filter((_, i) => i % 2 === 0);
    const texts = [...g.matchAll(/<text[^>]*x="([-\d.]+)"[^>]*>([^<]*)<\/text>/g)].map((t) => ({
      x: Number(t[1]),
      text: t[2]!,
    }));
    return { left: Math.min(...xs), right: Math.max(...xs), texts };
  });
}

const longSteps = [
  { name: '申请人提交全部申请材料', days: 0 },
  { name: 'CA证书 与 U盾 核验', days: 2 },
  { name: '审查', days: 15 },
  { name: 'Step 4 mixed 中文', days: 1 },
];

describe('build-time flowchart', () => {
  it('makes every box wide enough for its estimated label width, CJK and mixed', async () => {
    const svg = await renderFlowchart(longSteps, 'fc-test', '流程图');
    const found = nodes(svg);
    expect(found).toHaveLength(longSteps.length);
    for (const node of found) {
      for (const { x, text } of node.texts) {
        const half = (textWidthEm(text) * FONT_SIZE) / 2;
        expect(x - half, `“${text}” 左侧溢出`).toBeGreaterThanOrEqual(node.left);
        expect(x + half, `“${text}” 右侧溢出`).toBeLessThanOrEqual(node.right);
      }
    }
  });

  it('draws the steps top to bottom in their order, each with its time limit', async () => {
    const svg = await renderFlowchart(longSteps, 'fc-order', '流程图');
    const labels = nodes(svg).map((n) => n.texts.map((t) => t.text));
    expect(labels).toEqual(longSteps.map(stepLines));
    const positions = longSteps.map((s) => svg.indexOf(`>${s.name}<`));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(labels[0]![1]).toBe('当场');
    expect(labels[2]![1]).toBe('15 个工作日');
  });

  it('yields an inline, accessible, responsive SVG with prefixed ids', async () => {
    const svg = await renderFlowchart(longSteps, 'fc-x', '办理流程图');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toMatch(/<\?xml|<!DOCTYPE|<!--/);
    expect(svg).toMatch(/role="img"/);
    expect(svg).toContain('<title id="fc-x-title">办理流程图</title>');
    expect(svg).toMatch(/viewBox="/);
    // Natural width as an attribute (capped at 100% by portal.css), no fixed height, no style
    // attribute (the CSP blocks inline styles).
    expect(svg).toMatch(/<svg[^>]*\swidth="[\d.]+pt"/);
    expect(svg).not.toMatch(/<svg[^>]*\sheight="/);
    expect(svg).not.toMatch(/\sstyle="/);
    const ids = [...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
    expect(ids.every((id) => id.startsWith('fc-x-'))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('flowchart layout cache (issue 16: a province-scale build lays out each distinct chart once)', () => {
  it('lays out the same steps once, yet gives each guide its own ids and title', async () => {
    const steps = [{ name: '缓存测试受理', days: 0 }, { name: '缓存测试决定', days: 3 }];
    const before = { ...layoutCacheStats };
    const a = await renderFlowchart(steps, 'flow-a', '甲事项办理流程图');
    const b = await renderFlowchart(structuredClone(steps), 'flow-b', '乙事项办理流程图');
    expect(layoutCacheStats.misses - before.misses).toBe(1);
    expect(layoutCacheStats.hits - before.hits).toBe(1);
    expect(a).toContain('id="flow-a-title"');
    expect(a).toContain('甲事项办理流程图');
    expect(b).toContain('id="flow-b-title"');
    expect(b).toContain('乙事项办理流程图');
    expect(b).not.toContain('flow-a');
    expect(a.replaceAll('flow-a', 'X').replace('甲', '乙')).toBe(b.replaceAll('flow-b', 'X'));
  });

  it('lays out again when a step changes (name or days)', async () => {
    const before = layoutCacheStats.misses;
    await renderFlowchart([{ name: '缓存测试受理', days: 0 }, { name: '缓存测试决定', days: 4 }], 'f', 't');
    await renderFlowchart([{ name: '缓存测试受理', days: 0 }, { name: '缓存测试审核', days: 3 }], 'f', 't');
    expect(layoutCacheStats.misses - before).toBe(2);
  });
});
