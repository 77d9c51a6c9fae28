/**
 * What every public API route shares, declared once (@hono/zod-openapi): the app factory with the
 * 422 hook, the defensive JSON body reader, the Idempotency-Key header, the error answers
 * (RFC 9457 problem+json) and the way a route names its examples. A route file then declares its
 * path, request and responses in one `createRoute` and registers it with `app.openapi(route, handler)`;
 * the OpenAPI document (worker/openapi.ts) is generated from those declarations.
 */
import { createRoute, OpenAPIHono, z, type Hook, type RouteConfig } from '@hono/zod-openapi';
import type { Context, Input, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { now as clockNow } from '../../schema/clock.ts';
import { problem } from '../../schema/complaint.ts';
import { fieldErrors, type FieldError } from '../../schema/common.ts';
import { shanghaiDate } from '../../schema/workdays.ts';
import type { AppEnv } from '../env.ts';
import { examples, type ExampleKey, type Examples } from '../openapi-examples.ts';
import { readJson } from './body.ts';
import { checkCredentials, IDEMPOTENCY_KEY, type CredentialSpec } from './requests.ts';

// ---- errors ------------------------------------------------------------------------------------

/** An RFC 9457 problem answer, never cached. */
export function problemResponse(status: ContentfulStatusCode, title: string, detail?: string, extra: { errors?: FieldError[]; headers?: Record<string, string> } = {}): Response {
  const body = { type: 'about:blank', title, status, ...(detail ? { detail } : {}), ...(extra.errors ? { errors: extra.errors } : {}) };
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/problem+json; charset=utf-8', 'Cache-Control': 'no-store', ...extra.headers },
  });
}

/** Stops the request with a problem answer; app.ts's one `onError` renders it (HTTPException.getResponse). */
export function fail(status: ContentfulStatusCode, title: string, detail?: string, extra: { errors?: FieldError[]; headers?: Record<string, string> } = {}): never {
  throw new HTTPException(status, { res: problemResponse(status, title, detail, extra), message: title });
}

/** 422 with the field errors, in the order of the form's fields. */
export const invalidResponse = (errors: FieldError[]) => problemResponse(422, '提交的内容有误', '请按 errors 中每一项的说明修改后重新提交', { errors });

/** Stops the request with the 422 problem. */
export function failInvalid(errors: FieldError[]): never {
  throw new HTTPException(422, { res: invalidResponse(errors) });
}

/**
 * The hook that turns a body that fails its schema into the 422 problem, errors in `order` (the
 * form's field order; the complaint form's by default).
 */
export function rejectInvalid<I extends Input>(order?: readonly string[]): Hook<I, AppEnv, any, any> {
  return (result) => {
    if (!result.success) return invalidResponse(fieldErrors(result.error, order));
  };
}

/** A router of public API routes: validation failures become the project's 422 problem+json. */
export const apiRouter = () => new OpenAPIHono<AppEnv>({ defaultHook: rejectInvalid() });

// ---- request parts -----------------------------------------------------------------------------

/**
 * Reads the JSON body defensively (size cap while streaming, strict UTF-8, application/json only:
 * worker/lib/body.ts) before the route's validator, which then reads the cached text. Every failure
 * is the same 400/413/415 problem as before the API was declared with zod-openapi.
 */
export const jsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  const body = await readJson(c.req.raw);
  if (!body.ok) fail(body.status, body.status === 413 ? '请求内容太大' : body.status === 415 ? '不支持的内容类型' : '请求内容无法解析', body.message);
  // Hono's json() reads the cached text; the raw stream is already consumed.
  cacheText(c, JSON.stringify(body.value));
  await next();
};

/** Hono's json() reads `bodyCache.text` as a promise (its type says string). */
export function cacheText(c: Context, text: string): void {
  (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(text);
}

/** A malformed Idempotency-Key is a 400, checked before the body (as documented by `idempotencyHeader`). */
export const idempotencyKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = c.req.header('Idempotency-Key');
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) fail(400, 'Idempotency-Key 格式不对', 'Idempotency-Key 应为 8—100 个可见 ASCII 字符，建议用 UUID');
  await next();
};

/** The Idempotency-Key request header, as the OpenAPI document shows it. */
export const idempotencyHeader = (what: string, example: string) =>
  z.object({
    'Idempotency-Key': z
      .string()
      .regex(IDEMPOTENCY_KEY)
      .optional()
      .openapi({ description: `幂等键：8—100 个可见 ASCII 字符，建议每${what}生成一个 UUID；网络中断后用同一个键重试`, example }),
  });

/**
 * The hook of routes that act on a record (rate, review, cancel): the credentials are checked
 * first (429 / 404 before anything else), then the rest of the body's errors (422, in `order`).
 */
export function credentialsFirst<I extends Input>(authed: (c: Context<AppEnv>, value: unknown) => Promise<unknown>, order: readonly string[]): Hook<I, AppEnv, any, any> {
  return async (result, c) => {
    if (result.success) return;
    // The raw body is on the result even when it fails (zod-validator passes it; the type omits it).
    await authed(c, (result as unknown as { data: unknown }).data);
    return invalidResponse(fieldErrors(result.error, order));
  };
}

