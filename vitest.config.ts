import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const migrations = await readD1Migrations(fileURLToPath(new URL('./schema/migrations', import.meta.url)));

// Two layers, as in the workers-sdk fixtures: plain Node for content, calendar and build checks;
// workerd with real D1 (migrations applied per test file) for everything the worker does.
export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', testTimeout: 60_000, setupFiles: ['./test/unit/setup.ts'] },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: migrations,
                // The one clock (schema/clock.ts): empty means real time; test/dates.ts sets it per run.
                CLOCK_START: process.env.CLOCK_START ?? '',
                // A fixed test key (32 bytes, base64) and Turnstile's published always-pass test keys.
                PII_KEY: 'dGVzdC1rZXktZm9yLXBpaS0wMTIzNDU2Nzg5YWJjZGU=',
                // The keyed hash of appointment phones has its own secret (issue 17, item 11).
                PHONE_HASH_KEY: 'dGVzdC1rZXktZm9yLXBob25lLWhhc2gtMDEyMzQ1Njc=',
                TURNSTILE_SITE_KEY: '1x00000000000000000000AA',
                TURNSTILE_SECRET_KEY: '1x0000000000000000000000000000000AA',
                // A test key pair for Tencent Cloud SMS signing (worker/notify/sms.ts); never a real one.
                TENCENT_SECRET_ID: 'AKIDtestonly0000000000000000000000',
                TENCENT_SECRET_KEY: 'test-only-secret-key-0000000000',
              },
            },
          }),
        ],
        test: { name: 'worker', include: ['test/worker/**/*.test.ts'], setupFiles: ['./test/worker/setup.ts'] },
      },
    ],
  },
});
