/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * /office/appointments/: the queue (a handler sees only their department; "mine" shows what was
 * routed to them, as A or as B), one appointment with its progress forms, absences, and the
 * reception-day bookings per day. Every form carries the CSRF token; progress forms carry the
 * version, and a stale one answers 409.
 */
import type { Context } from 'hono';
import { appointmentChannels, appointmentFields, appointmentKinds, appointmentStatuses, progressFields, progressSchema, staffChannels, type AppointmentChannel, type AppointmentKind, type AppointmentStatus } from '../../schema/appointment.ts';
import { shanghaiDate } from '../../schema/workdays.ts';
import { now as clockNow } from '../../schema/clock.ts';
import { appointmentSchemasForCatalogue as schemas } from '../services/appointments.ts';
import { formIdempotencyKey, pathId } from '../lib/requests.ts';
import { readAbsence } from './whereabouts.tsx';
import { fieldErrors, type FieldError } from '../../schema/common.ts';
import type { StaffEnv } from '../env.ts';
import { catalogue } from '../lib/catalogue.ts';
import { staffApp, staffRecordOf } from '../office/auth.ts';
import { answers } from '../office/form.ts';
import { formAnswers, html, messagePage, officeForm } from '../office/pages.tsx';
import {
  appointmentEvents,
  appointmentIdOf,
  appointmentRegister,
  bookAppointment,
  withNotesOpened,
  archiveAppointment,
  getAppointment,
  listAbsences,
  listAppointments,
  mayRecordAbsence,
  maySeeAppointment,
  personalOfAppointment,
  receptionBookings,
  recordAbsence,
  recordProgress,
  transitions,
  withdrawAbsence,
  type AppointmentFilters,
  receptionPlanAt,
} from '../services/appointments.ts';
import { page } from '../views/layout.tsx';
import { AbsencesPage, AppointmentPage, AppointmentQueuePage, AppointmentRegisteredPage, AppointmentRegisterPage, NewAppointmentPage, ReceptionBookingsPage } from '../views/office/appointments.tsx';

const STALE = '该预约已被他人更新，请刷新后再操作';

function filtersFrom(q: Record<string, string>): AppointmentFilters {
  const f: AppointmentFilters = {};
  if (q.view === 'mine' || q.view === 'open' || q.view === 'all') f.view = q.view;
  if (appointmentStatuses.codes.includes(q.status as AppointmentStatus)) f.status = q.status as AppointmentStatus;
  if (appointmentKinds.codes.includes(q.kind as AppointmentKind)) f.kind = q.kind as AppointmentKind;
  if (catalogue.departments.some((d) => d.id === q.department)) f.department = q.department;
  if (appointmentChannels.codes.includes(q.channel as AppointmentChannel)) f.channel = q.channel as AppointmentChannel;
  return f;
}

const NO_STAFF = '您的账户没有对应的工作人员，不能登记预约。请联系效能办负责人为账户关联工作人员。';

/** The register's month (YYYY-MM, default this month) and channel from the query. */
function registerQuery(q: Record<string, string>) {
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(q.month ?? '') ? q.month : shanghaiDate(clockNow()).slice(0, 7);
  const channel = appointmentChannels.codes.includes(q.channel as AppointmentChannel) ? (q.channel as AppointmentChannel) : undefined;
  return { month, channel };
}

async function render(c: Context<StaffEnv>, id: number | undefined, status: number, extra: { errors?: { field: string; message: string }[]; values?: Record<string, string>; notice?: string } = {}) {
  const staff = c.var.staff;
  const row = id === undefined ? undefined : await getAppointment(c.env, id);
  if (!row || !maySeeAppointment(staff, row)) return html(404, messagePage(staff, c.var.csrf, '找不到该预约', '没有这个预约，或者它不属于您所在的部门。', '/office/appointments/'));
  const [history, personal] = await Promise.all([appointmentEvents(c.env, row.id).then((h) => withNotesOpened(c.env, h)), personalOfAppointment(c.env, row)]);
  return html(status, page(<AppointmentPage staff={staff} csrf={c.var.csrf} row={row} personal={personal} history={history} next={row.archivedAt === null ? transitions[row.status] : []} {...extra} />));
}