/** The record behind reference + access code in `value`, or a 429 / 422 / 404 problem (`notFound`: its title and detail). */
export async function credentialsOrFail<Row>(c: Context<AppEnv>, value: unknown, spec: CredentialSpec<Row>, notFound: [title: string, detail: string]): Promise<Row> {
  const outcome = await checkCredentials(c, value, spec);
  switch (outcome.kind) {
    case 'blocked':
      return fail(429, '尝试次数太多', `查询码错误次数过多，请 ${Math.ceil(outcome.retryAfter / 60)} 分钟后再试`, { headers: { 'Retry-After': String(outcome.retryAfter) } });
    case 'invalid':
      return failInvalid(outcome.errors);
    case 'not-found':
      return fail(404, ...notFound);
    case 'ok':
      return outcome.row;
  }
}

// ---- examples and content ----------------------------------------------------------------------

let cached: { day: string; value: Examples } | undefined;

/** The examples for the clock's today (computed once a day: they are relative to it). */
function exampleOf(key: ExampleKey): unknown {
  const now = clockNow();
  const day = shanghaiDate(now);
  if (cached?.day !== day) cached = { day, value: examples(now) };
  return cached.value[key];
}

/**
 * One media type object with its example. The example is read when the document is generated (a
 * getter), not when the route is declared, so it follows the clock.
 */
function media<S extends z.ZodType>(schema: S, example: ExampleKey) {
  return {
    schema,
    get example() {
      return exampleOf(example);
    },
  };
}

/** A required JSON request body with its example. */
export const jsonRequest = <S extends z.ZodType>(schema: S, example: ExampleKey) => ({
  required: true,
  content: { 'application/json': media(schema, example) },
});

/** A JSON response with its example. */
export const jsonResponse = <S extends z.ZodType>(schema: S, description: string, example?: ExampleKey, headers?: Record<string, { description: string; schema: { type: 'string' } }>) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': example ? media(schema, example) : { schema } },
});

/** A problem+json error answer. */
export const problemJson = (description: string, example: ExampleKey) => ({
  description,
  content: { 'application/problem+json': media(problem, example) },
});

/** The error answers shared by the routes, each declared once; a route spreads in the ones it gives. */
export const errors = {
  400: problemJson('请求体不是有效的 JSON 或 UTF-8', 'malformed'),
  404: problemJson('受理编号或查询码不正确', 'notFound'),
  409: problemJson('尚未办结或已经提交过', 'conflict'),
  413: problemJson('请求体超过 32 KB', 'tooLarge'),
  415: problemJson('Content-Type 不是 application/json', 'mediaType'),
  422: problemJson('内容不符合要求：errors 逐项说明该怎么改', 'invalid'),
  429: problemJson('查询码错误次数过多', 'tooMany'),
} as const;

/** What every route with a JSON body can answer: a body that cannot be read, or fails its schema. */
export const bodyErrors = { 400: errors[400], 413: errors[413], 415: errors[415], 422: errors[422] } as const;

/** The routes that look a record up by reference and access code add these. */
export const credentialErrors = { 404: errors[404], 429: errors[429] } as const;

/** 201 with the new record's reference and access code: never cached, marked when an idempotent replay. */
export function created<C extends Context, T extends object>(c: C, outcome: { kind: 'created' | 'replayed'; created: T }, location: string) {
  c.header('Cache-Control', 'no-store');
  if (outcome.kind === 'replayed') c.header('Idempotent-Replayed', 'true');
  c.header('Location', location);
  return c.json(outcome.created, 201);
}

/** 200 with a record seen through its reference and access code (or live figures): never cached. */
export function privateJson<C extends Context, T extends object>(c: C, body: T) {
  c.header('Cache-Control', 'no-store');
  return c.json(body, 200);
}

/** A once-only action (rate, review, cancel) that was not done stops with 409 and why not. */
export function unlessDone<O extends string>(outcome: O, title: string, why: Record<Exclude<O, 'done'>, string>): void {
  if (outcome !== 'done') fail(409, title, why[outcome as Exclude<O, 'done'>]);
}

/**
 * A GET route of open data, declared in one call: where it is and what it says, its JSON answer and
 * the errors it may give instead (none for a plain list).
 */
export function readRoute<P extends string, S extends z.ZodType, Q extends RouteConfig['request'] = undefined, X extends RouteConfig['responses'] = {}>(
  route: { path: P; tags: string[]; summary: string; description: string; request?: Q },
  ok: ReturnType<typeof jsonResponse<S>>,
  otherwise?: X,
) {
  return createRoute({ method: 'get', ...route, responses: { 200: ok, ...(otherwise as X) } });
}

/**
 * The handler of a lookup by reference + access code (POST …/track): the record behind the
 * credentials (`authed`: 404 / 429 / 422 thrown), shown as `view` shows it, never cached.
 */
export function lookup<Row, V extends object>(authed: (c: Context<AppEnv>, value: unknown) => Promise<Row>, view: (env: Env, row: Row) => Promise<V>) {
  return async (c: Context<AppEnv, string, { out: { json: unknown } }>) => privateJson(c, await view(c.env, await authed(c, c.req.valid('json'))));
}
