// Bare paths reach the worker (wrangler.toml run_worker_first) and a path no route answered is sent
// to its slash form, relative Location, query kept; a handler's own 404 (the JSON API's) is not redirected.
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { BASE } from './helpers.ts';

const get = (path: string) => exports.default.fetch(`${BASE}${path}`, { redirect: 'manual' });

describe('trailing-slash redirects', () => {
  it.each([
    ['/api', '/api/'],
    ['/complaints', '/complaints/'],
    ['/complaints/new?x=1', '/complaints/new/?x=1'],
    ['/complaints/confirmation', '/complaints/confirmation/'],
    ['/appointments', '/appointments/'],
    ['/appointments/reception', '/appointments/reception/'],
    ['/appointments/track', '/appointments/track/'],
    ['/track', '/track/'],
    ['/office', '/office/'],
    // Pages with a parameter: the notFound redirect reads the route patterns with their constraints
    // (the hand-written redirects of bulletins, targets and the console's quarters are gone).
    ['/bulletins', '/bulletins/'],
    ['/bulletins/2026-11?x=1', '/bulletins/2026-11/?x=1'],
    ['/targets', '/targets/'],
    ['/targets/2026-q4', '/targets/2026-q4/'],
    ['/targets/departments/real-estate', '/targets/departments/real-estate/'],
    ['/whereabouts/real-estate', '/whereabouts/real-estate/'],
    ['/whereabouts/real-estate/kiosk', '/whereabouts/real-estate/kiosk/'],
    ['/inquiries/track', '/inquiries/track/'],
  ])('GET %s → 301 %s', async (path, location) => {
    const res = await get(path);
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(location);
  });

  it('/complaints/ and /appointments/ lead on to their forms', async () => {
    expect((await get('/complaints/')).headers.get('location')).toBe('/complaints/new/');
    expect((await get('/appointments/')).headers.get('location')).toBe('/appointments/new/');
  });

  it.each(['/bulletins/2026-13', '/bulletins/feed', '/targets/2026-Q4', '/targets/2026-q5', '/whereabouts/Real_Estate'])(
    'GET %s (no page of that shape) is not redirected',
    async (path) => {
      expect((await get(path)).status).not.toBe(301);
    },
  );

  it('leaves the JSON API alone: an unknown month is a 404 problem, not a redirect', async () => {
    const res = await get('/api/bulletins/2026-13');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});
