// Issue 14 in a real browser with JavaScript off: the supervisor opens a numbered 告诫通知书 from the
// seeded decisions and prints it (print media and Chromium's print-to-PDF, A4, one page, the toolbar
// hidden); the demo handler sees their own written admonition and hands in the self-examination
// through a plain form; the decision pages pass axe.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signIn, signOut } from './console.ts';
import { BASE_URL, expectNoAxeViolations, withBrowser, type Page } from './harness.ts';

describe('accountability decisions with JavaScript off', () => {
  let page: Page;
  withBrowser({ javaScriptEnabled: false }, (b) => (page = b.page));

  test('the supervisor prints a numbered 告诫通知书 on one A4 page with the facts, basis and self-examination duty', async () => {
    await signIn(page, 'demo-supervisor', 'demo-supervisor-2026');
    await page.goto(`${BASE_URL}/office/decisions/`);
    await expectNoAxeViolations(page, 'decision register');
    // The seeded written admonition waiting for service (张伟) has its notice already.
    await page.goto(`${BASE_URL}/office/decisions/1002`);
    await expectNoAxeViolations(page, 'decision page');
    const link = page.locator('[data-notice-link]');
    const number = (await link.textContent())!.replace('（打印）', '').trim();
    assert.match(number, /^效告〔\d{4}〕\d+号$/);
    await Promise.all([page.waitForEvent('load'), link.click()]);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.toolbar').isVisible(), false, 'the toolbar is not printed');
    const sheet = (await page.locator('.sheet').innerText()).replace(/\s+/g, '');
    for (const part of ['示范市住房和城乡建设局', '告诫通知书', number, '张伟同志', '首问接待时推诿', '依据《效能告诫制度》', '7日内', '书面检查', '送交监察室', '签发人：王建国']) {
      assert.ok(sheet.includes(part.replace(/\s+/g, '')), `the notice shows ${part}`);
    }
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? [];
    assert.equal(pages.length, 1, 'the notice fits one A4 page');
    const box = pdf.toString('latin1').match(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/);
    assert.ok(box, 'the PDF has a page size');
    assert.ok(Math.abs(Number(box[1]) - 595.92) < 2 && Math.abs(Number(box[2]) - 842.88) < 2, `A4 portrait, got ${box[1]}×${box[2]}`);
    await page.emulateMedia({ media: 'screen' });
    await expectNoAxeViolations(page, '告诫通知书');
    // The notice is a document page without the console frame: back to the decision to sign out.
    await Promise.all([page.waitForEvent('load'), page.click('.toolbar a')]);
    await signOut(page);
  });

  test('the person concerned sees their own admonition and hands in the self-examination; a form error is a 422 with a summary', async () => {
    await page.context().clearCookies();
    await signIn(page, 'demo-handler', 'demo-handler-2026');
    await page.goto(`${BASE_URL}/office/decisions/mine/`);
    await expectNoAxeViolations(page, 'my decisions');
    await Promise.all([page.waitForEvent('load'), page.click('a[href="/office/decisions/1003"]')]);
    const empty = await Promise.all([page.waitForEvent('response', (r) => r.url().endsWith('/submit-self-exam')), page.click('form[action$="/submit-self-exam"] button[type="submit"]')]);
    assert.equal(empty[0].status(), 422);
    await page.waitForLoadState('load');
    assert.match((await page.textContent('.error-summary'))!, /请填写书面检查/);
    await expectNoAxeViolations(page, 'self-examination error');
    await page.fill('#submit-self-exam-text', '本人认真检讨，今后改正。');
    await Promise.all([page.waitForEvent('load'), page.click('form[action$="/submit-self-exam"] button[type="submit"]')]);
    assert.match((await page.textContent('[data-state]'))!, /书面检查已交/);
    // Someone else's decision is not there for them.
    const other = await page.goto(`${BASE_URL}/office/decisions/1002`);
    assert.equal(other!.status(), 404);
    await signOut(page);
  });
});
