import { Hono } from 'hono';
import pkg from '../../package.json' with { type: 'json' };
import type { AppEnv } from '../env.ts';

export const health = new Hono<AppEnv>().get('/', async (c) => {
  let db: 'ok' | 'unavailable' = 'ok';
  try {
    await c.env.DB.prepare('select 1').first();
  } catch {
    db = 'unavailable';
  }
  c.header('Cache-Control', 'no-store');
  return c.json({ status: db === 'ok' ? 'ok' : 'degraded', version: pkg.version, db }, db === 'ok' ? 200 : 503);
});
