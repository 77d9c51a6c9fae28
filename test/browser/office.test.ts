// Issue 4 in a real browser with JavaScript off: sign in with the demo accounts (the seed creates
// them), move a case through the workflow with plain form posts, see the 409 for a stale form, and
// run axe on every console page: sign-in, errors, case list, case page, registration, alerts,
// accounts. Also checks that Chromium keeps the Secure __Host- session cookie on http://127.0.0.1.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { act, signIn, signOut } from './console.ts';
import { BASE_URL, expectNoAxeViolations, withBrowser, type Page } from './harness.ts';

describe('the office console with JavaScript off', () => {
  let page: Page;
  withBrowser({ javaScriptEnabled: false }, (b) => (page = b.page));

  test('an anonymous visitor is sent to sign in; the sign-in page and its error page pass axe', async () => {
    await page.goto(`${BASE_URL}/office/cases/`);
    assert.match(page.url(), /\/office\/login\?next=%2Foffice%2Fcases%2F/);
    await expectNoAxeViolations(page, 'sign-in page');
    await page.fill('#username', 'demo-intake');
    await page.fill('#password', 'wrong password');
    await Promise.all([page.waitForEvent('load'), page.click('main button[type="submit"]')]);
    assert.match(await page.title(), /^错误：/);
    assert.match((await page.textContent('.error-summary'))!, /用户名或密码不正确/);
    await expectNoAxeViolations(page, 'sign-in error page');
  });

  test('the session cookie is Secure, HttpOnly and kept by Chromium on http://127.0.0.1', async () => {
    await signIn(page, 'demo-intake');
    const cookie = (await page.context().cookies(BASE_URL)).find((c) => c.name === '__Host-office_session');
    assert.ok(cookie, 'Chromium must keep the __Host- session cookie');
    assert.equal(cookie.secure, true);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');
  });

  test('a phone complaint goes from registration to archive through intake, supervisor and handler, with a stale form refused', async () => {
    await page.goto(`${BASE_URL}/office/cases/`);
    assert.equal(await page.textContent('h1'), '案件');
    await expectNoAxeViolations(page, 'case list');
    await page.goto(`${BASE_URL}/office/cases/new`);
    await expectNoAxeViolations(page, 'registration form');
    // First with mistakes: the error page keeps the answers and passes axe.
    await page.check('#channel');
    await page.fill('#description', '太短');
    await Promise.all([page.waitForEvent('load'), page.click('main form button[type="submit"]')]);
    assert.match(await page.title(), /^错误：/);
    await expectNoAxeViolations(page, 'registration form with errors');
    await page.selectOption('#firstReceiver', 'li-min');
    await page.selectOption('#department', 'real-estate');
    await page.selectOption('#category', 'overdue');
    await page.fill('#occurredOn', new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10));
    await page.fill('#description', '浏览器测试：来电反映合同备案超过承诺时限仍未办结，窗口没有说明原因。');
    await page.fill('#request', '请尽快办结。');
    await page.check('#anonymous');
    await page.fill('#name', '浏览器测试');
    await page.fill('#phone', '13900002222');
    await page.check('#consent');
    await Promise.all([page.waitForEvent('load'), page.click('main form button[type="submit"]')]);
    assert.equal(await page.textContent('h1'), '投诉已登记');
    await expectNoAxeViolations(page, 'registered page');
    await Promise.all([page.waitForEvent('load'), page.click('text=打开该案件')]);
    assert.match((await page.textContent('h1'))!, /^案件 XN-/);
    await expectNoAxeViolations(page, 'case page (reception)');
    const caseUrl = page.url();

    // A validation error on an action's form: 422 page, passes axe.
    await act(page, 'decline');
    assert.match(await page.title(), /^错误：/);
    await expectNoAxeViolations(page, 'case page with action errors');

    await page.goto(caseUrl);
    await act(page, 'accept');
    assert.equal(await page.textContent('[data-stage]'), '受理');
    await act(page, 'register');
    await act(page, 'submit', (p) => p.fill('#submit-note', '建议交房地产市场监管科办理'));
    assert.equal(await page.textContent('[data-stage]'), '呈批');
    await signOut(page);

    // The supervisor approves and hands it to the real-estate section.
    await signIn(page, 'demo-supervisor');
    await page.goto(caseUrl);
    await act(page, 'approve', (p) => p.selectOption('#approve-department', 'real-estate'));
    assert.equal(await page.textContent('[data-stage]'), '办理');
    await expectNoAxeViolations(page, 'case page (handling, supervisor)');
    await page.goto(`${BASE_URL}/office/alerts/`);
    assert.match((await page.textContent('main'))!, /被诉待岗/);
    await expectNoAxeViolations(page, 'alerts dashboard');
    await signOut(page);

    // The handler asks for an extension; a second tab with the old form then gets the 409.
    await signIn(page, 'demo-handler');
    await page.goto(caseUrl);
    const stale = await page.context().newPage();
    await stale.goto(caseUrl);
    await act(page, 'request-extension', async (p) => {
      await p.fill('#request-extension-days', '5');
      await p.fill('#request-extension-reason', '需要调取档案核实情况');
    });
    await act(stale, 'note', (p) => p.fill('#note-note', '已电话联系投诉人'));
    assert.match((await stale.textContent('main'))!, /该案件已被他人更新，请刷新后再操作/);
    await expectNoAxeViolations(stale, 'stale-version page');
    await stale.close();
    await signOut(page);

    // The supervisor approves the extension and concludes; then archives.
    await signIn(page, 'demo-supervisor');
    await page.goto(caseUrl);
    await act(page, 'approve-extension');
    await act(page, 'conclude', async (p) => {
      await p.check('#conclude-finding');
      await p.fill('#conclude-reply', '经查属实，已督促经办人员当日办结，并向您致歉。');
    });
    assert.equal(await page.textContent('[data-stage]'), '报结');
    await act(page, 'archive');
    assert.equal(await page.textContent('[data-stage]'), '归档');
    await expectNoAxeViolations(page, 'case page (archived)');
    await signOut(page);
  });

  test('the administrator manages accounts', async () => {
    await signIn(page, 'demo-admin');
    assert.match(page.url(), /\/office\/accounts\/$/);
    await expectNoAxeViolations(page, 'accounts list');
    await page.fill('#username', 'browser-test');
    await page.fill('#displayName', '浏览器测试员');
    await page.selectOption('#role', 'handler');
    await page.fill('#password', 'short');
    await Promise.all([page.waitForEvent('load'), page.click('form[action="/office/accounts/"] button[type="submit"]')]);
    assert.match(await page.title(), /^错误：/);
    await expectNoAxeViolations(page, 'accounts form with errors');
    await page.selectOption('#department', 'real-estate');
    // Not built from the user name, and strong enough for zxcvbn (issue 17, item 5).
    await page.fill('#password', '湖边 lantern 种了 7 棵 violet 树');
    await Promise.all([page.waitForEvent('load'), page.click('form[action="/office/accounts/"] button[type="submit"]')]);
    assert.equal(await page.textContent('h1'), '账户 browser-test');
    await expectNoAxeViolations(page, 'account page');
    await signOut(page);
  });

  test('the supervisor follows up the seeded 差评 and answers its review request; the citizen sees 复核结论', async () => {
    await signIn(page, 'demo-supervisor');
    await page.goto(`${BASE_URL}/office/cases/?pending=review`);
    await expectNoAxeViolations(page, 'case list filtered to 待复核');
    // The seeded case by its suffix: the middle of a reference is the year and month it was received.
    const link = page.locator('a', { hasText: /^XN-\d{4}-CAS013$/ });
    const reference = (await link.textContent())!.trim();
    await Promise.all([page.waitForEvent('load'), link.click()]);
    assert.match((await page.textContent('main'))!, /待复核/);
    await expectNoAxeViolations(page, 'case page with a review request and a bad rating');
    await act(page, 'rating-follow-up', (p) => p.fill('#rating-follow-up-note', '浏览器测试：已电话回访投诉人，说明了补件的原因。'));
    assert.match((await page.textContent('main'))!, /差评回访/);
    // Changing the conclusion without a new finding: the 422 page passes axe and keeps the reply.
    await act(page, 'review', async (p) => {
      await p.check('#review-outcome-changed');
      await p.fill('#review-reply', '浏览器测试：经复查，维持原结论。');
    });
    assert.match(await page.title(), /^错误：/);
    assert.match((await page.textContent('.error-summary'))!, /改变结论时请选择新的调查结论/);
    await expectNoAxeViolations(page, 'review form with errors');
    await act(page, 'review', async (p) => {
      await p.check('#review-outcome');
    });
    assert.match((await page.textContent('main'))!, /复核结论（答复投诉人）/);
    assert.equal(await page.$('form[action$="/review"]'), null);
    await signOut(page);

    await page.goto(`${BASE_URL}/track/`);
    await page.fill('#reference', reference);
    await page.fill('#accessCode', 'CAS0C0DE13');
    await Promise.all([page.waitForEvent('load'), page.click('main button[type="submit"]')]);
    const text = (await page.textContent('main'))!;
    assert.match(text, /复核结论/);
    assert.match(text, /维持原结论/);
    assert.match(text, /浏览器测试：经复查，维持原结论。/);
    assert.doesNotMatch(text, /回访/);
    await expectNoAxeViolations(page, 'tracking page with a review answer');
  });
});
