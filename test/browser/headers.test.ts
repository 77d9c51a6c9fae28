// Security headers over a real `wrangler dev`: static pages and files (Workers Static Assets with
// site/public/_headers), worker pages and APIs (worker/lib/security-headers.ts) carry the same
// strict policy; and in Chromium, with that policy in force, search works and no page kind
// reports a CSP violation.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { BASE_URL, type OpenBrowser, sitemapPaths, withBrowser } from './harness.ts';
import { demoComplaintReference } from '../../worker/cli/seed-complaints.ts';
import { demoAppointmentReference } from '../../worker/cli/seed/appointments.ts';

const HARDENING = ['content-security-policy', 'x-content-type-options', 'referrer-policy', 'permissions-policy', 'cross-origin-opener-policy', 'x-frame-options'];

async function headersOf(path: string, init?: RequestInit): Promise<{ status: number; headers: Headers; type: string }> {
  const res = await fetch(`${BASE_URL}${path}`, { redirect: 'manual', ...init });
  await res.arrayBuffer();
  return { status: res.status, headers: res.headers, type: res.headers.get('content-type') ?? '' };
}

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([n, ...v]) => [n, v]));
}

const kinds: [string, string, RequestInit?][] = [
  ['static home page', '/'],
  ['static service guide', '/services/'],
  ['static search page', '/search/'],
  ['static 404 page', '/no-such-page/'],
  ['static stylesheet', '/styles/portal.css'],
  ['static script', '/scripts/search.js'],
  ['sitemap', '/sitemap.xml'],
  ['worker page: complaint form', '/complaints/new/'],
  ['worker page: tracking form', '/track/'],
  ['worker page: appointment form', '/appointments/new/'],
  ['worker page: console sign-in', '/office/'],
  ['worker JSON API', '/api/health'],
  ['worker problem+json', '/api/track', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"reference":"XN-2611-ZZZZZZ","accessCode":"ABCDEFGHJK"}' }],
  ['worker 404 of the API', '/api/no-such-thing'],
  ['worker 404 passed to the static site', '/track/no-such-page'],
];

describe('security headers on every kind of response', () => {
  let reference: Headers;
  before(async () => {
    reference = (await headersOf('/complaints/new/')).headers;
  });

  for (const [kind, path, init] of kinds) {
    test(`${kind} (${path})`, async () => {
      const { status, headers } = await headersOf(path, init);
      assert.ok(status < 500, `${path} answered ${status}`);
      for (const name of HARDENING) assert.equal(headers.get(name), reference.get(name), `${kind}: ${name}`);
      const csp = directives(headers.get('content-security-policy') ?? '');
      assert.deepEqual(csp.get('script-src'), ["'self'", "'wasm-unsafe-eval'"]);
      assert.deepEqual(csp.get('style-src'), ["'self'"]);
      assert.deepEqual(csp.get('frame-ancestors'), ["'none'"]);
      assert.deepEqual(csp.get('form-action'), ["'self'"]);
      assert.equal(headers.get('x-content-type-options'), 'nosniff');
    });
  }

  test('_headers itself is not served as a file', async () => {
    const { status } = await headersOf('/_headers');
    assert.equal(status, 404);
  });
});

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
  element: string;
}

async function watch(page: Page): Promise<{ violations: Violation[]; console: string[] }> {
  const seen = { violations: [] as Violation[], console: [] as string[] };
  await page.exposeFunction('__reportViolation', (v: Violation) => void seen.violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const el = e.target instanceof Element ? `${e.target.tagName.toLowerCase()}.${e.target.getAttribute('class') ?? ''}` : String(e.target);
      (window as unknown as { __reportViolation: (v: unknown) => void }).__reportViolation({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample, element: el });
    });
  });
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) seen.console.push(m.text());
  });
  return seen;
}

