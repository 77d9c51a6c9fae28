// Drives /search/ for the search tests (search.test.ts, search-queries.test.ts). Not a test file.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { ui } from '../../schema/ui.ts';
import { BASE_URL, withBrowser, type OpenBrowser } from './harness.ts';

/** One browser with JavaScript on, opened on /search/, for the tests of the enclosing describe block. */
export function withSearchPage(use: (browser: OpenBrowser) => void): void {
  withBrowser({}, async (browser) => {
    use(browser);
    const response = await browser.page.goto(`${BASE_URL}/search/`);
    assert.equal(response?.status(), 200);
  });
}

const labels = ui as Record<string, string>;
export const searchText = {
  label: labels['search.label'] ?? '搜索关键词',
  type: labels['search.filterType'] ?? '按内容类型筛选',
  department: labels['search.filterDepartment'] ?? '按处室筛选',
  loading: labels['search.loading'] ?? '正在搜索…',
};

export interface Shown {
  /** Each result's path, with its anchor when it has one (/services/x/#materials). */
  paths: string[];
  /** The status line (count, retry note or "nothing found"). */
  status: string;
}

/**
 * The results once the search for the current form state has finished. The page mirrors the form
 * in its URL (?q=…&type=…&department=…) when a search starts.
 */
export async function results(page: Page, query: string, filters: { type?: string; department?: string } = {}): Promise<Shown> {
  const status = page.locator('main [role="status"]');
  await page
    .waitForFunction(
      ({ q, filters, loading }) => {
        const params = new URL(location.href).searchParams;
        const text = document.querySelector('main [role="status"]')?.textContent?.trim() ?? '';
        return (
          (params.get('q') ?? '') === q &&
          (params.get('type') ?? '') === (filters.type ?? '') &&
          (params.get('department') ?? '') === (filters.department ?? '') &&
          text !== '' &&
          text !== loading
        );
      },
      { q: query, filters, loading: searchText.loading },
      { timeout: 10_000 },
    )
    .catch(async (error: Error) => {
      throw new Error(`search for "${query}" did not finish (status: "${await status.textContent()}", url: ${page.url()}): ${error.message.split('\n')[0]}`);
    });
  const hrefs = await page.locator('[data-search-results] > li').evaluateAll((items) => items.map((li) => li.querySelector('a')?.getAttribute('href') ?? ''));
  return {
    paths: hrefs.map((href) => {
      const url = new URL(href, BASE_URL);
      return url.pathname + url.hash;
    }),
    status: ((await status.textContent()) ?? '').trim(),
  };
}

/** Types the query into the search box and waits for its results. */
export async function search(page: Page, query: string): Promise<Shown> {
  await page.getByLabel(searchText.label, { exact: true }).fill(query);
  return results(page, query);
}
