// The office console in the browser tests: signing the seed's demo accounts in and out, and the
// form of one action on a case page. The passwords are the local demo ones (worker/cli/seed/cases.ts).
import assert from 'node:assert/strict';
import { BASE_URL, type Page } from './harness.ts';

/** Signs in on the console's sign-in page and checks it worked (demo accounts: password `<name>-2026`). */
export async function signIn(page: Page, username: string, password = `${username}-2026`): Promise<void> {
  await page.goto(`${BASE_URL}/office/login`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForEvent('load'), page.click('main button[type="submit"]')]);
  assert.doesNotMatch(page.url(), /\/office\/login/, `${username} should be signed in`);
}

export async function signOut(page: Page): Promise<void> {
  await Promise.all([page.waitForURL(/\/office\/login\?signedOut=1/), page.click('.office-user__logout button')]);
}

/** Submits the form of one action on the case page. */
export async function act(page: Page, action: string, fill: (page: Page) => Promise<unknown> = async () => {}): Promise<void> {
  await fill(page);
  await Promise.all([page.waitForEvent('load'), page.click(`form[action$="/${action}"] button[type="submit"]`)]);
}
