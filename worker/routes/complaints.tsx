/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The complaint form (/complaints/new/) and its confirmation, mounted at /complaints/ (app.ts). The form posts to itself; errors come
 * back as 422 with every answer kept; success redirects (303) to the confirmation, which gets the
 * access code from a short-lived encrypted cookie, never from the URL, and shows it once.
 */
import { Hono } from 'hono';
import { complaintFields, fromForm, type Created } from '../../schema/complaint.ts';
import { fieldErrors } from '../../schema/common.ts';
import type { AppEnv } from '../env.ts';
import { readForm } from '../lib/body.ts';
import { schemas } from '../lib/catalogue.ts';
import { clientAddress, FILINGS_PER_MINUTE, mayFile } from '../lib/client.ts';
import { formIdempotencyKey, html, putFlash, takeFlash } from '../lib/requests.ts';
import { turnstileEnabled, verifyTurnstile } from '../lib/turnstile.ts';
import { fileComplaint } from '../services/complaints.ts';
import { ComplaintForm, type FormValues } from '../views/complaint-form.tsx';
import { Confirmation, ConfirmationGone, ErrorPage } from '../views/confirmation.tsx';
import { page } from '../views/layout.tsx';

const FLASH = 'complaint_flash';
const FLASH_PATH = '/complaints/confirmation/';

export const complaintPages = new Hono<AppEnv>()
  .get('/', (c) => c.redirect('/complaints/new/', 301))
  .get('/new/', (c) => {
    const siteKey = turnstileEnabled(c.env) ? c.env.TURNSTILE_SITE_KEY : undefined;
    return html(200, page(<ComplaintForm values={{}} errors={[]} idempotencyKey={crypto.randomUUID()} turnstileSiteKey={siteKey} />));
  })
  .post('/new/', async (c) => {
    const siteKey = turnstileEnabled(c.env) ? c.env.TURNSTILE_SITE_KEY : undefined;
    const body = await readForm(c.req.raw);
    if (!body.ok) return html(body.status, page(<ErrorPage title="无法提交" message={body.message} path="/complaints/new/" />));
    const form = body.value;
    const values: FormValues = Object.fromEntries(complaintFields.map((f) => [f, form[f]]));
    const key = formIdempotencyKey(form.idempotencyKey);
    const again = (errors: { field: string; message: string }[], newKey = key) =>
      html(422, page(<ComplaintForm values={values} errors={errors} idempotencyKey={newKey} turnstileSiteKey={siteKey} />));

    const human = await verifyTurnstile(c.env, form['cf-turnstile-response'], clientAddress(c.req.raw));
    const parsed = schemas.complaintInput.safeParse(fromForm(form, complaintFields));
    const errors = parsed.success ? [] : fieldErrors(parsed.error, complaintFields);
    if (!human) errors.push({ field: 'turnstileToken', message: '请完成页面上的人机验证，再提交' });
    if (!parsed.success || errors.length > 0) return again(errors);
    // Only filings that would write count against the limit: corrections after a 422 are free.
    if (!(await mayFile(c.env, c.req.raw))) {
      const message = `同一网络一分钟内最多提交 ${FILINGS_PER_MINUTE} 件投诉。请稍等一分钟后再提交；情况紧急请拨打效能投诉电话。`;
      return html(429, page(<ErrorPage title="提交太频繁" message={message} path="/complaints/new/" />), { 'Retry-After': '60' });
    }

    const outcome = await fileComplaint(c.env, parsed.data, key);
    if (outcome.kind === 'key-conflict') {
      return again(
        [{ field: 'idempotencyKey', message: '这份表单已经提交过一次，内容却不同了。若要再提一件新的投诉，请检查内容后重新提交（这次会作为新投诉）。' }],
        crypto.randomUUID(),
      );
    }
    await putFlash(c, FLASH, FLASH_PATH, { created: outcome.created, anonymous: parsed.data.anonymous });
    return c.redirect(FLASH_PATH, 303);
  })
  .get('/confirmation/', async (c) => {
    const flash = await takeFlash<{ created: Created; anonymous: boolean }>(c, FLASH, FLASH_PATH);
    c.header('Cache-Control', 'no-store');
    if (!flash) return c.html(page(<ConfirmationGone />), 200);
    return c.html(page(<Confirmation created={flash.created} anonymous={flash.anonymous} />), 200);
  });
