import { Graphviz } from '@hpcc-js/wasm-graphviz';

/**
 * Build-time flowcharts for service guides: DOT → inline SVG, no client script.
 *
 * Graphviz measures text with its own metrics, which know nothing of CJK glyphs, so Chinese labels
 * overflow their boxes. We estimate each label's width ourselves (CJK ≈ 1 em, ASCII ≈ 0.6 em) and
 * give Graphviz that as the node's minimum width.
 */

export const FONT_SIZE = 14;
export const FONT_FAMILY = 'Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif';
/** Space left and right of the longest line, in points. */
const PADDING = 24;

export interface FlowStep {
  name: string;
  days: number;
}

// Wide characters: CJK ideographs, fullwidth forms and CJK punctuation take a whole em.
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** Estimated width of one line of text, in em. */
export function textWidthEm(line: string): number {
  let em = 0;
  for (const ch of line) em += WIDE.test(ch) ? 1 : 0.6;
  return em;
}

/** The lines of a step's box: its name, then its time limit. */
export function stepLines(step: FlowStep): string[] {
  return [step.name, step.days === 0 ? '当场' : `${step.days} 个工作日`];
}

/** Minimum node width in inches (Graphviz units) so the longest line fits with padding. */
export function nodeWidthInches(lines: string[]): number {
  const widest = Math.max(...lines.map(textWidthEm));
  return (widest * FONT_SIZE + PADDING * 2) / 72;
}

const escapeDot = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function toDot(steps: FlowStep[]): string {
  const nodes = steps.map((step, i) => {
    const lines = stepLines(step);
    const label = lines.map(escapeDot).join('\\n');
    return `  s${i} [label="${label}", width=${nodeWidthInches(lines).toFixed(3)}];`;
  });
  const edges = steps.slice(1).map((_, i) => `  s${i} -> s${i + 1};`);
  return [
    'digraph flow {',
    '  graph [rankdir=TB, bgcolor="transparent", nodesep=0.3, ranksep=0.35, pad=0.1];',
    `  node [shape=box, style="rounded,filled", fillcolor="#eef4fb", color="#1d4f91", penwidth=1.5, fontcolor="#111111", fontname="${FONT_FAMILY}", fontsize=${FONT_SIZE}, fixedsize=false, height=0.6, margin="0.15,0.08"];`,
    '  edge [color="#1d4f91", penwidth=1.5, arrowsize=0.8];',
    ...nodes,
    ...edges,
    '}',
  ].join('\n');
}

let graphviz: Promise<Awaited<ReturnType<typeof Graphviz.load>>> | undefined;
/** Loading the wasm takes a while; every page of a build shares one instance. */
const loadGraphviz = () => (graphviz ??= Graphviz.load());

/**
 * Renders the steps as an accessible, responsive inline SVG. `idPrefix` keeps element ids unique
 * when a page holds more than one chart; `title` becomes the SVG's accessible name.
 */
export async function renderFlowchart(steps: FlowStep[], idPrefix: string, title: string): Promise<string> {
  return cleanSvg(await layout(toDot(steps)), idPrefix, title);
}

/**
 * Graphviz's SVG for each distinct chart drawn in this build. The DOT text holds everything the
 * drawing depends on (step names and days), so it is the key: services with the same steps share
 * one layout. Laying out took ~30 ms a chart, most of a province-scale build (10,000 guides,
 * issue 16); guides mostly share a handful of procedures, so the cache cuts that to a few hundred.
 */
const layouts = new Map<string, string>();
export const layoutCacheStats = { hits: 0, misses: 0 };

async function layout(dot: string): Promise<string> {
  const cached = layouts.get(dot);
  if (cached !== undefined) {
    layoutCacheStats.hits++;
    return cached;
  }
  layoutCacheStats.misses++;
  const raw = (await loadGraphviz()).dot(dot);
  layouts.set(dot, raw);
  return raw;
}

/** Strips what an inline SVG must not carry and makes it scale with its container. */
export function cleanSvg(raw: string, idPrefix: string, title: string): string {
  const titleId = `${idPrefix}-title`;
  return raw
    .replace(/<\?xml[^>]*\?>/g, '')
    .replace(/<!DOCTYPE[^>]*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    // Per-node <title>s hold DOT ids (s0, s1): noise for screen readers, replaced by one title.
    .replace(/<title>[\s\S]*?<\/title>/g, '')
    .replace(/\sid="([^"]+)"/g, ` id="${idPrefix}-$1"`)
    // The natural width stays as the width attribute and portal.css caps it at 100% with an
    // automatic height: small charts keep their size, wide ones shrink on a phone, the viewBox
    // keeps the proportions. (No style attribute: the CSP's style-src 'self' would block it.)
    .replace(
      /<svg\s+width="([^"]*)"\s+height="[^"]*"/,
      `<svg role="img" aria-labelledby="${titleId}" class="flowchart-svg" width="$1"`,
    )
    .replace(/(<svg[^>]*>)/, `$1<title id="${titleId}">${escapeXml(title)}</title>`)
    .replace(/\n{2,}/g, '\n')
    .trim();
}
