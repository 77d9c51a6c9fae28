// wrangler.toml's run_worker_first decides which requests reach the worker before the static site.
// A "/x/*" pattern does not match the bare "/x", so each area must list both, or the static 404 page
// answers where the worker redirects (issue 17, item 7: /complaints, /appointments and /api did).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const toml = readFileSync(new URL('../../wrangler.toml', import.meta.url), 'utf8');
const patterns = [...(toml.match(/run_worker_first = \[([^\]]*)\]/)?.[1] ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1]);

describe('run_worker_first', () => {
  it('lists the bare path of every area it owns, so /api, /complaints and /appointments reach the worker', () => {
    expect(patterns.length).toBeGreaterThan(0);
    const areas = patterns.filter((p) => p.endsWith('/*')).map((p) => p.slice(0, -2));
    for (const area of areas) expect(patterns, area).toContain(area);
    expect(patterns).toEqual(expect.arrayContaining(['/api', '/complaints', '/appointments', '/bulletins', '/targets']));
  });
});
