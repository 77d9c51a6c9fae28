import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { setClock } from '../../schema/clock.ts';

// Storage is isolated per test file; every file starts from the real migrations.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

// The one clock: `CLOCK_START=… npm run test:dates` runs the whole suite as if it were that day.
setClock(env.CLOCK_START);
