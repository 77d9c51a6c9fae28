// The monthly bulletin pages in real Chromium: axe-clean with JavaScript on and off, on a phone at
// 200 % text, charts with their text alternatives, the open-data links answering from the seeded
// database (the worker renders the pages from it), and the Atom feed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BASE_URL, type OpenBrowser, withBrowser } from './harness.ts';
import { PHONE_WITHOUT_JS, testAxeOnDesktopAndPhone } from './page-checks.ts';

// The seed publishes the last three complete months before its day, the middle one corrected.
const list = (await (await fetch(`${BASE_URL}/api/bulletins`)).json()) as { bulletins: { month: string; latestVersion: number }[] };
const months = list.bulletins.map((b) => b.month).sort();
const corrected = list.bulletins.find((b) => b.latestVersion > 1)!.month;
const latest = months[months.length - 1];
const pages = ['/bulletins/', ...months.map((m) => `/bulletins/${m}/`)];

describe('monthly bulletin pages', () => {
  let withJs: OpenBrowser;
  let noJs: OpenBrowser;
  withBrowser({}, (b) => (withJs = b));
  withBrowser(PHONE_WITHOUT_JS, (b) => (noJs = b));

  testAxeOnDesktopAndPhone(pages, () => ({ withJs, noJs }));

  test('each chart is an inline SVG with a title and description, followed by its table or text', async () => {
    await withJs.page.goto(`${BASE_URL}/bulletins/${latest}/`, { waitUntil: 'load' });
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

  test('the corrected month’s page shows the correction note and keeps version 1 readable through the API', async () => {
    await withJs.page.goto(`${BASE_URL}/bulletins/${corrected}/`, { waitUntil: 'load' });
    const note = await withJs.page.textContent('.bulletin-correction');
    assert.match(note ?? '', /本通报已更正/);
    const v1 = await withJs.page.evaluate(async (url) => (await fetch(url)).json(), `${BASE_URL}/api/bulletins/${corrected}?version=1`);
    const v2 = await withJs.page.evaluate(async (url) => (await fetch(url)).json(), `${BASE_URL}/api/bulletins/${corrected}`);
    assert.equal(v1.version, 1);
    assert.equal(v2.version, 2);
    // The page and the API read the same database.
    const shown = await withJs.page.textContent('#measure-received td');
    assert.equal(shown, `${v2.data.overall.received} 件`);
  });

  test('the CSV download opens as UTF-8 with a BOM', async () => {
    const res = await fetch(`${BASE_URL}/api/bulletins/${latest}.csv`);
    assert.equal(res.status, 200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
  });

  test('the Atom feed lists every published version, the correction included', async () => {
    const res = await fetch(`${BASE_URL}/bulletins/feed.xml`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/atom+xml; charset=utf-8');
    const xml = await res.text();
    assert.match(xml, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
    assert.equal(xml.match(/<entry>/g)?.length, 4);
    assert.match(xml, /第 2 版，更正/);
  });
});
