/**
 * What a staff password must be (issue 17, item 5), beyond the 12 characters the form asks for.
 * Strength is estimated by zxcvbn-ts (@zxcvbn-ts/core with the common-password list and keyboard
 * graphs of @zxcvbn-ts/language-common, bundled: nothing is fetched at run time), as NIST SP 800-63B
 * §5.1.1.2 asks: check new passwords against lists of common and compromised values, and against
 * context words such as the user name. The messages say what to do instead.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { INVISIBLE } from '../../schema/common.ts';

/** zxcvbn's 0–4 score; 3 means "safely unguessable: moderate protection from an offline attack". */
export const MIN_SCORE = 3;

/**
 * The demo accounts' passwords, published in the README and printed by the seed
 * (worker/cli/seed/cases.ts): everyone knows them, so no real account may have one.
 * test/unit/password-policy.test.ts keeps this list in step with the seed.
 */
export const DEMO_PASSWORDS: readonly string[] = ['demo-admin-2026', 'demo-intake-2026', 'demo-handler-2026', 'demo-supervisor-2026'];

/** Words of this portal an attacker would try first. */
const CONTEXT = ['xiaoneng', 'jiguan', 'efficiency', 'office', 'portal', 'admin', 'demo', 'password', 'mima'];

let factory: ZxcvbnFactory | undefined;
function estimator(): ZxcvbnFactory {
  // Built on first use: the dictionaries take a moment to load, and most requests never need them.
  factory ??= new ZxcvbnFactory({ dictionary: { ...dictionary }, graphs: adjacencyGraphs, useLevenshteinDistance: true });
  return factory;
}

export function isDemoPassword(password: string): boolean {
  return DEMO_PASSWORDS.includes(password.trim().toLowerCase());
}

/** Letters and digits only, lower case: how a user name hides inside a password ("Demo.Admin" in "demoadmin2026!"). */
function bare(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** The problem with a new password for this account, or undefined when it may be used. */
export function passwordProblem(password: string, account: { username?: string; displayName?: string } = {}): string | undefined {
  if (password.trim() === '' || INVISIBLE.test(password) || /^[\s\p{Z}]*$/u.test(password)) {
    return '密码不能只有空格，也不能含看不见的字符（零宽空格、控制字符等）；请用看得见的汉字、字母、数字或符号';
  }
  if (isDemoPassword(password)) return '这是公开的演示密码，人人都知道，不能用于正式账户；请另设一个只有本人知道的密码';
  const pw = bare(password);
  for (const name of [account.username, account.displayName]) {
    const n = name ? bare(name) : '';
    if (n.length >= 2 && (pw.includes(n) || pw.includes([...n].reverse().join('')))) {
      return '密码不能是用户名或姓名，也不能由它们加上数字或符号组成；请另想一句与账户无关的话';
    }
  }
  const result = estimator().check(password, [account.username ?? '', account.displayName ?? '', ...CONTEXT].filter(Boolean));
  if (result.score < MIN_SCORE) {
    return '密码太容易被猜中（常见密码、键盘顺序、重复字符、年份或日期都很容易被猜到）；请改用一句容易记住但别人猜不到的话，例如几个不相关的词加上数字';
  }
  return undefined;
}
