/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * /whereabouts/ (all departments), /whereabouts/<department>/ and their kiosk/ views: the public
 * board, rendered live from the absence register. /office/whereabouts/: recording one's own
 * whereabouts (a supervisor may record anyone's), and "back now".
 */
import { Hono, type Context } from 'hono';
import { absenceFields, absenceSchema } from '../../schema/appointment.ts';
import { fieldErrors } from '../../schema/common.ts';
import { shanghaiDate } from '../../schema/workdays.ts';
import type { AppEnv, StaffEnv } from '../env.ts';
import { catalogue } from '../lib/catalogue.ts';
import { html as publicHtml } from '../lib/requests.ts';
import { staffApp } from '../office/auth.ts';
import { formAnswers, html, messagePage, officeForm } from '../office/pages.tsx';
import { listAbsences, mayRecordAbsence, recordAbsence } from '../services/appointments.ts';
import { board, markBack } from '../services/whereabouts.ts';
import { page } from '../views/layout.tsx';
import { BoardPage, KioskPage, WhereaboutsConsolePage } from '../views/whereabouts.tsx';
import { now as clockNow } from '../../schema/clock.ts';

const absence = absenceSchema(catalogue);

/** The public board, mounted at /whereabouts/ (worker/app.ts). */
export const whereaboutsPages = new Hono<AppEnv>();

whereaboutsPages
  .get('/', async (c) => publicHtml(200, page(<BoardPage {...await board(c.env)} />)))
  .get('/kiosk/', async (c) => publicHtml(200, page(<KioskPage {...await board(c.env)} path="/whereabouts/" />)))
  .get('/:department{[a-z0-9-]+}/', async (c) => {
    const id = c.req.param('department');
    if (!catalogue.departments.some((d) => d.id === id)) return c.notFound();
    return publicHtml(200, page(<BoardPage {...await board(c.env, id)} one />));
  })
  .get('/:department{[a-z0-9-]+}/kiosk/', async (c) => {
    const id = c.req.param('department');
    if (!catalogue.departments.some((d) => d.id === id)) return c.notFound();
    return publicHtml(200, page(<KioskPage {...await board(c.env, id)} path={`/whereabouts/${id}/`} />));
  });

/** Recording whereabouts in the console, mounted at /office/whereabouts/ (worker/app.ts). */
export const officeWhereabouts = staffApp('intake', 'handler', 'supervisor');

/**
 * An absence form of the console (whereabouts here, the absence register of appointments): the
 * absence to record, or the 422's errors and answers. Someone else's absence is the supervisor's
 * to record; `ownOnly` tells anyone else so. A form that cannot be read is thrown (its status).
 */
export async function readAbsence(c: Context<StaffEnv>, back: string, ownOnly: string) {
  const values = await formAnswers(c, '无法登记', back);
  const parsed = absence.safeParse(values);
  const errors = parsed.success ? [] : fieldErrors(parsed.error, absenceFields);
  if (parsed.success && !mayRecordAbsence(c.var.staff, parsed.data.staffId)) errors.push({ field: 'staffId', message: ownOnly });
  return parsed.success && errors.length === 0 ? { ok: true as const, absence: parsed.data } : { ok: false as const, errors, values };
}

async function consolePage(c: Context<StaffEnv>, status: number, extra: { errors?: { field: string; message: string }[]; values?: Record<string, string>; notice?: string } = {}) {
  const today = shanghaiDate(clockNow());
  return html(status, page(<WhereaboutsConsolePage staff={c.var.staff} csrf={c.var.csrf} today={today} rows={await listAbsences(c.env)} {...extra} />));
}

officeWhereabouts
  .get('/', (c) => consolePage(c, 200))
  .post('/', async (c) => {
    const staff = c.var.staff;
    const read = await readAbsence(c, '/office/whereabouts/', '只能登记本人的去向；为他人登记请联系效能办负责人');
    if (!read.ok) return consolePage(c, 422, { errors: read.errors, values: read.values });
    await recordAbsence(c.env, read.absence, staff.staffId ?? staff.username);
    return consolePage(c, 200, { notice: '已登记，去向牌已更新。' });
  })
  .post('/back', async (c) => {
    const staff = c.var.staff;
    const form = await officeForm(c, '无法登记', '/office/whereabouts/', []);
    const staffId = typeof form.staffId === 'string' ? form.staffId : '';
    if (!catalogue.staff.some((s) => s.id === staffId)) return consolePage(c, 422, { errors: [{ field: 'staffId', message: '您的账户没有对应的工作人员档案，请联系系统管理员' }] });
    if (!mayRecordAbsence(staff, staffId)) return html(403, messagePage(staff, c.var.csrf, '无权登记', '只有本人或效能办负责人可以登记返岗。', '/office/whereabouts/'));
    const n = await markBack(c.env, staffId);
    return consolePage(c, 200, { notice: n > 0 ? '已登记返岗，去向牌显示“在岗”。' : '今天没有不在岗的登记，去向牌已显示“在岗”。' });
  });
