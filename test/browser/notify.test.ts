// Issue 15 in a real browser against `wrangler dev`: a citizen files a complaint with e-mail
// notification chosen, intake accepts it in the console, and the acceptance e-mail turns up in
// wrangler dev's local simulation of the send_email binding. That simulation does not send: it
// writes each message's text under .wrangler/tmp/email/<session>/email-text/ (and logs the path),
// so this test reads the files there. The path is miniflare's (send_email.worker.js, storeTempFile
// with the `email/` prefix mirrored into the project directory); the message got there through the
// whole real chain: outbox row in the acceptance batch → relay → Cloudflare Queue → consumer →
// env.EMAIL.send(). The case page then shows the delivery as sent, without the address.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { signIn } from './console.ts';
import { BASE_URL, expectNoAxeViolations, withBrowser, type Page } from './harness.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const mailDir = join(root, '.wrangler/tmp/email');

function yesterdayInShanghai(): string {
  return new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
}

/** Text files of simulated e-mails written since `since` (ms), recursively. */
function mailsSince(since: number): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const s = statSync(path);
      if (s.isDirectory()) walk(path);
      else if (s.mtimeMs >= since - 1000 && /\.(txt|eml)$/.test(name)) out.push(readFileSync(path, 'utf8'));
    }
  };
  walk(mailDir);
  return out;
}

async function waitForMail(since: number, needle: string, timeoutMs = 45_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const hit = mailsSince(since).find((m) => m.includes(needle));
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no simulated e-mail containing ${needle} under ${mailDir} within ${timeoutMs} ms`);
}

describe('notifications: the acceptance e-mail reaches the local simulation', () => {
  let page: Page;
  withBrowser({ javaScriptEnabled: false }, (b) => (page = b.page));

  test('file with e-mail chosen → intake accepts → the acceptance e-mail is in the simulation; the case page says sent', async () => {
    const started = Date.now();
    await page.goto(`${BASE_URL}/complaints/new/`);
    await page.selectOption('#department', { index: 1 });
    await page.check('#category-not-told-at-once');
    await page.fill('#occurredOn', yesterdayInShanghai());
    await page.fill('#description', '到窗口办理业务，材料被退回两次，每次只说缺一样，没有一次性告知需要的全部材料。');
    await page.fill('#request', '请一次性告知全部材料。');
    await page.check('#anonymous-false');
    await page.fill('#name', '通知测试');
    await page.fill('#email', 'notify.test@example.com');
    await page.check('#notifyEmail');
    await page.check('#consent');
    await Promise.all([page.waitForURL(`${BASE_URL}/complaints/confirmation/`), page.click('#submit')]);
    const reference = (await page.textContent('[data-reference]'))!.trim();
    assert.match(reference, /^XN-\d{4}-[0-9A-Z]{6}$/);

    await signIn(page, 'demo-intake');
    await page.goto(`${BASE_URL}/office/cases/?stage=reception`);
    await Promise.all([page.waitForEvent('load'), page.click(`a:has-text("${reference}")`)]);
    const caseUrl = page.url();
    await Promise.all([page.waitForEvent('load'), page.click('form[action$="/accept"] button[type="submit"]')]);

    const mail = await waitForMail(started, reference);
    assert.match(mail, /已受理/);
    assert.match(mail, /\/track\//);
    assert.match(mail, /\/notify\/unsubscribe\?/);
    assert.doesNotMatch(mail, /材料被退回两次/, 'the complaint content never goes into a message');

    // The consumer marks the row sent right after the binding accepted it.
    let section = '';
    for (let i = 0; i < 20 && !section.includes('已发送'); i++) {
      await page.goto(caseUrl);
      section = (await page.textContent('section[aria-labelledby="deliveries-title"]')) ?? '';
      if (!section.includes('已发送')) await new Promise((r) => setTimeout(r, 500));
    }
    assert.match(section, new RegExp(`您的效能投诉 ${reference} 已受理`));
    assert.match(section, /已发送/);
    assert.doesNotMatch(section, /notify\.test@example\.com/);
    await expectNoAxeViolations(page, 'case page with the delivery state');

    // The settings page, its error page, and the unsubscribe page pass axe too.
    await page.goto(`${BASE_URL}/office/notify/`);
    assert.equal(await page.textContent('h1'), '通知设置');
    await expectNoAxeViolations(page, 'notification settings');
    await page.fill('#email', 'not-an-email');
    await Promise.all([page.waitForEvent('load'), page.click('main form button[type="submit"]')]);
    assert.match(await page.title(), /^错误：/);
    await expectNoAxeViolations(page, 'notification settings with errors');
    const link = /(\/notify\/unsubscribe\?\S+)/.exec(mail)![1];
    await page.goto(`${BASE_URL}${link}`);
    await expectNoAxeViolations(page, 'unsubscribe page');
    await Promise.all([page.waitForEvent('load'), page.click('main form button[type="submit"]')]);
    assert.match((await page.textContent('main'))!, /已退订/);
  });
});
