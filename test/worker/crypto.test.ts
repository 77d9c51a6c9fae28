// Personal-data sealing and the complaint's secrets (worker/lib/crypto.ts, WebCrypto only).
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { REFERENCE_PATTERN } from '../../schema/complaint.ts';
import { ACCESS_CODE_PATTERN } from '../../schema/common.ts';
import { accessHash, checkAccessCode, newAccessCode, newReference, open, seal } from '../../worker/lib/crypto.ts';

describe('seal / open', () => {
  it('round-trips a value with a v1 prefix and a fresh IV each time', async () => {
    const value = { name: '刘晓明', phone: '13912345678' };
    const a = await seal(env.PII_KEY, value);
    const b = await seal(env.PII_KEY, value);
    expect(a).toMatch(/^v1\.[\w-]{16}\.[\w-]+$/);
    expect(a).not.toBe(b);
    expect(await open(env.PII_KEY, a)).toEqual(value);
  });

  it('refuses another key, a tampered ciphertext and a key of the wrong size', async () => {
    const sealed = await seal(env.PII_KEY, 'x');
    const other = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
    await expect(open(other, sealed)).rejects.toThrow();
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    await expect(open(env.PII_KEY, tampered)).rejects.toThrow();
    await expect(seal(btoa('too short'), 'x')).rejects.toThrow(/32 random bytes/);
  });
});

describe('reference numbers and access codes', () => {
  it('draw references XN-YYMM-XXXXXX and 10-character Crockford codes', () => {
    expect(newReference('2026-11-21')).toMatch(/^XN-2611-/);
    for (let i = 0; i < 200; i++) {
      expect(newReference('2026-11-21')).toMatch(REFERENCE_PATTERN);
      expect(newAccessCode()).toMatch(ACCESS_CODE_PATTERN);
    }
    const codes = new Set(Array.from({ length: 1000 }, newAccessCode));
    expect(codes.size).toBe(1000);
  });

  it('checks a code against its hash, and never accepts when there is no stored hash', async () => {
    const hash = await accessHash('XN-2611-7KQ4M9', '7KQ4M9TXB2');
    expect(await checkAccessCode('XN-2611-7KQ4M9', '7KQ4M9TXB2', hash)).toBe(true);
    expect(await checkAccessCode('XN-2611-7KQ4M9', '7KQ4M9TXB3', hash)).toBe(false);
    expect(await checkAccessCode('XN-2611-7KQ4MA', '7KQ4M9TXB2', hash)).toBe(false);
    expect(await checkAccessCode('XN-2611-7KQ4M9', '7KQ4M9TXB2', undefined)).toBe(false);
  });
});
