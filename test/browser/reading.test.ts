// Reading comfort: a phone at 200% zoom, the font-size control, line spacing, the printed
// service guide, and Chinese glyphs actually rendered.
//
// 200% zoom on a 375px-wide phone: browser zoom makes every CSS pixel twice as large, so the
// layout viewport shrinks to 375 / 2 = 187.5 CSS px, and media queries, rem sizes and wrapping all
// see that width. A viewport 187 CSS px wide (rounded down, the stricter side) reproduces exactly
// that layout; deviceScaleFactor 4 (the phone's 2 × the zoom's 2) keeps the pixels the phone would
// paint, which only matters for screenshots. (CSS `zoom` on <html> would not do: it leaves the
// viewport width and media queries as they were.)
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { departments, pageOf, services } from './content.ts';
import { BASE_URL, type OpenBrowser, withBrowser } from './harness.ts';

const ZOOMED_PHONE = { viewport: { width: 187, height: 406 }, deviceScaleFactor: 4 };
const service = services.find((s) => s.id === 'construction-permit') ?? services[0];
const department = departments.find((d) => d.id === service.data.department) ?? departments[0];
const guide = pageOf.service(service.id);

async function open(page: Page, path: string): Promise<void> {
  const response = await page.goto(`${BASE_URL}${path}`, { waitUntil: 'load' });
  assert.equal(response?.status(), 200, `${path} answers ${response?.status()}`);
}

/** The elements sticking out on the right, to name them when a page scrolls sideways. */
async function overflowers(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${[...el.classList].map((c) => `.${c}`).join('')}`;
    const out: string[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.right > width + 1 && box.width > 0) {
        // Report the outermost offender only.
        if (!el.parentElement || el.parentElement.getBoundingClientRect().right <= width + 1) {
          out.push(`${name(el.parentElement!)} > ${name(el)} (right edge ${Math.round(box.right)} px, "${(el.textContent ?? '').trim().slice(0, 30)}")`);
        }
      }
    }
    return out.slice(0, 8);
  });
}

describe('reading on a 375px phone at 200% zoom', () => {
  let browser: OpenBrowser;
  withBrowser(ZOOMED_PHONE, (b) => (browser = b));

  for (const path of ['/', guide, pageOf.department(department.id), '/supervision/']) {
    test(`${path} does not scroll sideways`, async () => {
      await open(browser.page, path);
      const { scrollWidth, clientWidth } = await browser.page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      if (scrollWidth > clientWidth) {
        assert.fail(`${path} is ${scrollWidth} CSS px wide in a ${clientWidth} px viewport; wider elements:\n  ${(await overflowers(browser.page)).join('\n  ')}`);
      }
    });
  }
});

describe('reading on a desktop', () => {
  let browser: OpenBrowser;
  // Without JavaScript: the font-size control is meant to work by CSS alone.
  withBrowser({ javaScriptEnabled: false }, (b) => (browser = b));

  test('the font-size control enlarges the text, without JavaScript', async () => {
    const { page } = browser;
    await open(page, guide);
    const size = () => page.locator('main p').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    const normal = await size();
    await page.getByRole('radio', { name: '大', exact: true }).check();
    const large = await size();
    await page.getByRole('radio', { name: '特大', exact: true }).check();
    const larger = await size();
    await page.getByRole('radio', { name: '标准', exact: true }).check();
    assert.ok(large > normal, `大 should enlarge the text: ${normal}px → ${large}px`);
    assert.ok(larger > large, `特大 should enlarge it further: ${large}px → ${larger}px`);
    assert.equal(await size(), normal, '标准 should bring the text back');
  });

  for (const path of ['/', guide]) {
    test(`body text on ${path} has a line height of at least 1.5`, async () => {
      const { page } = browser;
      await open(page, path);
      const tight = await page.locator('main :is(p, li, dd, td)').evaluateAll((els) =>
        els
          .filter((el) => (el as HTMLElement).offsetParent !== null && (el.textContent ?? '').trim() !== '')
          .map((el) => {
            const style = getComputedStyle(el);
            const ratio = style.lineHeight === 'normal' ? 1.2 : parseFloat(style.lineHeight) / parseFloat(style.fontSize);
            return { ratio, what: `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.textContent ?? '').trim().slice(0, 20)}" (${style.lineHeight} / ${style.fontSize})` };
          })
          .filter((x) => x.ratio < 1.5 - 1e-6)
          .map((x) => x.what),
      );
      assert.deepEqual(tight.slice(0, 5), [], `${path}: text with line height below 1.5`);
    });
  }

  test('the printed service guide keeps materials and limits, without header navigation or footer', async () => {
    const { page } = browser;
    await open(page, guide);
    await page.emulateMedia({ media: 'print' });
    try {
      for (const selector of ['header nav', 'body > footer', '.site-footer']) {
        const visible = await page.locator(selector).evaluateAll((els) => els.filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden').length);
        assert.equal(visible, 0, `${guide}: "${selector}" is printed`);
      }
      const printed = await page.locator('main').innerText();
      for (const material of service.data.materials) {
        assert.ok(printed.includes(material.name), `${guide}: the printed guide lacks the material "${material.name}"`);
      }
      for (const [label, days] of [['法定', service.data.statutoryDays], ['承诺', service.data.committedDays]] as const) {
        assert.ok(printed.includes(label), `${guide}: the printed guide does not mention the ${label} time limit`);
        assert.ok(printed.includes(String(days)), `${guide}: the printed guide lacks the ${label} limit of ${days} working days`);
      }
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });
});

describe('Chinese text renders', () => {
  let browser: OpenBrowser;
  withBrowser({ viewport: { width: 1024, height: 900 } }, (b) => (browser = b));

  test('a service guide is drawn with a CJK font (no tofu), screenshot saved', async () => {
    const { page, context } = browser;
    await open(page, guide);
    // Ask Chromium which platform fonts it actually used for the h1's glyphs.
    const cdp = await context.newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'main h1' });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    const families = fonts.map((f) => `${f.familyName} (${f.glyphCount} glyphs)`).join(', ');
    assert.ok(
      fonts.some((f) => /CJK|Han Sans|WenQuanYi|Noto Sans SC|Noto Serif SC|Source Han/i.test(f.familyName) && f.glyphCount > 0),
      `the h1 "${await page.locator('main h1').innerText()}" is not drawn with a CJK font but with: ${families} (apt-get install fonts-noto-cjk)`,
    );
    // One fixed place, overwritten each run, so runs do not pile up screenshots.
    const dir = join(tmpdir(), 'portal-browser-screenshots');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'service-guide.png');
    await page.screenshot({ path: file });
    assert.ok(existsSync(file) && statSync(file).size > 10_000, `screenshot ${file} is missing or empty`);
    console.log(`# screenshot of ${guide}: ${file} (fonts: ${families})`);
  });
});
