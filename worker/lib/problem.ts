/** RFC 9457 problem details, in Chinese, for every API error. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { FieldError } from '../../schema/common.ts';

export function problem(
  c: Context,
  status: ContentfulStatusCode,
  title: string,
  detail?: string,
  extra: { errors?: FieldError[]; headers?: Record<string, string> } = {},
): Response {
  const body = { type: 'about:blank', title, status, ...(detail ? { detail } : {}), ...(extra.errors ? { errors: extra.errors } : {}) };
  return c.body(JSON.stringify(body), status, {
    'Content-Type': 'application/problem+json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...extra.headers,
  });
}
