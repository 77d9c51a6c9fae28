import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryPages } from '../../schema/entry-pages.ts';
import { bulletinIndexRecord, bundleDirs, entryRecord, indexablePart, PAGES_PER_BUNDLE, urlOf } from '../../site/build/search-index.ts';

// site/build/search-index.ts (issue 16): what the search index is built from.
describe('the indexable part of a built page', () => {
  const page = (main: string) =>
    `<!doctype html><html lang="zh-CN"><head><title>t</title></head><body><header>导航</header>${main}<footer>页脚</footer></body></html>`;

  it('is the page\u2019s language and its <main data-pagefind-body>, without header, footer or flowchart SVG', () => {
    const html = page('<main id="main" class="container" data-pagefind-body=""><h1>挖掘城市道路许可</h1><figure><svg role="img"><text>受理</text></svg></figure><ol><li>受理</li></ol></main>');
    const part = indexablePart(html)!;
    expect(part).toContain('<html lang="zh-CN">');
    expect(part).toContain('<h1>挖掘城市道路许可</h1>');
    expect(part).toContain('<ol><li>受理</li></ol>');
    expect(part).not.toContain('<svg');
    expect(part).not.toContain('导航');
    expect(part).not.toContain('页脚');
  });

  it('is nothing for a page that search should not find (no data-pagefind-body)', () => {
    expect(indexablePart(page('<main id="main" class="container"><h1>办事指南</h1></main>'))).toBeUndefined();
  });

  it('is found at the URL the static server gives the file', () => {
    expect(urlOf('services/road-excavation/index.html')).toBe('/services/road-excavation/');
    expect(urlOf('index.html')).toBe('/');
    expect(urlOf('404.html')).toBe('/404.html');
  });
});

describe('records for pages that are not in dist/', () => {
  it('each searchable worker page is a record with its real URL, the type 办事入口, its title and keywords', () => {
    const form = entryPages.find((p) => p.path === '/complaints/new/')!;
    const record = entryRecord(form);
    expect(record.url).toBe('/complaints/new/');
    expect(record.content).toContain('data-pagefind-filter="类型" data-pagefind-meta="类型">办事入口</p>');
    expect(record.content).toContain(`data-pagefind-meta="title" data-pagefind-weight="7">${form.title}</h1>`);
    expect(record.content).toContain('态度差');
  });

  it('the worker-rendered bulletin list is one record under 月度通报 at /bulletins/', () => {
    const record = bulletinIndexRecord();
    expect(record.url).toBe('/bulletins/');
    expect(record.content).toContain('>月度通报</p>');
    expect(record.content).toContain('按期办结率');
  });
});

describe('index bundles (Pagefind holds a bundle in memory: a builder short of memory indexes in several)', () => {
  it('keeps every site in one bundle by default (ranking is per bundle)', () => {
    expect(PAGES_PER_BUNDLE).toBe(Number.POSITIVE_INFINITY);
    expect(bundleDirs(60)).toEqual(['pagefind']);
    expect(bundleDirs(11_025)).toEqual(['pagefind']);
  });

  it('splits into as few bundles as the size given allows, the first at /pagefind/', () => {
    expect(bundleDirs(5001, 5000)).toEqual(['pagefind', 'pagefind-2']);
    expect(bundleDirs(11_025, 5000)).toEqual(['pagefind', 'pagefind-2', 'pagefind-3']);
    expect(bundleDirs(0, 5000)).toEqual(['pagefind']);
  });
});
