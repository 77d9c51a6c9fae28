/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** GET /api/openapi.json and its readable zh-CN rendering at GET /api/ (server-rendered, no JS). */
import { createRoute } from '@hono/zod-openapi';
import type { openApiDocument } from '../openapi.ts';
import { apiRouter } from '../lib/openapi.ts';
import { ApiReference } from '../views/api-reference.tsx';
import { page } from '../views/layout.tsx';

const tags = ['其他'];

export const documentRoute = createRoute({
  method: 'get',
  path: '/api/openapi.json',
  tags,
  summary: '本接口说明（OpenAPI 3.1）',
  description: '由声明路由的同一套 zod 模式生成。',
  responses: { 200: { description: 'OpenAPI 3.1 文档', content: { 'application/json': {} } } },
});

export const referenceRoute = createRoute({
  method: 'get',
  path: '/api/',
  tags,
  summary: '接口说明网页',
  description: '本文档的中文网页版。',
  responses: { 200: { description: 'HTML 网页', content: { 'text/html': {} } } },
});

/** The two routes, given the function that produces the document (worker/openapi.ts). */
export const apiDocs = (document: typeof openApiDocument) =>
  apiRouter()
    .openapi(documentRoute, (c) => {
      c.header('Cache-Control', 'public, max-age=300');
      // The document's type is open-ended JSON; the route declares no schema for it.
      return c.json(document() as never, 200);
    })
    .openapi(referenceRoute, (c) => {
      c.header('Cache-Control', 'public, max-age=300');
      return c.html(page(<ApiReference doc={document()} />), 200);
    });
