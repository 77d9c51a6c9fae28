import { describe, expect, it } from 'vitest';
import { DUMMY_HASH, hashPassword, PBKDF2_ITERATIONS, verifyPassword } from '../../worker/office/password.ts';
import { newToken, sameToken } from '../../worker/office/tokens.ts';

describe('staff passwords (PBKDF2 in workerd)', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('正确的密码 correct horse');
    expect(stored).toMatch(new RegExp(`^pbkdf2-sha256\\$${PBKDF2_ITERATIONS}\\$[\\w-]{22}\\$[\\w-]{43}$`));
    expect(await verifyPassword('正确的密码 correct horse', stored)).toBe(true);
    expect(await verifyPassword('正确的密码 correct hors', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('refuses malformed or unknown stored hashes instead of throwing', async () => {
    for (const stored of ['', 'plain', 'pbkdf2-sha256$0$a$b', 'pbkdf2-sha256$999999999$a$b', 'md5$1$a$b']) {
      expect(await verifyPassword('x', stored)).toBe(false);
    }
    expect(await verifyPassword('anything', DUMMY_HASH)).toBe(false);
  });

  it('compares tokens in constant time and treats junk as unequal', () => {
    const t = newToken();
    expect(sameToken(t, t)).toBe(true);
    expect(sameToken(t, newToken())).toBe(false);
    expect(sameToken(t, undefined)).toBe(false);
    expect(sameToken('<script>', '<script>')).toBe(false);
  });
});
