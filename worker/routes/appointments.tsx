/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The citizen side of appointments: /appointments/new/ (ordinary), /appointments/reception/ (the
 * director's reception day), the one-time confirmation, and /appointments/track/ with cancellation.
 * Tracking lives here rather than in /track/ because appointment references (YY-) and complaint
 * references (XN-) are different records with different actions (cancel vs rate/review); each
 * tracking page points to the other. Forms work without JavaScript; errors come back as 422 with
 * every answer kept; success redirects (303) to the confirmation, which reads the access code from a
 * short-lived sealed cookie, never from the URL. Mounted at /appointments/ (app.ts).
 */
import { Hono, type Context } from 'hono';
import { appointmentFields, appointmentTrackFields, type AppointmentCreated } from '../../schema/appointment.ts';
import { fromForm } from '../../schema/complaint.ts';
import { fieldErrors, type FieldError } from '../../schema/common.ts';
import type { AppEnv } from '../env.ts';
import { readForm } from '../lib/body.ts';
import { catalogue } from '../lib/catalogue.ts';
import { FILINGS_PER_MINUTE, mayFile } from '../lib/client.ts';
import { formIdempotencyKey, html, putFlash, takeFlash } from '../lib/requests.ts';
import {
  appointmentSchemasForCatalogue as schemas,
  appointmentViewOf,
  authenticateAppointment,
  bookAppointment,
  cancelByCitizen,
  cancelMessages,
  receptionBoard,
} from '../services/appointments.ts';
import { AppointmentForm } from '../views/appointments/form.tsx';
import { ReceptionForm } from '../views/appointments/reception.tsx';
import { AppointmentConfirmation, AppointmentConfirmationGone, AppointmentStatusPage, AppointmentTrackForm } from '../views/appointments/status.tsx';
import { ErrorPage } from '../views/confirmation.tsx';
import { page } from '../views/layout.tsx';
import { trackedFromForm } from '../lib/tracking-form.tsx';

const FLASH = 'appointment_flash';
const FLASH_PATH = '/appointments/confirmation/';
const FULL = '这个时段刚刚约满了，请选择其他时段';

type Kind = 'ordinary' | 'reception';

/** Shared by both booking forms: parse, limit, book, flash, redirect — or the form again with errors. */
async function submit(c: Context<AppEnv>, kind: Kind) {
  const path = kind === 'reception' ? '/appointments/reception/' : '/appointments/new/';
  const body = await readForm(c.req.raw);
  if (!body.ok) return html(body.status, page(<ErrorPage title="无法提交" message={body.message} path={path} />));
  const form = body.value;
  const key = formIdempotencyKey(form.idempotencyKey);
  const values: Record<string, string | undefined> = Object.fromEntries([...appointmentFields, 'choice'].map((f) => [f, form[f]]));
  const again = async (errors: FieldError[], newKey = key) =>
    kind === 'reception'
      ? html(422, page(<ReceptionForm board={await receptionBoard(c.env)} values={values} errors={errors} idempotencyKey={newKey} />))
      : html(422, page(<AppointmentForm values={values} errors={errors} idempotencyKey={newKey} />));

  const raw = fromForm(form, appointmentFields.filter((f) => f !== 'kind' && (kind === 'ordinary' || (f !== 'department' && f !== 'service'))));
  if (kind === 'reception') {
    raw.kind = 'reception';
    const [date, slot] = (form.choice ?? '').trim().split(' ');
    if (date) raw.date = date;
    if (slot) raw.slot = slot;
  }
  const parsed = schemas.appointmentInput.safeParse(raw);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error, appointmentFields);
    if (kind === 'reception' && !form.choice) return again([{ field: 'choice', message: '请选择接待日和时段' }, ...errors.filter((e) => e.field !== 'date' && e.field !== 'slot')]);
    return again(errors);
  }
  if (!(await mayFile(c.env, c.req.raw))) {
    const message = `同一网络一分钟内最多提交 ${FILINGS_PER_MINUTE} 次。请稍等一分钟后再提交。`;
    return html(429, page(<ErrorPage title="提交太频繁" message={message} path={path} />), { 'Retry-After': '60' });
  }
  const outcome = await bookAppointment(c.env, parsed.data, key);
  if (outcome.kind === 'full') return again([{ field: kind === 'reception' ? 'choice' : 'slot', message: FULL }], crypto.randomUUID());
  if (outcome.kind === 'phone-limit') return again([{ field: 'phone', message: outcome.message }], crypto.randomUUID());
  if (outcome.kind === 'key-conflict') {
    return again([{ field: 'idempotencyKey', message: '这份表单已经提交过一次，内容却不同了。请检查内容后再提交一次（这次会作为新的预约）。' }], crypto.randomUUID());
  }
  await putFlash(c, FLASH, FLASH_PATH, { created: outcome.created });
  return c.redirect(FLASH_PATH, 303);
}

/** Reads the form and checks the credentials: the appointment, or a finished answer thrown. */
const authed = (c: Context<AppEnv>) =>
  trackedFromForm(c, {
    schema: schemas.trackInput,
    fields: appointmentTrackFields,
    authenticate: authenticateAppointment,
    holder: '预约人',
    path: '/appointments/track/',
    form: (p) => <AppointmentTrackForm {...p} />,
  });

export const appointmentPages = new Hono<AppEnv>()
  .get('/', (c) => c.redirect('/appointments/new/', 301))
  .get('/new/', (c) => {
    // A service guide may link here with ?service=<id>: preselect it and its department.
    const service = catalogue.services.find((s) => s.bookable && s.id === c.req.query('service'));
    const values: Record<string, string> = service ? { department: service.department, service: service.id } : {};
    return html(200, page(<AppointmentForm values={values} errors={[]} idempotencyKey={crypto.randomUUID()} />));
  })
  .post('/new/', (c) => submit(c, 'ordinary'))
  .get('/reception/', async (c) => html(200, page(<ReceptionForm board={await receptionBoard(c.env)} values={{}} errors={[]} idempotencyKey={crypto.randomUUID()} />)))
  .post('/reception/', (c) => submit(c, 'reception'))
  .get('/confirmation/', async (c) => {
    const flash = await takeFlash<{ created: AppointmentCreated }>(c, FLASH, FLASH_PATH);
    if (!flash) return html(200, page(<AppointmentConfirmationGone />));
    return html(200, page(<AppointmentConfirmation created={flash.created} />));
  })
  .get('/track/', (c) => html(200, page(<AppointmentTrackForm values={{}} errors={[]} />)))
  .post('/track/', async (c) => {
    const auth = await authed(c);
    return html(200, page(<AppointmentStatusPage view={await appointmentViewOf(c.env, auth.row)} {...auth.creds} />));
  })
  .post('/cancel', async (c) => {
    const auth = await authed(c);
    const { row, form, creds } = auth;
    const parsed = schemas.cancelInput.safeParse(form);
    if (!parsed.success) {
      return html(422, page(<AppointmentStatusPage view={await appointmentViewOf(c.env, row)} {...creds} errors={fieldErrors(parsed.error, appointmentTrackFields)} values={form} />));
    }
    const outcome = await cancelByCitizen(c.env, row, parsed.data.reason);
    const fresh = (await authenticateAppointment(c.env, creds.reference, creds.accessCode)) ?? row;
    const notice = outcome === 'done' ? '预约已取消。' : cancelMessages[outcome];
    return html(outcome === 'done' ? 200 : 409, page(<AppointmentStatusPage view={await appointmentViewOf(c.env, fresh)} {...creds} notice={notice} />));
  });
