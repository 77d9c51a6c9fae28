/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** GET /api/openapi.json and its readable zh-CN rendering at GET /api/ (server-rendered, no JS). */
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { openApiDocument } from '../openapi.ts';
import { ApiReference } from '../views/api-reference.tsx';
import { page } from '../views/layout.tsx';

export const apiDocs = new Hono<AppEnv>()
  .get('/api/openapi.json', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(openApiDocument());
  })
  .get('/api', (c) => c.redirect('/api/', 301))
  .get('/api/', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.html(page(<ApiReference doc={openApiDocument()} />));
  });