const progress = progressSchema();

export const officeAppointments = staffApp('intake', 'handler', 'supervisor');

officeAppointments
  .get('/', async (c) => {
    const filters = filtersFrom(c.req.query());
    const rows = await listAppointments(c.env, c.var.staff, filters);
    return html(200, page(<AppointmentQueuePage staff={c.var.staff} csrf={c.var.csrf} rows={rows} filters={filters} />));
  })
  .get('/new', (c) => {
    staffRecordOf(c, NO_STAFF, '/office/appointments/');
    return html(200, page(<NewAppointmentPage staff={c.var.staff} csrf={c.var.csrf} values={{}} idempotencyKey={crypto.randomUUID()} />));
  })
  .post('/new', async (c) => {
    const staff = c.var.staff;
    const by = staffRecordOf(c, NO_STAFF, '/office/appointments/');
    const values = await formAnswers(c, '无法登记', '/office/appointments/new');
    const key = formIdempotencyKey(values.idempotencyKey);
    const again = (errors: FieldError[], newKey = key) => html(422, page(<NewAppointmentPage staff={staff} csrf={c.var.csrf} values={values} errors={errors} idempotencyKey={newKey} />));
    const channel = (staffChannels as readonly string[]).includes(values.channel) ? (values.channel as (typeof staffChannels)[number]) : undefined;
    const kind = values.kind ?? 'ordinary';
    const raw: Record<string, unknown> = { kind, date: values.date, slot: values.slot, name: values.name, phone: values.phone, matter: values.matter };
    if (kind !== 'reception') {
      if (values.department) raw.department = values.department;
      if (values.service) raw.service = values.service;
    }
    if (values.consent === 'yes') raw.consent = true;
    const parsed = schemas.appointmentInput.safeParse(raw);
    const errors: FieldError[] = [];
    if (!channel) errors.push({ field: 'channel', message: '请选择预约方式：电话预约或来访登记' });
    if (!parsed.success) {
      for (const e of fieldErrors(parsed.error, appointmentFields)) {
        errors.push(e.field === 'consent' ? { field: 'consent', message: '请向预约人说明个人信息的用途，对方同意后勾选' } : e);
      }
    }
    if (errors.length > 0 || !parsed.success || !channel) return again(errors);
    const outcome = await bookAppointment(c.env, parsed.data, key, clockNow(), { channel, by });
    if (outcome.kind === 'full') return again([{ field: 'slot', message: '这个时段刚刚约满了，请另选时段' }], crypto.randomUUID());
    if (outcome.kind === 'phone-limit') return again([{ field: 'phone', message: outcome.message }], crypto.randomUUID());
    if (outcome.kind === 'key-conflict') return again([{ field: 'channel', message: '这份表单已经提交过一次，内容却不同了。请检查后再提交一次（这次会作为新的预约）。' }], crypto.randomUUID());
    const id = await appointmentIdOf(c.env, outcome.created.reference);
    return html(outcome.kind === 'created' ? 201 : 200, page(<AppointmentRegisteredPage staff={staff} csrf={c.var.csrf} created={outcome.created} id={id} />));
  })
  .get('/register', async (c) => {
    const { month, channel } = registerQuery(c.req.query());
    const rows = await appointmentRegister(c.env, c.var.staff, { month, channel });
    return html(200, page(<AppointmentRegisterPage staff={c.var.staff} csrf={c.var.csrf} rows={rows} month={month} channel={channel} />));
  })
  .get('/register/print', async (c) => {
    const { month, channel } = registerQuery(c.req.query());
    const rows = await appointmentRegister(c.env, c.var.staff, { month, channel });
    return html(200, page(<AppointmentRegisterPage staff={c.var.staff} csrf={c.var.csrf} rows={rows} month={month} channel={channel} print />));
  })
  .get('/absences', async (c) => html(200, page(<AbsencesPage staff={c.var.staff} csrf={c.var.csrf} rows={await listAbsences(c.env)} />)))
  .post('/absences', async (c) => {
    const staff = c.var.staff;
    const read = await readAbsence(c, '/office/appointments/absences', '只能登记本人的不在岗；为他人登记请联系效能办负责人');
    if (!read.ok) return html(422, page(<AbsencesPage staff={staff} csrf={c.var.csrf} rows={await listAbsences(c.env)} errors={read.errors} values={read.values} />));
    await recordAbsence(c.env, read.absence, staff.staffId ?? staff.username);
    return html(200, page(<AbsencesPage staff={staff} csrf={c.var.csrf} rows={await listAbsences(c.env)} notice="已登记。这段时间的新预约会分给 B 岗。" />));
  })
  .post('/absences/:id/withdraw', async (c) => {
    const staff = c.var.staff;
    const id = pathId(c);
    const row = id === undefined ? undefined : (await listAbsences(c.env)).find((r) => r.id === id);
    if (!row) return html(404, messagePage(staff, c.var.csrf, '找不到该登记', '没有这条不在岗登记，或者它已经过去 30 天以上。', '/office/appointments/absences'));
    if (!mayRecordAbsence(staff, row.staffId)) return html(403, messagePage(staff, c.var.csrf, '无权撤销', '只有本人或效能办负责人可以撤销不在岗登记。', '/office/appointments/absences'));
    const done = await withdrawAbsence(c.env, row.id);
    return html(200, page(<AbsencesPage staff={staff} csrf={c.var.csrf} rows={await listAbsences(c.env)} notice={done ? '已撤销。' : '这条登记已经撤销过了。'} />));
  })
  .get('/reception', async (c) => {
    const staff = c.var.staff;
    const rows = (await receptionBookings(c.env)).filter((r) => maySeeAppointment(staff, r));
    const names = new Map<number, string>();
    for (const r of rows) names.set(r.id, (await personalOfAppointment(c.env, r)).name ?? '');
    return html(200, page(<ReceptionBookingsPage staff={staff} csrf={c.var.csrf} rows={rows} names={names} plan={receptionPlanAt()} />));
  })
  .get('/:id', (c) => render(c, pathId(c), 200))
  .post('/:id/progress', async (c) => {
    const staff = c.var.staff;
    const id = pathId(c);
    const row = id === undefined ? undefined : await getAppointment(c.env, id);
    if (!row || !maySeeAppointment(staff, row)) return render(c, undefined, 404);
    const form = await officeForm(c, '无法记录', `/office/appointments/${row.id}`, []);
    const values = answers(form) as Record<string, string>;
    const parsed = progress.safeParse(values);
    if (!parsed.success) return render(c, row.id, 422, { errors: fieldErrors(parsed.error, progressFields), values });
    if (parsed.data.version !== row.version) return render(c, row.id, 409, { errors: [{ field: 'to', message: STALE }], values });
    const { to, version: _v, ...data } = parsed.data;
    const outcome = await recordProgress(c.env, row, staff.staffId ?? staff.username, to, data);
    if (outcome === 'not-allowed') return render(c, row.id, 422, { errors: [{ field: 'to', message: `当前状态“${appointmentStatuses.label(row.status)}”之后不能记录这一项` }], values });
    if (outcome === 'stale') return render(c, row.id, 409, { errors: [{ field: 'to', message: STALE }], values });
    return render(c, row.id, 200, { notice: '已记录，已记入经过。' });
  })
  .post('/:id/archive', async (c) => {
    const staff = c.var.staff;
    const id = pathId(c);
    const row = id === undefined ? undefined : await getAppointment(c.env, id);
    if (!row || !maySeeAppointment(staff, row)) return render(c, undefined, 404);
    const outcome = await archiveAppointment(c.env, row, staff.staffId ?? staff.username);
    if (outcome !== 'done') return render(c, row.id, 409, { errors: [{ field: 'to', message: outcome === 'stale' ? STALE : '只有已办理、未到场或已取消的预约才能归档' }] });
    return render(c, row.id, 200, { notice: '已归档。' });
  });
