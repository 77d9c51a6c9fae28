// `npm run test:dates`: the unit and worker suites, run as if it were each of the days below
// (issue 17, "The suite fails today"). The one clock (schema/clock.ts) reads CLOCK_START in the
// unit setup, the worker tests' miniflare binding and the catalogue build; faketime cannot be used
// (it stops the workerd pool from starting), so the product's own clock is what moves.
//
// The days:
// - 2026-12-31 23:30 Asia/Shanghai: the last half hour of a year (15:30 UTC: the UTC date is the
//   same, the Shanghai date changes in 30 minutes; the booking window lies wholly in 2027).
// - 2027-02-10: inside the 2027 Spring Festival, whose calendar is not on file yet.
// - 2026-10-09 (Friday): the last working day before a 调休 weekend (Saturday 2026-10-10 is a
//   make-up working day in content/calendar/2026.yaml).
// - two years from the day the command runs: a year with no calendar, content or demo of its own.
//
// Usage: npm run test:dates                 (all four, one after the other)
//        npm run test:dates -- 2027-02-10   (only the given CLOCK_START values)
// Needs dist/ (npm run build) for the worker tests' static assets. Exit code 1 if any run failed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

function twoYearsAhead(): string {
  const d = new Date(Date.now() + 8 * 3_600_000); // the real date in Asia/Shanghai: only to pick a run date
  d.setUTCFullYear(d.getUTCFullYear() + 2);
  return `${d.toISOString().slice(0, 10)}T10:00:00+08:00`;
}

const fixed = ['2026-12-31T23:30:00+08:00', '2027-02-10T10:00:00+08:00', '2026-10-09T16:00:00+08:00', twoYearsAhead()];
const days = process.argv.slice(2).length > 0 ? process.argv.slice(2) : fixed;

if (!existsSync(`${root}dist/index.html`)) {
  console.error('test:dates：缺少 dist/（worker 测试要用静态资源）。请先运行 npm run build。');
  process.exit(2);
}

const results: { day: string; ok: boolean; seconds: number }[] = [];
for (const day of days) {
  console.log(`\n==> CLOCK_START=${day}`);
  const started = Date.now();
  const env = { ...process.env, CLOCK_START: day };
  // The catalogue's warnings (reception schedule, calendar) depend on the day too.
  const catalogue = spawnSync('npm', ['run', '--silent', 'catalogue'], { cwd: root, env, stdio: 'inherit' });
  const run =
    catalogue.status === 0
      ? spawnSync('npx', ['--no-install', 'vitest', 'run', '--project', 'unit', '--project', 'worker'], { cwd: root, env, stdio: 'inherit' })
      : catalogue;
  results.push({ day, ok: run.status === 0, seconds: Math.round((Date.now() - started) / 1000) });
}

console.log('\n==> test:dates summary');
for (const r of results) console.log(`  ${r.ok ? 'ok    ' : 'FAILED'} ${String(r.seconds).padStart(4)}s  CLOCK_START=${r.day}`);
// Leave the catalogue as a plain run would build it.
spawnSync('npm', ['run', '--silent', 'catalogue'], { cwd: root, stdio: 'ignore' });
process.exit(results.every((r) => r.ok) ? 0 : 1);
