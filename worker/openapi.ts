/**
 * The public API and its OpenAPI 3.1 document, generated from the routes' own declarations
 * (@hono/zod-openapi: each route file declares its path, request and responses once with
 * `createRoute`). Request and response bodies come from the same zod schemas that validate them;
 * examples come from worker/openapi-examples.ts and are read when the document is generated.
 * The office console's API (/api/office/*) is a plain Hono router and stays out of the document.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import pkg from '../package.json' with { type: 'json' };
import { catalogue } from './lib/catalogue.ts';
import { apiRouter } from './lib/openapi.ts';
import { applicationsApi } from './routes/api-applications.ts';
import { appointmentsApi } from './routes/api-appointments.ts';
import { inquiriesApi } from './routes/api-inquiries.ts';
import { complaintsApi, trackApi } from './routes/api-complaints.ts';
import { apiDocs } from './routes/api-docs.tsx';
import { bulletinsApi } from './routes/bulletins.ts';
import { healthApi } from './routes/health.ts';
import { targetsApi } from './routes/targets-api.ts';

export { examples } from './openapi-examples.ts';
export { health } from './routes/health.ts';

/** Every public API route, each sub-app at its prefix. */
export const publicApi = apiRouter()
  .route('/api/complaints', complaintsApi)
  .route('/api/track', trackApi)
  .route('/api/appointments', appointmentsApi)
  .route('/api/applications', applicationsApi)
  .route('/api/inquiries', inquiriesApi)
  .route('/api/bulletins', bulletinsApi)
  .route('/api/targets', targetsApi)
  .route('/api/health', healthApi)
  .route('/', apiDocs(openApiDocument));

/** `postApiTrackRating` for POST /api/track/rating: stable anchors for the reference page. */
const operationId = (method: string, path: string) => `${method}${path.replace(/[^a-zA-Z]+(.)?/g, (_, ch: string | undefined) => (ch ? ch.toUpperCase() : ''))}`;

/** The document as @hono/zod-openapi generates it (OpenAPI 3.1). */
export type ApiDocument = ReturnType<OpenAPIHono['getOpenAPI31Document']>;

export function openApiDocument(): ApiDocument {
  const doc = publicApi.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: `${catalogue.office.name} 效能投诉开放接口`,
      version: pkg.version,
      description: '提交效能投诉、凭受理编号和查询码查询办理进度、评价和申请复核。所有错误以 RFC 9457 problem+json 返回，errors 数组逐项说明字段该怎么改。',
      contact: { name: catalogue.supervision.officeName },
      license: { name: pkg.license, url: 'https://spdx.org/licenses/MIT.html' },
    },
    servers: [{ url: '/' }],
    tags: [
      { name: '效能投诉', description: '提交效能投诉' },
      { name: '进度查询', description: '凭受理编号和查询码查询进度、评价、申请复核' },
      { name: '月度通报', description: '已发布月度通报的开放数据（JSON、CSV）' },
      { name: '目标管理', description: '已通报的季度目标考核结果（只含处室）' },
      { name: '办事预约', description: '办事预约和局长接待日登记' },
      { name: '电子监察', description: '业务系统报送办件事件（签名请求）' },
      { name: '其他', description: '运行状态和本说明' },
    ],
    // The public API is open: no key, no login. Tracking proves itself with the reference number and
    // access code in the request body, never in a header or the URL.
    security: [],
  });
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of ['get', 'post'] as const) {
      const op = item[method];
      if (op) op.operationId ??= operationId(method, path);
    }
  }
  return doc;
}
