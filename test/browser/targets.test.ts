// The quarterly target results (目标管理, issue 14) in real Chromium, over the demo seed: /targets/
// and each published quarter pass axe with JavaScript on and, on a phone, off; the department page
// links to its latest quarter; the quarter prints (print media hides the site frame, Chromium makes
// an A4 PDF) with the correction note kept.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BASE_URL, type OpenBrowser, withBrowser } from './harness.ts';
import { PHONE_WITHOUT_JS, testAxeOnDesktopAndPhone } from './page-checks.ts';

const list = (await (await fetch(`${BASE_URL}/api/targets`)).json()) as { quarters: { period: string; latestVersion: number }[] };
const corrected = list.quarters.find((q) => q.latestVersion > 1)!.period;
const pages = ['/targets/', ...list.quarters.map((q) => `/targets/${q.period}/`)];

describe('quarterly target results', () => {
  let withJs: OpenBrowser;
  let noJs: OpenBrowser;
  withBrowser({}, (b) => (withJs = b));
  withBrowser(PHONE_WITHOUT_JS, (b) => (noJs = b));

  test('the seed has two published quarters, one corrected', () => {
    assert.equal(list.quarters.length, 2);
    assert.ok(corrected);
  });

  testAxeOnDesktopAndPhone(pages, () => ({ withJs, noJs }));

  test('the department page links to its latest published quarter', async () => {
    await withJs.page.goto(`${BASE_URL}/departments/real-estate/`, { waitUntil: 'load' });
    await withJs.page.click('a[href="/targets/departments/real-estate/"]');
    await withJs.page.waitForURL(/\/targets\/\d{4}-q[1-4]\/#dept-real-estate$/);
    assert.equal(new URL(withJs.page.url()).pathname, `/targets/${list.quarters[0].period}/`);
  });

  test('the corrected quarter prints on A4 with its correction note and without the site frame', async () => {
    const { page } = withJs;
    await page.goto(`${BASE_URL}/targets/${corrected}/`, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.site-nav').first().isVisible(), false, 'the navigation is not printed');
    assert.ok(await page.locator('.bulletin-correction').isVisible(), 'the correction note is printed');
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    await page.emulateMedia({ media: 'screen' });
  });
});
