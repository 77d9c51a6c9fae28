// Every page of the sitemap, and the 404 page, passes axe with the WCAG 2.0/2.1 A+AA and 2.2 AA
// rules, with JavaScript on (as most visitors see them). One subtest per page, so a failure names
// the page and the report lists each violation with its elements.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BASE_URL, expectNoAxeViolations, type OpenBrowser, sitemapPaths, withBrowser } from './harness.ts';

const paths = await sitemapPaths();
let browser: OpenBrowser;

describe('accessibility (axe, WCAG 2.2 AA)', () => {
  withBrowser({}, (b) => (browser = b));

  for (const path of paths) {
    test(`${decodeURI(path)} has no axe violations`, async () => {
      const response = await browser.page.goto(`${BASE_URL}${path}`, { waitUntil: 'load' });
      assert.equal(response?.status(), 200, `${path} is in the sitemap but answers ${response?.status()}`);
      await expectNoAxeViolations(browser.page, path);
    });
  }

  test('the 404 page answers 404 and has no axe violations', async () => {
    const path = '/no-such-page-for-the-a11y-test/';
    // Chromium refuses to show an error status with an empty body (ERR_HTTP_RESPONSE_CODE_FAILURE).
    const response = await browser.page.goto(`${BASE_URL}${path}`, { waitUntil: 'load' }).catch((error: Error) => {
      throw new Error(`${path}: no 404 page was served (is dist/404.html built?): ${error.message.split('\n')[0]}`);
    });
    assert.equal(response?.status(), 404, `${path} should answer 404`);
    await expectNoAxeViolations(browser.page, `404 page (${path})`);
  });
});
