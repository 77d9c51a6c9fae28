// Search on /search/ (Pagefind, Chinese segmentation): typing a query puts the expected page
// FIRST. Expectations come from content/: every rule's title, every service's name and every
// department's name finds its own page; a few everyday words find the page a citizen means.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { departments, pageOf, rules, services } from './content.ts';
import { type OpenBrowser, sitemapPaths } from './harness.ts';
import { results, search, searchText as text, withSearchPage } from './search-page.ts';

function ruleTitled(title: string): string {
  const rule = rules.find((r) => r.data.title === title);
  assert.ok(rule, `content/rules has no rule titled ${title}`);
  return pageOf.rule(rule.id);
}

/** query → the page that must come first. */
const expectations: { query: string; first: string; why: string }[] = [
  ...rules.map((r) => ({ query: r.data.title, first: pageOf.rule(r.id), why: `rule title (content/rules/${r.id}.mdx)` })),
  ...services.map((s) => ({ query: s.data.name, first: pageOf.service(s.id), why: `service name (content/services/${s.id}.mdx)` })),
  ...departments.map((d) => ({ query: d.data.name, first: pageOf.department(d.id), why: `department name (content/departments/${d.id}.yaml)` })),
  // Everyday words and questions: test/browser/search-queries.ts (the natural query set).
  { query: '时限', first: ruleTitled('限时办结制'), why: 'the time-limit rule' },
];

let browser: OpenBrowser;

describe('search', () => {
  withSearchPage((b) => (browser = b));

  test('every expected page is in the sitemap', async () => {
    const paths = new Set(await sitemapPaths());
    const missing = [...new Set(expectations.map((e) => e.first))].filter((p) => !paths.has(p));
    assert.deepEqual(missing, [], 'pages the search should find are missing from sitemap.xml');
  });

  for (const { query, first, why } of expectations) {
    test(`"${query}" finds ${first} first (${why})`, async () => {
      const { paths, status } = await search(browser.page, query);
      assert.ok(paths.length > 0, `no results for "${query}" (status: ${status})`);
      assert.equal(paths[0], first, `"${query}": expected ${first} first; results were:\n  ${paths.slice(0, 8).join('\n  ')}`);
    });
  }

  test('a nonsense query says nothing was found', async () => {
    const query = '氕氘氚踅跫';
    const { paths, status } = await search(browser.page, query);
    assert.deepEqual(paths, [], `"${query}" should find nothing`);
    assert.match(status, /没有|未找到|无结果/, `"${query}": the status should say nothing was found, says "${status}"`);
  });

  test('the type filter narrows the results to that type', async () => {
    const { page } = browser;
    const query = '办理';
    const all = await search(page, query);
    assert.ok(all.paths.some((p) => !p.startsWith('/rules/')), `"${query}" should find more than rules: ${all.paths.join(', ')}`);
    await page.getByLabel(text.type, { exact: true }).selectOption({ label: '效能制度' });
    const filtered = await results(page, query, { type: '效能制度' });
    await page.getByLabel(text.type, { exact: true }).selectOption({ index: 0 });
    assert.ok(filtered.paths.length > 0, `"${query}" with type 效能制度 found nothing (${filtered.status})`);
    const others = filtered.paths.filter((p) => !p.startsWith('/rules/'));
    assert.deepEqual(others, [], `type 效能制度 let other pages through`);
  });

  test('the department filter narrows the results to that department', async () => {
    const { page } = browser;
    // The department with the most services, so that its filter surely matches something.
    const counts = new Map<string, number>();
    for (const s of services) counts.set(s.data.department, (counts.get(s.data.department) ?? 0) + 1);
    const [departmentId] = [...counts].sort((a, b) => b[1] - a[1])[0];
    const department = departments.find((d) => d.id === departmentId)!;
    const own = new Set([pageOf.department(department.id), ...services.filter((s) => s.data.department === department.id).map((s) => pageOf.service(s.id))]);

    const query = '办理';
    const all = await search(page, query);
    assert.ok(all.paths.some((p) => !own.has(p)), `"${query}" should find pages of other departments too: ${all.paths.join(', ')}`);
    await page.getByLabel(text.department, { exact: true }).selectOption({ label: department.data.name });
    const filtered = await results(page, query, { department: department.data.name });
    await page.getByLabel(text.department, { exact: true }).selectOption({ index: 0 });
    assert.ok(filtered.paths.length > 0, `"${query}" with department ${department.data.name} found nothing (${filtered.status})`);
    const others = filtered.paths.filter((p) => !own.has(p));
    assert.deepEqual(others, [], `department ${department.data.name} let pages of other departments through`);
  });
});