describe('in Chromium with the policy in force', () => {
  let browser: OpenBrowser;
  withBrowser({}, (b) => (browser = b));

  test('the watch sees a violation when there is one (so the checks below can fail)', async () => {
    const page = await browser.context.newPage();
    const seen = await watch(page);
    await page.goto(`${BASE_URL}/track/`);
    await page.evaluate(() => {
      document.body.insertAdjacentHTML('beforeend', '<p style="color: red">x</p>');
      const script = document.createElement('script');
      script.textContent = 'window.__inline = 1';
      document.body.append(script);
    });
    await page.waitForFunction(() => true);
    await new Promise((r) => setTimeout(r, 300));
    const directivesSeen = seen.violations.map((v) => v.directive).sort();
    assert.ok(directivesSeen.includes('script-src-elem'), JSON.stringify(seen.violations));
    assert.ok(directivesSeen.includes('style-src-attr'), JSON.stringify(seen.violations));
    assert.equal(await page.evaluate(() => (window as unknown as { __inline?: number }).__inline), undefined);
    await page.close();
  });

  test('search works (Pagefind script, wasm and index) with no CSP violation', async () => {
    const page = await browser.context.newPage();
    const seen = await watch(page);
    await page.goto(`${BASE_URL}/search/`);
    await page.getByLabel('搜索关键词', { exact: true }).fill('投诉');
    await page.waitForFunction(() => document.querySelectorAll('[data-search-results] > li').length > 0, undefined, { timeout: 15_000 });
    assert.deepEqual(seen.violations, []);
    assert.deepEqual(seen.console, []);
    await page.close();
  });

  for (const path of ['/', '/departments/', '/rules/', '/supervision/', '/bulletins/', '/complaints/new/', '/track/', '/appointments/new/', '/appointments/reception/', '/office/', '/no-such-page/']) {
    test(`${path} reports no CSP violation`, async () => {
      const page = await browser.context.newPage();
      const seen = await watch(page);
      const res = await page.goto(`${BASE_URL}${path}`);
      assert.ok(res && res.status() < 500);
      await page.waitForLoadState('load');
      assert.deepEqual(seen.violations, [], `${path}: ${JSON.stringify(seen.violations)}`);
      assert.deepEqual(seen.console, []);
      await page.close();
    });
  }

  test('every service guide, flowchart included, reports no CSP violation', async () => {
    const html = await (await fetch(`${BASE_URL}/services/`)).text();
    const guides = [...new Set([...html.matchAll(/href="(\/services\/[a-z0-9-]+\/)"/g)].map((m) => m[1]!))].filter((p) => !p.startsWith('/services/department/'));
    assert.ok(guides.length > 0, 'no service guide linked from /services/');
    for (const guide of guides) {
      const page = await browser.context.newPage();
      const seen = await watch(page);
      await page.goto(`${BASE_URL}${guide}`);
      await page.waitForLoadState('load');
      assert.deepEqual(seen.violations, [], `${guide}: ${JSON.stringify(seen.violations)}`);
      // The chart keeps its natural width from the attribute, capped by CSS, and is drawn.
      const box = await page.locator('svg.flowchart-svg').first().boundingBox();
      assert.ok(box && box.width > 50 && box.height > 50, `${guide}: flowchart drawn: ${JSON.stringify(box)}`);
      await page.close();
    }
  });
});

// The seeded server holds the demo seed's complaints and appointments, whose people are all named
// 示例市民… with phones 138 0000 00xx and 0519-856001xx (worker/cli/seed*). Their cases feed the
// published bulletins that the static site was built from. None of it may reach a public output.
describe('the demo seed’s personal data appears in no public output', () => {
  const personal = /示例市民|1380000\d{4}|0519-856001\d\d|citizen\.[a-z]@example\.com/;

  test('every page of the sitemap, the 404 page and the Atom feed', async () => {
    const paths = [...(await sitemapPaths()), '/no-such-page/', '/bulletins/feed.xml'];
    assert.ok(paths.length > 20);
    for (const path of paths) {
      const body = await (await fetch(`${BASE_URL}${path}`)).text();
      assert.doesNotMatch(body, personal, path);
    }
  });

  test('every public API answer: bulletins as JSON and CSV, reception days, OpenAPI, wrong-code tracking', async () => {
    const list = (await (await fetch(`${BASE_URL}/api/bulletins`)).json()) as { bulletins: { json: string; csv: string }[] };
    assert.ok(list.bulletins.length > 0, 'the seed publishes bulletins');
    const paths = ['/api/bulletins', '/api/health', '/api/openapi.json', '/api/appointments/reception-days', ...list.bulletins.flatMap((b) => [b.json, b.csv])];
    for (const path of paths) {
      const res = await fetch(`${BASE_URL}${path}`);
      assert.ok(res.status < 400, `${path}: ${res.status}`);
      assert.doesNotMatch(await res.text(), personal, path);
    }
    // The demo's references on today's demo (their middle is the year and month each was received).
    const dem001 = demoComplaintReference('XN-2611-DEM001');
    const dem101 = demoAppointmentReference('YY-2611-DEM101');
    for (const [path, reference] of [['/api/track', dem001], ['/api/appointments/track', dem101]]) {
      const res = await fetch(`${BASE_URL}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.200' }, body: JSON.stringify({ reference, accessCode: 'ABCDEFGHJK' }) });
      assert.equal(res.status, 404, path);
      assert.doesNotMatch(await res.text(), personal, path);
    }
    // The control: with the right code the complainant does see their own name.
    const own = await fetch(`${BASE_URL}/api/track`, { method: 'POST', headers: { 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.201' }, body: JSON.stringify({ reference: dem001, accessCode: 'DEM0C0DE01' }) });
    assert.equal(own.status, 200);
    assert.match(await own.text(), personal);
  });
});
