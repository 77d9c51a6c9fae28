/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * Tracking by reference + access code (issue 11 part 5): one implementation for complaints (/track/)
 * and appointments (/appointments/track/): `trackedFromForm` reads a tracking form and checks its
 * credentials (the lookup: each service through drizzle, checked by lib/tracking.ts `matchByCode`), throwing the
 * finished page (400/404/422/429) as an HTTPException for app.ts's onError, or returns the record.
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { FieldError } from '../../schema/common.ts';
import type { AppEnv } from '../env.ts';
import { ErrorPage } from '../views/confirmation.tsx';
import { page } from '../views/layout.tsx';
import { readForm } from './body.ts';
import { checkCredentials, html, type CredentialSpec } from './requests.ts';

/** An answer that ends the request (app.ts's onError returns it as it is). */
export const stop = (res: Response): never => {
  throw new HTTPException(res.status as ContentfulStatusCode, { res });
};

export interface TrackedForm<Row> extends CredentialSpec<Row> {
  /** Whose information the access code protects, for the too-many-attempts message (投诉人, 预约人). */
  holder: string;
  /** The tracking page's path. */
  path: string;
  /** The tracking form, with errors or the not-found notice. */
  form: (props: { values: Partial<Record<string, string>>; errors: FieldError[]; notFound?: boolean }) => Child;
}

/** Reads a tracking form and checks its credentials: the record, the form's answers and the credentials, or a finished answer thrown. */
export async function trackedFromForm<Row>(c: Context<AppEnv>, spec: TrackedForm<Row>) {
  const body = await readForm(c.req.raw);
  if (!body.ok) return stop(html(body.status, page(<ErrorPage title="无法查询" message={body.message} path={spec.path} />)));
  const form: Record<string, string> = {};
  for (const [k, v] of Object.entries(body.value)) if (spec.fields.includes(k) && v.trim() !== '') form[k] = v;
  const check = await checkCredentials(c, form, spec);
  switch (check.kind) {
    case 'blocked': {
      const message = `查询码错误次数过多，为保护${spec.holder}的信息，请 ${Math.ceil(check.retryAfter / 60)} 分钟后再试。`;
      return stop(html(429, page(<ErrorPage title="尝试次数太多" message={message} path={spec.path} />), { 'Retry-After': String(check.retryAfter) }));
    }
    case 'invalid':
      return stop(html(422, page(spec.form({ values: form, errors: check.errors }))));
    case 'not-found':
      return stop(html(404, page(spec.form({ values: {}, errors: [], notFound: true }))));
    case 'ok':
      return { row: check.row, form, creds: check.creds };
  }
}
