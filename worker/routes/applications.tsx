/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * /applications/track/: 办件查询 (issue 12), with the same protections as complaint tracking
 * (worker/lib/requests.ts checkCredentials): hashed query codes, constant-time checks, an unknown
 * number answered exactly like a wrong code, and wrong-code throttling per client.
 */
import { Hono } from 'hono';
import { applicationRatingInput, applicationTrackFields, applicationTrackInput } from '../../schema/application.ts';
import { fieldErrors } from '../../schema/common.ts';
import { rateApplication, ratingOf } from '../services/application-ratings.ts';
import type { AppEnv } from '../env.ts';
import { readForm } from '../lib/body.ts';
import { checkCredentials, html } from '../lib/requests.ts';
import { authenticateApplication, publicView } from '../services/application-cards.ts';
import { ApplicationStatusPage, ApplicationTrackForm } from '../views/application-track.tsx';
import { page } from '../views/layout.tsx';
import { dbOf } from '../lib/db.ts';

/** The lookup every public answer shares (page and API). */
export const applicationCredentials = {
  schema: applicationTrackInput,
  fields: applicationTrackFields,
  authenticate: (env: Env, reference: string, code: string) => authenticateApplication(dbOf(env), reference, code),
};

export const applicationPages = new Hono<AppEnv>()
  .get('/', (c) => c.redirect('/applications/track/', 301))
  .get('/track/', (c) => html(200, page(<ApplicationTrackForm values={{}} errors={[]} />)))
  .post('/track/', async (c) => {
    const body = await readForm(c.req.raw);
    if (!body.ok) return html(body.status, page(<ApplicationTrackForm values={{}} errors={[{ field: 'reference', message: body.message }]} />));
    const form = { reference: body.value.reference ?? '', accessCode: body.value.accessCode ?? '' };
    const check = await checkCredentials(c, form, applicationCredentials);
    switch (check.kind) {
      case 'blocked':
        return html(429, page(<ApplicationTrackForm values={{}} errors={[{ field: 'reference', message: `查询码错误次数过多，为保护申请人的信息，请 ${Math.ceil(check.retryAfter / 60)} 分钟后再试。` }]} />), {
          'Retry-After': String(check.retryAfter),
        });
      case 'invalid':
        return html(422, page(<ApplicationTrackForm values={form} errors={check.errors} />));
      case 'not-found':
        return html(404, page(<ApplicationTrackForm values={{}} errors={[]} notFound />));
      case 'ok': {
        const view = await publicView(c.var.db, check.row);
        if (!view) return html(404, page(<ApplicationTrackForm values={{}} errors={[]} notFound />));
        const rated = (await ratingOf(c.var.db, check.row))?.level;
        return html(200, page(<ApplicationStatusPage view={view} rating={{ ...check.creds, rated }} />), { 'Cache-Control': 'no-store' });
      }
    }
  })
  .post('/rate', async (c) => {
    const body = await readForm(c.req.raw);
    if (!body.ok) return html(body.status, page(<ApplicationTrackForm values={{}} errors={[{ field: 'reference', message: body.message }]} />));
    const check = await checkCredentials(c, body.value, applicationCredentials);
    if (check.kind === 'blocked') return html(429, page(<ApplicationTrackForm values={{}} errors={[{ field: 'reference', message: '查询码错误次数过多，请稍后再试。' }]} />), { 'Retry-After': String(check.retryAfter) });
    if (check.kind !== 'ok') return html(404, page(<ApplicationTrackForm values={{}} errors={[]} notFound />));
    const view = (await publicView(c.var.db, check.row))!;
    const parsed = applicationRatingInput.safeParse({ level: body.value.level || undefined, comment: body.value.comment || undefined });
    if (!parsed.success) return html(422, page(<ApplicationStatusPage view={view} rating={{ ...check.creds, errors: fieldErrors(parsed.error, ['level', 'comment']) }} />));
    const outcome = await rateApplication(c.env, c.var.db, check.row, parsed.data);
    if (outcome === 'not-concluded') return html(409, page(<ApplicationStatusPage view={view} rating={{ ...check.creds, errors: [{ field: 'level', message: '办结以后才能评价' }] }} />));
    const notice = outcome === 'done' ? '谢谢您的评价。' : '这个办件已经评价过了，每件只能评价一次。';
    const rated = (await ratingOf(c.var.db, check.row))?.level;
    return html(outcome === 'done' ? 200 : 409, page(<ApplicationStatusPage view={view} rating={{ ...check.creds, rated, notice }} />), { 'Cache-Control': 'no-store' });
  });
