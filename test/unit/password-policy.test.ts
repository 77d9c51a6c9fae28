// Issue 17, item 5: the staff password rules, and the published demo passwords kept in step with the seed.
import { describe, expect, it } from 'vitest';
import { demoAccounts } from '../../worker/cli/seed/cases.ts';
import { DEMO_PASSWORDS, passwordProblem } from '../../worker/office/password-policy.ts';

describe('passwordProblem', () => {
  it('refuses every demo password the seed publishes, whatever account it is for', () => {
    for (const a of demoAccounts) {
      expect(DEMO_PASSWORDS, a.username).toContain(a.password);
      expect(passwordProblem(a.password, { username: 'someone.else' })).toContain('演示密码');
    }
  });

  it.each([
    ['twelve spaces', ' '.repeat(12)],
    ['an ideographic-space password', '\u3000'.repeat(12)],
    ['twelve zero-width spaces', '\u200B'.repeat(12)],
    ['a password with a zero-width joiner inside', 'lantern\u200Dviolet-湖边-77'],
    ['password1234', 'password1234'],
    ['12345678abcd', '12345678abcd'],
    ['aaaaaaaaaaaa', 'aaaaaaaaaaaa'],
    ['the user name', 'chen.hong.office'],
    ['the user name reversed with digits', 'gnohnehc2026!!'],
    ['the display name with digits', '陈红陈红20261201'],
  ])('refuses %s', (_name, password) => {
    expect(passwordProblem(password, { username: 'chen.hong', displayName: '陈红' })).toBeDefined();
  });

  it('accepts a passphrase of unrelated words', () => {
    expect(passwordProblem('湖边 lantern 种了 7 棵 violet 树', { username: 'chen.hong', displayName: '陈红' })).toBeUndefined();
  });
});
