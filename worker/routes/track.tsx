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
import { schemas } from '../lib/catalogue.ts';
import { html } from '../lib/requests.ts';
import { trackedFromForm } from '../lib/tracking-form.tsx';
import { afterMessages, authenticate, rate, requestReview, timelineOf } from '../services/complaints.ts';
import { page } from '../views/layout.tsx';
import { StatusPage, TrackForm } from '../views/track.tsx';

/** Reads the form and checks the credentials: the case, or a finished answer thrown. */
const authed = (c: Context<AppEnv>) =>
  trackedFromForm(c, { schema: schemas.trackInput, fields: trackFields, authenticate, holder: '投诉人', path: '/track/', form: (p) => <TrackForm {...p} /> });

export const trackPages = new Hono<AppEnv>()
  .get('/track/', (c) => html(200, page(<TrackForm values={{}} errors={[]} />)))
  .post('/track/', async (c) => {
    const auth = await authed(c);
    const timeline = await timelineOf(c.env, auth.row);
    return html(200, page(<StatusPage timeline={timeline} reference={auth.creds.reference} accessCode={auth.creds.accessCode} />));
  })
  .post('/track/rating', async (c) => {
    const auth = await authed(c);
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
