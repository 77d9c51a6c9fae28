/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** /office/alerts/: the supervisor's accountability alerts and the record of what was done. */
import { fieldErrors } from '../../schema/common.ts';
import { alertResolution } from '../../schema/office.ts';
import { staffApp } from '../office/auth.ts';
import { html, messagePage, officeForm } from '../office/pages.tsx';
import { alertHistories, listAlerts, resolveAlert } from '../services/alerts.ts';
import { page } from '../views/layout.tsx';
import { AlertsPage } from '../views/office/alerts.tsx';

export const officeAlerts = staffApp('supervisor');

officeAlerts
  .get('/', async (c) => {
    const notice = c.req.query('done') ? '处理情况已记录。' : undefined;
    return html(200, page(<AlertsPage staff={c.var.staff} csrf={c.var.csrf} alerts={await listAlerts(c.env)} histories={await alertHistories(c.env)} notice={notice} />));
  })
  .post('/:id/resolve', async (c) => {
    const staff = c.var.staff;
    const raw = c.req.param('id');
    if (!/^[1-9]\d{0,9}$/.test(raw)) return html(404, messagePage(staff, c.var.csrf, '找不到该提醒', '提醒编号不正确。', '/office/alerts/'));
    const id = Number(raw);
    const form = await officeForm(c, '未能记录', '/office/alerts/', []);
    const parsed = alertResolution.safeParse({ resolution: form.resolution || undefined });
    if (!parsed.success) {
      const failed = { id, errors: fieldErrors(parsed.error, ['resolution']), value: String(form.resolution ?? '') };
      return html(422, page(<AlertsPage staff={staff} csrf={c.var.csrf} alerts={await listAlerts(c.env)} histories={await alertHistories(c.env)} failed={failed} />));
    }
    const outcome = await resolveAlert(c.env, id, staff.accountId, parsed.data.resolution);
    if (outcome === 'not-found') return html(404, messagePage(staff, c.var.csrf, '找不到该提醒', '没有这条提醒。', '/office/alerts/'));
    if (outcome === 'already') return html(409, messagePage(staff, c.var.csrf, '未能记录', '这条提醒已由他人记录了处理情况，或已因重新核算而撤销，请刷新后查看。', '/office/alerts/'));
    return c.redirect('/office/alerts/?done=1', 303);
  });
