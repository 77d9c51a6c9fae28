// Issue 17, item 10: every service guide prints as a 一次性告知单 of at most two A4 pages, with its
// flowchart, the materials checklist, the time limits, fees, where and when, and whom to ask.
// Printed by Chromium (page.pdf, A4 as the stylesheet's @page asks); pages counted in the PDF.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BASE_URL, type OpenBrowser, sitemapPaths, withBrowser } from './harness.ts';

const guides = (await sitemapPaths()).filter((p) => /^\/services\/(?!department\/)[^/]+\/$/.test(p));
let browser: OpenBrowser;

function pageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
}

describe('printing a service guide (一次性告知单)', () => {
  withBrowser({}, (b) => (browser = b));

  test('there are service guides to print', () => {
    assert.ok(guides.length > 5, `only ${guides.length} service guides in the sitemap`);
  });

  for (const path of guides) {
    test(`${path} prints on at most 2 A4 pages with its flowchart and what the sheet must tell`, async () => {
      const { page } = browser;
      await page.goto(`${BASE_URL}${path}`, { waitUntil: 'load' });
      await page.emulateMedia({ media: 'print' });
      const shown = await page.evaluate(() => {
        const visible = (el: Element | null) => !!el && getComputedStyle(el).display !== 'none' && el.getBoundingClientRect().height > 0;
        const headings = [...document.querySelectorAll('main h2')].filter(visible).map((h) => h.textContent?.trim());
        return {
          flowchart: visible(document.querySelector('.flowchart svg')),
          checklist: visible(document.querySelector('.checklist')),
          limits: visible(document.querySelector('.limits')),
          sheet: visible(document.querySelector('.print-sheet-head')),
          headings,
        };
      });
      assert.ok(shown.flowchart, 'the flowchart is printed');
      assert.ok(shown.checklist && shown.limits && shown.sheet, 'materials, limits and the sheet head are printed');
      for (const h of ['办理时限', '申请材料（一次性告知）', '办理流程', '收费标准', '办理地点、时间和联系人']) assert.ok(shown.headings.includes(h), `${h} is printed`);
      const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: false });
      const pages = pageCount(pdf);
      assert.ok(pages >= 1 && pages <= 2, `${path} prints on ${pages} pages`);
      await page.emulateMedia({ media: 'screen' });
    });
  }
});
