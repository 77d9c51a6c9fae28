import { createRoute, z } from '@hono/zod-openapi';
import pkg from '../../package.json' with { type: 'json' };
import { databaseAnswers } from '../lib/db.ts';
import { apiRouter, jsonResponse } from '../lib/openapi.ts';

export const health = z.object({
  status: z.enum(['ok', 'degraded']).describe('ok：服务正常；degraded：数据库不可用'),
  version: z.string().describe('程序版本'),
  db: z.enum(['ok', 'unavailable']),
});

export const healthRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['其他'],
  summary: '运行状态',
  description: '程序版本和数据库是否可用。',
  responses: { 200: jsonResponse(health, '正常', 'health'), 503: jsonResponse(health, '数据库不可用') },
});

export const healthApi = apiRouter().openapi(healthRoute, async (c) => {
  const db: 'ok' | 'unavailable' = (await databaseAnswers(c.env)) ? 'ok' : 'unavailable';
  c.header('Cache-Control', 'no-store');
  return db === 'ok' ? c.json({ status: 'ok' as const, version: pkg.version, db }, 200) : c.json({ status: 'degraded' as const, version: pkg.version, db }, 503);
});
