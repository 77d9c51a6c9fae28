// The monthly bulletin pages in real Chromium: axe-clean with JavaScript on and off, on a phone at
// 200 % text, charts with their text alternatives, the open-data links answering from the seeded
// database (the static pages and the worker agree), and the Atom feed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASE_URL, expectNoAxeViolations, openBrowser } from './harness.ts';

const months = ['2026-08', '2026-09', '2026-10'];
const pages = ['/bulletins/', ...months.map((m) => `/bulletins/${m}/`)];

describe('monthly bulletin pages', () => {
  let withJs: Awaited<ReturnType<typeof openBrowser>>;
  let noJs: Awaited<ReturnType<typeof openBrowser>>;
  before(async () => {
    withJs = await openBrowser();
    noJs = await openBrowser({ javaScriptEnabled: false, viewport: { width: 375, height: 740 }, deviceScaleFactor: 2 });
  });
  after(async () => {
    await withJs?.close();
    await noJs?.close();
  });

  for (const path of pages) {
    test(`${path} passes axe with JavaScript on`, async () => {
      const res = await withJs.page.goto(`${BASE_URL}${path}`, { waitUntil: 'load' });
      assert.equal(res?.status(), 200);
      await expectNoAxeViolations(withJs.page, path);
    });

    test(`${path} passes axe without JavaScript on a 375 px phone`, async () => {
      const res = await noJs.page.goto(`${BASE_URL}${path}`, { waitUntil: 'load' });
      assert.equal(res?.status(), 200);
      await expectNoAxeViolations(noJs.page, `${path} (no JS, phone)`);
      const overflow = await noJs.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 1, `${path} scrolls sideways by ${overflow}px on a phone`);
    });
  }

  test('each chart is an inline SVG with a title and description, followed by its table or text', async () => {
    await withJs.page.goto(`${BASE_URL}/bulletins/2026-10/`, { waitUntil: 'load' });
    const charts = await withJs.page.$$eval('figure.chart-figure', (figures) =>
      figures.map((f) => ({
        title: f.querySelector('svg title')?.textContent ?? '',
        desc: f.querySelector('svg desc')?.textContent ?? '',
        labelled: f.querySelector('svg')?.getAttribute('aria-labelledby') ?? '',
        next: (() => {
          let n = f.nextElementSibling;
          while (n && n.tagName === 'P' && n.classList.contains('bulletin-note')) n = n.nextElementSibling;
          return n?.tagName ?? '';
        })(),
      })),
    );
    assert.equal(charts.length, 3);
    for (const c of charts) {
      assert.ok(c.title && c.desc, 'every chart has a title and a description');
      assert.match(c.labelled, /-title .+-desc$/);
      assert.equal(c.next, 'TABLE');
    }
    assert.deepEqual(await withJs.page.$$eval('h1', (h) => h.length), 1);
  });

  test('the September page shows the correction note and keeps version 1 readable through the API', async () => {
    await withJs.page.goto(`${BASE_URL}/bulletins/2026-09/`, { waitUntil: 'load' });
    const note = await withJs.page.textContent('.bulletin-correction');
    assert.match(note ?? '', /本通报已更正/);
    const v1 = await withJs.page.evaluate(async (url) => (await fetch(url)).json(), `${BASE_URL}/api/bulletins/2026-09?version=1`);
    const v2 = await withJs.page.evaluate(async (url) => (await fetch(url)).json(), `${BASE_URL}/api/bulletins/2026-09`);
    assert.equal(v1.version, 1);
    assert.equal(v2.version, 2);
    // The static page was built from the export of the same database the worker answers from.
    const shown = await withJs.page.textContent('#measure-received td');
    assert.equal(shown, `${v2.data.overall.received} 件`);
  });

  test('the CSV download opens as UTF-8 with a BOM', async () => {
    const res = await fetch(`${BASE_URL}/api/bulletins/2026-10.csv`);
    assert.equal(res.status, 200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
  });

  test('the Atom feed lists every published version, the correction included', async () => {
    const res = await fetch(`${BASE_URL}/bulletins/feed.xml`);
    assert.equal(res.status, 200);
    const xml = await res.text();
    assert.match(xml, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
    assert.equal(xml.match(/<entry>/g)?.length, 4);
    assert.match(xml, /第 2 版，更正/);
  });
});
