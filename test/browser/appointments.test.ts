// Issue 5 in a real browser: book an appointment with JavaScript off and on, see who will call and
// by when, track it and cancel it; register for the director's reception day; axe on every page of
// the journey (form, error page, confirmation, tracking form, status page, reception page); and the
// console's appointment pages, signed in with the demo seed's accounts, with JavaScript off.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BASE_URL, expectNoAxeViolations, type OpenBrowser, type Page, withBrowser } from './harness.ts';

async function fillAppointment(page: Page, name: string): Promise<void> {
  // The first department in the list that has a bookable service, then its first service.
  const service = await page.$eval('#service optgroup option', (o) => (o as HTMLOptionElement).value);
  const group = await page.$eval('#service optgroup', (g) => (g as HTMLOptGroupElement).label);
  await page.selectOption('#department', { label: group });
  await page.selectOption('#service', service);
  await page.selectOption('#date', { index: 1 });
  await page.check('input[name="slot"] >> nth=0');
  await page.fill('#matter', '想约时间到窗口当面提交材料并核对是否齐全。');
  await page.fill('#name', name);
  await page.fill('#phone', '13900002222');
  await page.check('#consent');
}

async function journey(page: Page, label: string, name: string): Promise<void> {
  await page.goto(`${BASE_URL}/appointments/new/`);
  assert.equal(await page.textContent('h1'), '办事预约');
  await expectNoAxeViolations(page, `${label}: appointment form`);

  const empty = await Promise.all([page.waitForNavigation(), page.click('#submit')]);
  assert.equal(empty[0]?.status(), 422);
  assert.match(await page.title(), /^错误：/);
  assert.ok(await page.isVisible('.error-summary[role="alert"] a[href="#department"]'));
  await expectNoAxeViolations(page, `${label}: appointment error page`);

  await fillAppointment(page, name);
  await Promise.all([page.waitForURL(`${BASE_URL}/appointments/confirmation/`), page.click('#submit')]);
  const reference = (await page.textContent('[data-reference]'))!.trim();
  const accessCode = (await page.textContent('[data-access-code]'))!.trim();
  assert.match(reference, /^YY-\d{4}-[0-9A-Z]{6}$/);
  assert.match((await page.textContent('main'))!, /会在 .+ 之前打电话和您联系/);
  await expectNoAxeViolations(page, `${label}: appointment confirmation`);

  await page.goto(`${BASE_URL}/appointments/track/`);
  await expectNoAxeViolations(page, `${label}: appointment tracking form`);
  await page.fill('#reference', reference);
  await page.fill('#accessCode', accessCode);
  await Promise.all([page.waitForURL(`${BASE_URL}/appointments/track/`), page.click('button[type="submit"]')]);
  assert.equal(await page.textContent('h1'), `预约 ${reference}`);
  assert.match((await page.textContent('main'))!, new RegExp(name));
  assert.ok(!page.url().includes(accessCode.replace('-', '')), 'the access code must not appear in the URL');
  await expectNoAxeViolations(page, `${label}: appointment status page`);

  await Promise.all([page.waitForURL(`${BASE_URL}/appointments/cancel`), page.click('text=取消这个预约')]);
  assert.match((await page.textContent('[data-status]'))!, /已取消/);
  await expectNoAxeViolations(page, `${label}: cancelled appointment`);
}

for (const javaScriptEnabled of [false, true]) {
  const label = javaScriptEnabled ? 'js' : 'no-js';
  describe(`appointments with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    let browser: OpenBrowser;
    withBrowser({ javaScriptEnabled }, (b) => (browser = b));

    test('book, see who calls and by when, track and cancel', async () => {
      await journey(browser.page, label, javaScriptEnabled ? '脚本开启测试' : '无脚本测试');
    });

    test('register for the reception day', async () => {
      const { page } = browser;
      await page.goto(`${BASE_URL}/appointments/reception/`);
      assert.equal(await page.textContent('h1'), '局长接待日登记');
      await expectNoAxeViolations(page, `${label}: reception page`);
      await page.check('input[name="choice"]:not([disabled]) >> nth=0');
      await page.fill('#matter', '想当面反映小区加装电梯审批进度慢的问题。');
      await page.fill('#name', `接待日${label}`);
      // One phone per run: a phone may book one place per reception day (issue 17, item 11).
      await page.fill('#phone', javaScriptEnabled ? '0519-85683333' : '0519-85683334');
      await page.check('#consent');
      await Promise.all([page.waitForURL(`${BASE_URL}/appointments/confirmation/`), page.click('#submit')]);
      assert.equal(await page.textContent('h1'), '接待日登记成功');
      await expectNoAxeViolations(page, `${label}: reception confirmation`);
    });
  });
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(`${BASE_URL}/office/login`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
}

describe('the console appointment pages with JavaScript off', () => {
  let browser: OpenBrowser;
  withBrowser({ javaScriptEnabled: false }, (b) => (browser = b));

  test('a supervisor sees the queue, one appointment, absences and reception bookings, each axe-clean', async () => {
    const { page } = browser;
    await signIn(page, 'demo-supervisor', 'demo-supervisor-2026');
    await page.goto(`${BASE_URL}/office/appointments/`);
    assert.equal(await page.textContent('h1'), '预约队列');
    assert.match((await page.textContent('main'))!, /B 岗（A 岗工作人员不在岗）/);
    assert.match((await page.textContent('main'))!, /逾期未联系/);
    await expectNoAxeViolations(page, 'console: appointment queue');
    await Promise.all([page.waitForNavigation(), page.click('main table a >> nth=0')]);
    assert.match((await page.textContent('h1'))!, /^预约 YY-/);
    await expectNoAxeViolations(page, 'console: one appointment');
    const empty = await Promise.all([page.waitForNavigation(), page.click('main form button[type="submit"] >> nth=0')]);
    assert.equal(empty[0]?.status(), 422);
    await expectNoAxeViolations(page, 'console: appointment progress error');
    await page.goto(`${BASE_URL}/office/appointments/absences`);
    await expectNoAxeViolations(page, 'console: absences');
    await page.goto(`${BASE_URL}/office/appointments/reception`);
    assert.match((await page.textContent('main'))!, /已登记 \d+ \/ \d+ 人/);
    await expectNoAxeViolations(page, 'console: reception bookings');
  });
});
