/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * /track/: reference + access code → the status page; then rating (好差评) and review (复核) after
 * conclusion. Every POST carries the credentials in its body, so the code never appears in a URL,
 * and every status page is no-store.
 */
import { Hono, type Context } from 'hono';
import { fieldErrors, trackFields } from '../../schema/complaint.ts';
import type { AppEnv } from '../env.ts';
import { readForm } from '../lib/body.ts';
import { schemas } from '../lib/catalogue.ts';
import { checkCredentials, html } from '../lib/requests.ts';
import { afterMessages, authenticate, rate, requestReview, timelineOf } from '../services/complaints.ts';
import { ErrorPage } from '../views/confirmation.tsx';
import { page } from '../views/layout.tsx';
import { StatusPage, TrackForm } from '../views/track.tsx';

function clean(form: Record<string, string>) {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(form)) if (trackFields.includes(k as never) && v.trim() !== '') out[k] = v;
  return out;
}

/** Reads the form and checks the credentials; returns either a finished response or the case. */
async function authed(c: Context<AppEnv>) {
  const body = await readForm(c.req.raw);
  if (!body.ok) return { response: html(body.status, page(<ErrorPage title="无法查询" message={body.message} path="/track/" />)) };
  const form = clean(body.value);
  const check = await checkCredentials(c, form, { schema: schemas.trackInput, fields: trackFields, authenticate });
  switch (check.kind) {
    case 'blocked': {
      const message = `查询码错误次数过多，为保护投诉人的信息，请 ${Math.ceil(check.retryAfter / 60)} 分钟后再试。`;
      return { response: html(429, page(<ErrorPage title="尝试次数太多" message={message} path="/track/" />), { 'Retry-After': String(check.retryAfter) }) };
    }
    case 'invalid':
      return { response: html(422, page(<TrackForm values={form} errors={check.errors} />)) };
    case 'not-found':
      return { response: html(404, page(<TrackForm values={{}} errors={[]} notFound />)) };
    case 'ok':
      return { row: check.row, form, creds: check.creds };
  }
}

export const trackPages = new Hono<AppEnv>()
  .get('/track/', (c) => html(200, page(<TrackForm values={{}} errors={[]} />)))
  .post('/track/', async (c) => {
    const auth = await authed(c);
    if (auth.response) return auth.response;
    const timeline = await timelineOf(c.env, auth.row);
    return html(200, page(<StatusPage timeline={timeline} reference={auth.creds.reference} accessCode={auth.creds.accessCode} />));
  })
  .post('/track/rating', async (c) => {
    const auth = await authed(c);
    if (auth.response) return auth.response;
    const { row, form, creds } = auth;
    const parsed = schemas.ratingInput.safeParse(form);
    if (!parsed.success) {
      const timeline = await timelineOf(c.env, row);
      return html(422, page(<StatusPage timeline={timeline} {...creds} errors={fieldErrors(parsed.error, trackFields)} values={form} form="rating" />));
    }
    const outcome = await rate(c.env, row, parsed.data.level, parsed.data.comment);
    const timeline = await timelineOf(c.env, row);
    const notice = outcome === 'done' ? '感谢您的评价，已经记录。' : afterMessages[outcome];
    return html(outcome === 'done' ? 200 : 409, page(<StatusPage timeline={timeline} {...creds} notice={notice} />));
  })
  .post('/track/review', async (c) => {
    const auth = await authed(c);
    if (auth.response) return auth.response;
    const { row, form, creds } = auth;
    const parsed = schemas.reviewInput.safeParse(form);
    if (!parsed.success) {
      const timeline = await timelineOf(c.env, row);
      return html(422, page(<StatusPage timeline={timeline} {...creds} errors={fieldErrors(parsed.error, trackFields)} values={form} form="review" />));
    }
    const outcome = await requestReview(c.env, row, parsed.data.reason);
    const timeline = await timelineOf(c.env, row);
    const notice = outcome === 'done' ? '复核申请已收到，效能办将另行指定人员复查，结果会在本页显示。' : afterMessages[outcome];
    return html(outcome === 'done' ? 200 : 409, page(<StatusPage timeline={timeline} {...creds} notice={notice} />));
  });
