/**
 * Shared helpers for the browser tests (real Chromium from Debian, driven by playwright-core).
 *
 * Run the tests with `npm run test:browser` (test/browser/run.ts): it builds the site if needed,
 * starts `wrangler dev` on a free port with its own throw-away D1 state (migrated and seeded), and
 * runs every `test/browser/*.test.ts` with node's test runner, with BASE_URL set. To run some files
 * only: `npm run test:browser -- test/browser/search.test.ts`.
 *
 * The API (test files import exactly this, nothing else):
 *
 *   BASE_URL: string
 *     Origin of the running portal, without a trailing slash, e.g. http://127.0.0.1:41234.
 *     From the environment variable BASE_URL; http://127.0.0.1:8787 (`npm start`) when unset.
 *
 *   openBrowser(options?: { javaScriptEnabled?: boolean;
 *                           viewport?: { width: number; height: number };
 *                           deviceScaleFactor?: number })
 *     : Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }>
 *     A fresh Chromium (its own temporary profile, locale zh-CN, timezone Asia/Shanghai) with one
 *     blank page. JavaScript is on unless javaScriptEnabled is false; the viewport defaults to
 *     1280x800. Always call close() (in an `after` hook): it closes Chromium and deletes the profile.
 *
 *   withBrowser(options: BrowserOptions, use: (browser) => unknown): void
 *     Inside a describe block: opens a browser (openBrowser(options)) before its tests, hands it
 *     to `use` (which keeps it or its page, and may open a first page), and closes it after them.
 *
 *   expectNoAxeViolations(page: Page, label: string): Promise<void>
 *     Runs axe-core on the page as it is now, with the WCAG 2.0/2.1 A and AA and 2.2 AA rules.
 *     Throws an Error naming `label` and listing each violation (id, impact, help, first targets).
 *     Works on pages opened with javaScriptEnabled: false too: axe then checks a copy of the
 *     page's current DOM in a helper browser (axe needs timers, which do not run without JS).
 *
 *   sitemapPaths(): Promise<string[]>
 *     Every page path listed in BASE_URL/sitemap.xml (a sitemap index is followed) plus the
 *     worker's noindex forms (WORKER_PAGES), e.g.
 *     ['/', '/departments/', …], sorted, without duplicates.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export type { BrowserContext, Page };

export const BASE_URL: string = (process.env.BASE_URL ?? 'http://127.0.0.1:8787').replace(/\/+$/, '');

/** Debian's chromium package; playwright never downloads a browser here. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Contexts opened with JavaScript off (see expectNoAxeViolations). */
const scriptless = new WeakSet<BrowserContext>();

export interface BrowserOptions {
  javaScriptEnabled?: boolean;
  viewport?: { width: number; height: number };
  deviceScaleFactor?: number;
}

