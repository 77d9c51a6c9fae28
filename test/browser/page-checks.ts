// Checks several browser tests run on each of their pages (bulletins.test.ts, targets.test.ts). Not a test file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BASE_URL, expectNoAxeViolations, type BrowserOptions, type OpenBrowser } from './harness.ts';

/** A 375 px phone (2× pixels) with JavaScript off. */
export const PHONE_WITHOUT_JS: BrowserOptions = { javaScriptEnabled: false, viewport: { width: 375, height: 740 }, deviceScaleFactor: 2 };

/** For each path: axe with JavaScript on, and axe without it on a phone, where the page must not scroll sideways. */
export function testAxeOnDesktopAndPhone(paths: string[], browsers: () => { withJs: OpenBrowser; noJs: OpenBrowser }): void {
  for (const path of paths) {
    test(`${path} passes axe with JavaScript on`, async () => {
      const { withJs } = browsers();
      const res = await withJs.page.goto(`${BASE_URL}${path}`, { waitUntil: 'load' });
      assert.equal(res?.status(), 200);
      await expectNoAxeViolations(withJs.page, path);
    });
    test(`${path} passes axe without JavaScript on a 375 px phone`, async () => {
      const { noJs } = browsers();
      const res = await noJs.page.goto(`${BASE_URL}${path}`, { waitUntil: 'load' });
      assert.equal(res?.status(), 200);
      await expectNoAxeViolations(noJs.page, `${path} (no JS, phone)`);
      const overflow = await noJs.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 1, `${path} scrolls sideways by ${overflow}px on a phone`);
    });
  }
}
