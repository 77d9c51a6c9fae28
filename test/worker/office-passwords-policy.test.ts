// Issue 17, item 5 through the console: an administrator cannot give an account a password that is
// blank, invisible, common, built from the user name, or one of the published demo passwords.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { as, createAccount, post, signIn, type Session } from './office-helpers.ts';

let admin: Session;
let targetId: number;

beforeAll(async () => {
  await createAccount('root1', 'admin');
  targetId = await createAccount('zhang.wei', 'intake', 'efficiency-office');
  admin = await as('root1');
});

const refused: [string, string, RegExp][] = [
  ['twelve spaces', ' '.repeat(12), /只有空格/],
  ['twelve zero-width spaces', '\u200B'.repeat(12), /看不见的字符/],
  ['a common password', 'password1234', /容易被猜中/],
  ['a keyboard walk', 'qwertyuiop12', /容易被猜中/],
  ['the user name with digits', 'zhang.wei.2026!', /用户名/],
  ['the published demo password', 'demo-admin-2026', /演示密码/],
];

describe('new and reset passwords are checked by strength, user name and the demo list', () => {
  it.each(refused)('creating an account with %s is refused with 422 and a message at the password field', async (_name, password, message) => {
    // The user-name case uses the new account's own name.
    const res = await post('/office/accounts/', admin, { username: 'li.na', displayName: '李娜', role: 'intake', department: 'efficiency-office', password: password.replace('zhang.wei', 'li.na') });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('href="#password"');
    expect(html).toMatch(message);
    expect(await env.DB.prepare("select count(*) as n from staff_accounts where username = 'li.na'").first('n')).toBe(0);
  });

  it.each(refused)('resetting a password to %s is refused, and the old password still works', async (_name, password, message) => {
    const res = await post(`/office/accounts/${targetId}/password`, admin, { password });
    expect(res.status).toBe(422);
    expect(await res.text()).toMatch(message);
    expect((await signIn('zhang.wei')).session).toBeDefined();
  });

  it('accepts a long passphrase of unrelated words', async () => {
    const res = await post('/office/accounts/', admin, { username: 'wang.fang', displayName: '王芳', role: 'intake', department: 'efficiency-office', password: '湖边 lantern 种了 7 棵 violet 树' });
    expect(res.status).toBe(303);
  });
});
