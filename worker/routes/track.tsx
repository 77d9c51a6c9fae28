/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * /track/: reference + access code → the status page; then rating (好差评) and review (复核) after
 * conclusion. Every POST carries the credentials in its body, so the code never appears in a URL,
 * and every status page is no-store.
 */
import { Hono, type Context } from 'hono';
import { trackFields } from '../../schema/complaint.ts';
import { fieldErrors } from '../../schema/common.ts';
import type { AppEnv } from '../env.ts';
import { schemas } from '../lib/catalogue.ts';
import { html } from '../lib/requests.ts';
import { trackedFromForm } from '../lib/tracking-form.tsx';
import { afterMessages, authenticate, rate, requestReview, timelineOf, type AfterOutcome } from '../services/complaints.ts';
import type { z } from 'zod';
import { page } from '../views/layout.tsx';
import { StatusPage, TrackForm } from '../views/track.tsx';

/** Reads the form and checks the credentials: the case, or a finished answer thrown. */
const authed = (c: Context<AppEnv>) =>
  trackedFromForm(c, { schema: schemas.trackInput, fields: trackFields, authenticate, holder: '投诉人', path: '/track/', form: (p) => <TrackForm {...p} /> });

type ComplaintRow = Parameters<typeof rate>[1];

/**
 * Rating (好差评) and review (复核) after conclusion: the credentials, the form's own schema, then the
 * once-only service call; a bad answer comes back on the status page with what to fix (422), a
 * second or late one with why not (409).
 */
async function afterConclusion<T>(c: Context<AppEnv>, form: 'rating' | 'review', schema: z.ZodType<T>, act: (row: ComplaintRow, data: T) => Promise<AfterOutcome>, thanks: string) {
  const { row, form: values, creds } = await authed(c);
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const timeline = await timelineOf(c.env, row);
    return html(422, page(<StatusPage timeline={timeline} {...creds} errors={fieldErrors(parsed.error, trackFields)} values={values} form={form} />));
  }
  const outcome = await act(row, parsed.data);
  const timeline = await timelineOf(c.env, row);
  const notice = outcome === 'done' ? thanks : afterMessages[outcome];
  return html(outcome === 'done' ? 200 : 409, page(<StatusPage timeline={timeline} {...creds} notice={notice} />));
}

/** Mounted at /track/ (worker/app.ts). */
export const trackPages = new Hono<AppEnv>()
  .get('/', (c) => html(200, page(<TrackForm values={{}} errors={[]} />)))
  .post('/', async (c) => {
    const auth = await authed(c);
    const timeline = await timelineOf(c.env, auth.row);
    return html(200, page(<StatusPage timeline={timeline} reference={auth.creds.reference} accessCode={auth.creds.accessCode} />));
  })
  .post('/rating', (c) =>
    afterConclusion(c, 'rating', schemas.ratingInput, (row, d) => rate(c.env, row, d.level, d.comment), '感谢您的评价，已经记录。'),
  )
  .post('/review', (c) =>
    afterConclusion(c, 'review', schemas.reviewInput, (row, d) => requestReview(c.env, row, d.reason), '复核申请已收到，效能办将另行指定人员复查，结果会在本页显示。'),
  );
