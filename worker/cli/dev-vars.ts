// Creates .dev.vars (git-ignored) on first start with a freshly generated local key for personal
// data and Cloudflare Turnstile's published test keys, so nothing secret is ever committed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';
import { root } from './wrangler.ts';

function randomKey(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(32))).toString('base64');
}

/** Required local variables and how to make each one. */
const defaults: Record<string, () => string> = {
  PII_KEY: randomKey,
  // The keyed hash of appointment phones (repeat bookings), a secret of its own.
  PHONE_HASH_KEY: randomKey,
  // Turnstile's documented always-pass test keys: https://developers.cloudflare.com/turnstile/troubleshooting/testing/
  TURNSTILE_SITE_KEY: () => '1x00000000000000000000AA',
  TURNSTILE_SECRET_KEY: () => '1x0000000000000000000000000000000AA',
  // Local Tencent Cloud API key pair for SMS: the worker signs with it, the local sink
  // (worker/cli/sms-sink.ts) checks with it. Production sets the real pair as secrets.
  TENCENT_SECRET_ID: () => `AKIDlocal${randomKey().replace(/[^A-Za-z0-9]/g, '').slice(0, 27)}`,
  TENCENT_SECRET_KEY: () => randomKey().replace(/[^A-Za-z0-9]/g, '').slice(0, 32),
};

export function ensureDevVars(): void {
  const path = `${root}.dev.vars`;
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const missing = Object.keys(defaults).filter((name) => !new RegExp(`^${name}=`, 'm').test(current));
  if (missing.length === 0) return;
  const lines = missing.map((name) => `${name}=${defaults[name]()}`);
  writeFileSync(path, `${current}${current && !current.endsWith('\n') ? '\n' : ''}${lines.join('\n')}\n`, { mode: 0o600 });
  console.log(`dev-vars: wrote ${missing.join(', ')} to .dev.vars (local only, not in git)`);
}

if (import.meta.url === `file://${process.argv[1]}`) ensureDevVars();
