// Issue 10 in a real browser, JavaScript off: the 韩冰 walk-through. A citizen files a complaint about
// 房地产市场监管科 naming 韩冰; intake accepts, registers (confirming 韩冰) and the supervisor hands it
// to 房地产市场监管科. Signed in as demo-handler (韩冰), neither the case nor any of the complainant's
// data can be found: not in the list, not by its address, not through the JSON API. The supervisor
// sees who is recused and the access log; the tracking page names the efficiency office as contact.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { act, signIn, signOut } from './console.ts';
import { BASE_URL, expectNoAxeViolations, withBrowser, type Page } from './harness.ts';

const complainant = { name: '回避测试人', phone: '13900003333', email: 'huibi.ceshi@example.com' };

describe('the 韩冰 walk-through', () => {
  let page: Page;
  let reference = '';
  let accessCode = '';
  let caseUrl = '';
  withBrowser({ javaScriptEnabled: false }, (b) => (page = b.page));

  test('a citizen files a complaint naming 韩冰; the consent to disclose is offered, off by default', async () => {
    await page.goto(`${BASE_URL}/complaints/new/`);
    assert.equal(await page.isChecked('#identityConsent'), false);
    await page.selectOption('#department', 'real-estate');
    await page.fill('#staffName', '韩冰');
    await page.check('#category-rude-or-obstructive');
    await page.fill('#occurredOn', new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10));
    await page.fill('#description', '浏览器回避测试：在房地产市场监管科窗口办理备案，工作人员态度生硬，让我改天再来。');
    await page.fill('#request', '请核实并督促改正。');
    await page.check('#anonymous-false');
    await page.fill('#name', complainant.name);
    await page.fill('#phone', complainant.phone);
    await page.fill('#email', complainant.email);
    await page.check('#consent');
    await Promise.all([page.waitForURL(`${BASE_URL}/complaints/confirmation/`), page.click('#submit')]);
    reference = (await page.textContent('[data-reference]'))!.trim();
    accessCode = (await page.textContent('[data-access-code]'))!.trim();
    assert.match(reference, /^XN-\d{4}-[0-9A-Z]{6}$/);
  });

  test('intake accepts and registers it, confirming 韩冰; the supervisor hands it to 房地产市场监管科', async () => {
    await signIn(page, 'demo-intake');
    await page.goto(`${BASE_URL}/office/cases/?stage=reception`);
    await Promise.all([page.waitForEvent('load'), page.click(`a:text("${reference}")`)]);
    caseUrl = page.url();
    await act(page, 'accept');
    assert.equal(await page.inputValue('#register-concerned'), '韩冰');
    await act(page, 'register', (p) => p.check('#register-textCleared'));
    assert.equal(await page.textContent('[data-stage]'), '登记');
    await act(page, 'submit', (p) => p.fill('#submit-note', '建议交房地产市场监管科自查'));
    await signOut(page);
    await signIn(page, 'demo-supervisor');
    await page.goto(caseUrl);
    await act(page, 'approve', (p) => p.selectOption('#approve-department', 'real-estate'));
    assert.equal(await page.textContent('[data-stage]'), '办理');
    const text = (await page.textContent('main'))!;
    assert.match(text, /回避人员/);
    assert.match(text, /韩冰/);
    assert.match(text, /个人信息查看记录/);
    await expectNoAxeViolations(page, 'case page with parties and access log');
    await signOut(page);
  });

  test('signed in as demo-handler (韩冰): neither the case nor any of the complainant’s data anywhere', async () => {
    await signIn(page, 'demo-handler');
    for (const path of ['/office/cases/', '/office/cases/?department=real-estate', '/office/cases/?stage=handling']) {
      await page.goto(`${BASE_URL}${path}`);
      const html = await page.content();
      assert.ok(!html.includes(reference), `${path} must not list the case`);
      for (const v of Object.values(complainant)) assert.ok(!html.includes(v), `${path} must not show ${v}`);
    }
    const direct = await page.goto(caseUrl);
    assert.equal(direct?.status(), 404);
    assert.equal(await page.textContent('h1'), '找不到该案件');
    await expectNoAxeViolations(page, 'case hidden from the person concerned');
    const id = caseUrl.split('/').pop();
    const missing = await page.goto(`${BASE_URL}/office/cases/987654`);
    assert.equal(missing?.status(), 404);
    const api = await page.goto(`${BASE_URL}/api/office/cases/${id}`);
    assert.equal(api?.status(), 404);
    const list = await page.goto(`${BASE_URL}/api/office/cases`);
    const body = (await list?.text()) ?? '';
    assert.ok(!body.includes(reference));
    for (const v of Object.values(complainant)) assert.ok(!body.includes(v));
    await page.goto(`${BASE_URL}/office/cases/`);
    await signOut(page);
  });

  test('the tracking page names the efficiency office or the first receiver as contact, not the section complained about', async () => {
    await page.goto(`${BASE_URL}/track/`);
    await page.fill('#reference', reference);
    await page.fill('#accessCode', accessCode);
    await Promise.all([page.waitForURL(`${BASE_URL}/track/`), page.click('button[type="submit"]')]);
    const contact = (await page.textContent('dt:text("本案联系方式") + dd'))!;
    assert.doesNotMatch(contact, /房地产市场监管科/);
    assert.match(contact, /效能|李敏/);
  });
});
