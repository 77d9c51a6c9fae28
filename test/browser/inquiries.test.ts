// Issue 13 in a real browser with JavaScript off: the public whereabouts board and its kiosk view
// (readable, no script, axe-clean), and the inquiry form of the console (422 with an error summary,
// then a registration with a query code that the public lookup accepts), axe on every state.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signIn } from './console.ts';
import { BASE_URL, expectNoAxeViolations, withBrowser, type Page } from './harness.ts';

describe('whereabouts board and inquiry register with JavaScript off', () => {
  let page: Page;
  withBrowser({ javaScriptEnabled: false }, (b) => (page = b.page));

  test('the board lists departments with stand-ins, never 病假, and passes axe', async () => {
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url());
    });
    const res = await page.goto(`${BASE_URL}/whereabouts/`);
    assert.equal(res?.status(), 200);
    assert.equal(await page.locator('h1').innerText(), '工作人员去向牌');
    const text = await page.locator('main').innerText();
    assert.match(text, /代岗/);
    assert.doesNotMatch(text, /病假/);
    await expectNoAxeViolations(page, 'whereabouts board');
    await page.goto(`${BASE_URL}/whereabouts/real-estate/`);
    await expectNoAxeViolations(page, 'department board');
    await page.goto(`${BASE_URL}/whereabouts/kiosk/`);
    // The kiosk is the unattended corridor screen: it refreshes on purpose, so axe's meta-refresh rule
    // (WCAG 2.2.1) is not run on it; people read and print the board pages above, which never refresh.
    assert.equal(await page.locator('meta[http-equiv="refresh"]').count(), 1);
    assert.equal(await page.locator('h1').count(), 1);
    assert.deepEqual(scripts, []);
  });

  test('registering an inquiry: errors come back with a summary; then the code works on the public lookup', async () => {
    await signIn(page, 'demo-intake');
    await page.goto(`${BASE_URL}/office/inquiries/new`);
    await expectNoAxeViolations(page, 'inquiry form');
    await Promise.all([page.waitForEvent('load'), page.click('main form button[type="submit"]')]);
    assert.match(await page.title(), /^错误：/);
    assert.ok(await page.locator('.error-summary').isVisible());
    await expectNoAxeViolations(page, 'inquiry form with errors');
    await page.check('#channel');
    await page.fill('#matter', '询问去向牌上的代岗电话');
    await page.check('#outcome-later');
    await page.fill('#contactName', '李敏');
    await page.fill('#contactPhone', '0519-85600000');
    await page.check('#giveCode');
    await Promise.all([page.waitForEvent('load'), page.click('main form button[type="submit"]')]);
    const body = await page.locator('main').innerText();
    const reference = body.match(/SW-\d{4}-[0-9A-Z]{6}/)?.[0];
    const code = body.match(/[0-9A-Z]{5}-[0-9A-Z]{5}/)?.[0];
    assert.ok(reference && code, body);
    await expectNoAxeViolations(page, 'inquiry registered');
    await page.goto(`${BASE_URL}/office/inquiries/`);
    await expectNoAxeViolations(page, 'follow-up list');
    await page.goto(`${BASE_URL}/inquiries/track/`);
    await page.fill('#reference', reference);
    await page.fill('#accessCode', code);
    await Promise.all([page.waitForEvent('load'), page.click('main form button[type="submit"]')]);
    assert.match(await page.locator('main').innerText(), /办理中/);
    await expectNoAxeViolations(page, 'inquiry status');
  });
});
