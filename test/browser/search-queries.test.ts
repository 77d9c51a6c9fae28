// Search in citizens' own words (issue 16), in a real browser against the built site and the
// running worker: the natural query set (test/browser/search-queries.ts) puts the expected page
// first for at least 95 % of its queries and never shows an empty page; worker pages are found
// under the type 办事入口; a query that finds nothing still leaves a way forward.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { entryPages } from '../../schema/entry-pages.ts';
import { BASE_URL, openBrowser, type OpenBrowser } from './harness.ts';
import { naturalQueries } from './search-queries.ts';
import { results, search, searchText, withSearchPage } from './search-page.ts';

let browser: OpenBrowser;

describe('search in citizens\u2019 own words', () => {
  withSearchPage((b) => (browser = b));

  test('the query set has at least 60 queries, each once', () => {
    assert.ok(naturalQueries.length >= 60, `only ${naturalQueries.length} queries`);
    const seen = new Set<string>();
    const twice = naturalQueries.filter((q) => seen.size === seen.add(q.query).size).map((q) => q.query);
    assert.deepEqual(twice, []);
  });

  test('every expected page exists (static page or worker page)', async () => {
    const missing: string[] = [];
    for (const path of new Set(naturalQueries.map((q) => q.first.split('#')[0]))) {
      const response = await fetch(`${BASE_URL}${path}`, { redirect: 'manual' });
      if (response.status !== 200) missing.push(`${path} → ${response.status}`);
    }
    assert.deepEqual(missing, []);
  });

  test('at least 95 % of the natural queries put the expected page first, and none finds nothing', async () => {
    const misses: string[] = [];
    const empty: string[] = [];
    for (const { query, first, kind } of naturalQueries) {
      const { paths, status } = await search(browser.page, query);
      if (paths.length === 0) empty.push(`${query} (${status})`);
      else if (paths[0] !== first) misses.push(`[${kind}] ${query}: expected ${first}, got ${paths.slice(0, 3).join(', ')}`);
    }
    const right = naturalQueries.length - misses.length - empty.length;
    const rate = right / naturalQueries.length;
    console.log(`natural queries: ${right} of ${naturalQueries.length} right first (${(rate * 100).toFixed(1)} %)${misses.length ? `\n  ${misses.join('\n  ')}` : ''}`);
    assert.deepEqual(empty, [], 'queries that showed no result at all');
    assert.ok(rate >= 0.95, `${(rate * 100).toFixed(1)} % right first (at least 95 % required); misses:\n  ${misses.join('\n  ')}`);
  });

  test('a guide found for a question about its materials opens at the materials section', async () => {
    const { page } = browser;
    await search(page, '施工许可要带什么材料');
    const first = page.locator('[data-search-results] > li a').first();
    await first.click();
    await page.waitForURL(/#materials$/);
    assert.equal(await page.locator('#materials').textContent(), '申请材料（一次性告知）');
    await page.goto(`${BASE_URL}/search/`);
  });

  test('the worker\u2019s pages are in the index under the type 办事入口, with their real URLs', async () => {
    const { page } = browser;
    const searchable = entryPages.filter((p) => p.searchable).map((p) => p.path);
    await page.getByLabel(searchText.type, { exact: true }).selectOption({ label: '办事入口' });
    const found = await results(page, '', { type: '办事入口' });
    await page.getByLabel(searchText.type, { exact: true }).selectOption({ index: 0 });
    assert.deepEqual([...found.paths].sort(), [...searchable].sort());
  });

  test('a query that finds nothing as typed is retried with fewer words, and the page says so', async () => {
    const { paths, status } = await search(browser.page, '挖路审批手续');
    assert.equal(paths[0], '/services/road-excavation/');
    assert.match(status, /已改为搜索“挖路/, status);
  });

  test('a query that finds nothing still shows the complaint phone, the service list and the popular tasks', async () => {
    const { page } = browser;
    const { paths, status } = await search(page, '氕氘氚踅跫');
    assert.deepEqual(paths, []);
    assert.match(status, /没有找到/);
    const help = page.locator('[data-search-help]');
    assert.ok(await help.isVisible());
    assert.ok(await help.locator('a[href^="tel:"]').isVisible(), 'the complaint phone');
    assert.ok(await help.locator('a[href="/services/"]').isVisible(), 'the service list');
    assert.ok(await help.locator('a[href="/complaints/new/"]').isVisible(), 'the complaint form');
  });
});

describe('search without JavaScript', () => {
  test('links to the service list, the department list and the popular tasks', async () => {
    const noJs = await openBrowser({ javaScriptEnabled: false });
    try {
      await noJs.page.goto(`${BASE_URL}/search/`);
      const main = noJs.page.locator('main');
      for (const href of ['/services/', '/departments/', '/complaints/new/', '/track/', '/appointments/new/']) {
        assert.ok(await main.locator(`a[href="${href}"]`).first().isVisible(), `no visible link to ${href}`);
      }
      assert.equal(await noJs.page.locator('[data-search-form]').isVisible(), false, 'the form needs the script');
    } finally {
      await noJs.close();
    }
  });
});