export async function openBrowser(
  options: BrowserOptions = {},
): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }> {
  // A persistent context with a fresh profile: playwright rejects --user-data-dir in args.
  // Under run.ts's directory for this run when set, so run.ts can find and stop a Chromium whose
  // test process died before closing it.
  const profile = mkdtempSync(join(process.env.PORTAL_BROWSER_PROFILES ?? tmpdir(), 'portal-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      javaScriptEnabled: options.javaScriptEnabled ?? true,
      viewport: options.viewport ?? { width: 1280, height: 800 },
      deviceScaleFactor: options.deviceScaleFactor ?? 1,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw new Error(
      `Chromium did not start from ${CHROMIUM} (install it with: apt-get install -y chromium fonts-noto-cjk): ${(error as Error).message}`,
    );
  }
  if (options.javaScriptEnabled === false) scriptless.add(context);
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      const helper = helpers.get(context);
      if (helper) await (await helper).close().catch(() => {});
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export type OpenBrowser = Awaited<ReturnType<typeof openBrowser>>;

/** One browser for the tests of the enclosing describe block: opened before them, closed after them. */
export function withBrowser(options: BrowserOptions, use: (browser: OpenBrowser) => unknown): void {
  let browser: OpenBrowser | undefined;
  before(async () => {
    browser = await openBrowser(options);
    await use(browser);
  });
  after(async () => browser?.close());
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The WCAG levels the portal promises: 2.0, 2.1 and 2.2, A and AA. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * axe.run waits on timers, and Chromium runs no timers in a page with JavaScript off, so axe
 * would hang there. For such pages axe checks a copy: the page's DOM as it is now (parsed without
 * scripting), served at the same URL to a helper browser with JavaScript on, with the scripts
 * taken out (they never ran on the real page) and <noscript> kept visible (it was rendered).
 * One helper per JavaScript-off browser, closed with it.
 */
const helpers = new WeakMap<BrowserContext, Promise<{ page: Page; close(): Promise<void> }>>();

function asRendered(html: string): string {
  return html
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '')
    .replace(/<noscript\b([^>]*)>/gi, '<div data-noscript$1>')
    .replace(/<\/noscript>/gi, '</div>');
}

export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  if (!scriptless.has(page.context())) return runAxe(page, label);
  let helper = helpers.get(page.context());
  if (!helper) {
    helper = openBrowser();
    helpers.set(page.context(), helper);
  }
  const { page: copy } = await helper;
  const url = page.url();
  const html = asRendered(await page.content());
  const viewport = page.viewportSize();
  if (viewport) await copy.setViewportSize(viewport);
  // The copy is served from memory; only its stylesheets and images come from the server. A CI run
  // once saw this navigation in a freshly started helper Chromium never reach 'load' (the real page
  // had loaded): one more try on a new tab tells such a stall from a page that does not load.
  const serve = (tab: Page) =>
    tab.route((u) => u.href === url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }), { times: 1 });
  let tab = copy;
  try {
    await serve(tab);
    await tab.goto(url, { waitUntil: 'load' });
  } catch (error) {
    if ((error as Error).name !== 'TimeoutError') throw error;
    console.warn(`[harness] ${label}: the axe copy of ${url} did not load in time; trying once more on a new tab`);
    await tab.unrouteAll({ behavior: 'ignoreErrors' });
    tab = await copy.context().newPage();
    await serve(tab);
    await tab.goto(url, { waitUntil: 'load' });
  }
  try {
    await runAxe(tab, `${label} (JavaScript off)`);
  } finally {
    if (tab !== copy) await tab.close();
  }
}

async function runAxe(page: Page, label: string): Promise<void> {
  // page.evaluate goes through the DevTools protocol, so it is not subject to the page's
  // Content-Security-Policy (a <script> tag would be).
  const hasAxe = await page.evaluate('typeof window.axe === "object"');
  if (!hasAxe) await page.evaluate(`${axeSource}\n;undefined`);
  const violations = (await page.evaluate(
    `window.axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_TAGS)} }, resultTypes: ['violations'] })
       .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
         nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) })))`,
  )) as AxeViolation[];
  if (violations.length === 0) return;
  const lines = violations.map((v) => {
    const targets = v.nodes
      .slice(0, 3)
      .map((n) => `      ${n.target.map(String).join(' ')}`)
      .join('\n');
    const more = v.nodes.length > 3 ? `\n      … and ${v.nodes.length - 3} more` : '';
    return `  - ${v.id} [${v.impact ?? 'n/a'}] ${v.help} (${v.helpUrl})\n${targets}${more}`;
  });
  throw new Error(`${label}: ${violations.length} axe violation(s) (${page.url()})\n${lines.join('\n')}`);
}

function locs(xml: string): string[] {
  return [...xml.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/g)].map((m) =>
    m[1].replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>'),
  );
}

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}; the sitemap is needed to find the pages`);
  return response.text();
}

/**
 * The worker's public forms: noindex, so not in the sitemap (issue 17, item 9), but every browser
 * test that crawls the sitemap must check them too.
 */
export const WORKER_PAGES = ['/complaints/new/', '/track/', '/appointments/new/', '/appointments/reception/', '/appointments/track/', '/targets/'];

export async function sitemapPaths(): Promise<string[]> {
  const paths = new Set<string>();
  const pending = [`${BASE_URL}/sitemap.xml`];
  const seen = new Set<string>();
  while (pending.length > 0) {
    const url = pending.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const xml = await fetchText(url);
    const isIndex = /<sitemapindex[\s>]/.test(xml);
    for (const loc of locs(xml)) {
      // Locations carry the production origin (astro.config.mjs `site`): keep the path only.
      const { pathname, search } = new URL(loc, BASE_URL);
      if (isIndex) pending.push(`${BASE_URL}${pathname}${search}`);
      else paths.add(pathname);
    }
  }
  if (paths.size === 0) throw new Error(`${BASE_URL}/sitemap.xml lists no pages`);
  for (const path of WORKER_PAGES) paths.add(path);
  return [...paths].sort();
}
