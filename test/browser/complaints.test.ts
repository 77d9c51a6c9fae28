// Issue 3 in a real browser: file a complaint with JavaScript off (plain POST) and on (the
// enhancement script), see the confirmation, follow the case by reference and access code, and
// run axe on every page of the journey: form, error page, confirmation, tracking form, status.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BASE_URL, expectNoAxeViolations, type OpenBrowser, type Page, withBrowser } from './harness.ts';

function yesterdayInShanghai(): string {
  return new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
}

async function fillComplaint(page: Page, anonymous: boolean): Promise<void> {
  await page.selectOption('#department', { index: 1 });
  await page.check('#category-not-told-at-once');
  await page.fill('#occurredOn', yesterdayInShanghai());
  await page.fill('#description', '到窗口办理业务，材料被退回两次，每次只说缺一样，没有一次性告知需要的全部材料。');
  await page.fill('#request', '请一次性告知全部材料。');
  if (anonymous) {
    await page.check('#anonymous-true');
  } else {
    await page.check('#anonymous-false');
    await page.fill('#name', '浏览器测试');
    await page.fill('#phone', '13900001111');
  }
  await page.check('#consent');
}

async function readConfirmation(page: Page): Promise<{ reference: string; accessCode: string }> {
  const reference = (await page.textContent('[data-reference]'))!.trim();
  const accessCode = (await page.textContent('[data-access-code]'))!.trim();
  assert.match(reference, /^XN-\d{4}-[0-9A-Z]{6}$/);
  assert.match(accessCode, /^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
  return { reference, accessCode };
}

async function track(page: Page, reference: string, accessCode: string, label: string): Promise<void> {
  await page.goto(`${BASE_URL}/track/`);
  await expectNoAxeViolations(page, `${label}: tracking form`);
  await page.fill('#reference', reference);
  await page.fill('#accessCode', accessCode);
  await Promise.all([page.waitForURL(`${BASE_URL}/track/`), page.click('button[type="submit"]')]);
  assert.equal(await page.textContent('h1'), `投诉 ${reference} 办理进度`);
  assert.match((await page.textContent('main'))!, /已收到投诉/);
  assert.ok(!page.url().includes(accessCode.replace('-', '')), 'the access code must not appear in the URL');
  await expectNoAxeViolations(page, `${label}: status page`);
}

describe('filing and tracking with JavaScript off', () => {
  let browser: OpenBrowser;
  withBrowser({ javaScriptEnabled: false }, (b) => (browser = b));

  test('an empty submission comes back as the GOV.UK error page, then a complete one is filed and tracked', async () => {
    const { page } = browser;
    await page.goto(`${BASE_URL}/complaints/new/`);
    assert.equal(await page.textContent('h1'), '效能投诉');
    await expectNoAxeViolations(page, 'no-js: complaint form');

    const empty = await Promise.all([page.waitForNavigation(), page.click('#submit')]);
    assert.equal(empty[0]?.status(), 422);
    assert.match(await page.title(), /^错误：/);
    assert.ok(await page.isVisible('.error-summary[role="alert"] a[href="#department"]'));
    await expectNoAxeViolations(page, 'no-js: error page');

    await fillComplaint(page, false);
    await Promise.all([page.waitForURL(`${BASE_URL}/complaints/confirmation/`), page.click('#submit')]);
    const { reference, accessCode } = await readConfirmation(page);
    await expectNoAxeViolations(page, 'no-js: confirmation');

    await track(page, reference, accessCode, 'no-js');
    assert.match((await page.textContent('main'))!, /浏览器测试/);
  });
});

describe('filing and tracking with JavaScript on', () => {
  let browser: OpenBrowser;
  withBrowser({ javaScriptEnabled: true }, (b) => (browser = b));

  test('the enhanced form hides contact fields for anonymous filing, submits once and shows the confirmation', async () => {
    const { page } = browser;
    await page.goto(`${BASE_URL}/complaints/new/`);
    await expectNoAxeViolations(page, 'js: complaint form');

    await page.click('#submit');
    await page.waitForSelector('.error-summary');
    assert.match(await page.title(), /^错误：/);
    assert.equal(await page.evaluate('document.activeElement && document.activeElement.className'), 'error-summary');
    await expectNoAxeViolations(page, 'js: error page');

    await fillComplaint(page, true);
    assert.equal(await page.isVisible('#name'), false, 'contact fields are hidden while anonymous is chosen');
    await page.click('#submit');
    await page.waitForSelector('[data-access-code]');
    assert.equal(page.url(), `${BASE_URL}/complaints/confirmation/`);
    assert.match((await page.textContent('main'))!, /匿名投诉：我们不作书面答复/);
    assert.ok(await page.isVisible('[data-print]'), 'the print button appears with JavaScript');
    const { reference, accessCode } = await readConfirmation(page);
    await expectNoAxeViolations(page, 'js: confirmation');

    await track(page, reference, accessCode, 'js');
  });

  test('a wrong access code reads the same as an unknown reference', async () => {
    const { page } = browser;
    await page.goto(`${BASE_URL}/track/`);
    await page.fill('#reference', 'XN-2611-000000');
    await page.fill('#accessCode', '0000000000');
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    assert.match((await page.textContent('main'))!, /查不到这件投诉/);
    await expectNoAxeViolations(page, 'js: not found');
  });
});
