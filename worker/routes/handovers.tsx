/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** /office/handovers/: planning a stand-in handover (同岗替代) and its approval, acknowledgement and handback. */
import type { Context } from 'hono';
import { fieldErrors } from '../../schema/common.ts';
import { handoverActions, planFields, planInput, type HandoverAction } from '../../schema/handover.ts';
import { shanghaiDate } from '../../schema/workdays.ts';
import { now as clockNow } from '../../schema/clock.ts';
import type { StaffEnv } from '../env.ts';
import { pathId } from '../lib/requests.ts';
import { staffApp } from '../office/auth.ts';
import { answers } from '../office/form.ts';
import { html, messagePage, officeForm } from '../office/pages.tsx';
import { actOnHandover, getHandover, listHandovers, mayAct, planHandover, postHistory } from '../services/handovers.ts';
import { HandoverPage, HandoversPage } from '../views/handovers.tsx';
import { page } from '../views/layout.tsx';

/** Mounted at /office/handovers/ (worker/app.ts). */
export const officeHandovers = staffApp('intake', 'handler', 'supervisor');

async function list(c: Context<StaffEnv>, status: number, extra: { values?: Record<string, string>; errors?: { field: string; message: string }[] } = {}) {
  return html(status, page(<HandoversPage staff={c.var.staff} csrf={c.var.csrf} rows={await listHandovers(c.env, c.var.staff)} today={shanghaiDate(clockNow())} {...extra} />));
}

async function one(c: Context<StaffEnv>, id: number | undefined, status: number, extra: { errors?: { field: string; message: string }[]; notice?: string } = {}) {
  const row = id === undefined ? undefined : await getHandover(c.env, id);
  if (!row) return html(404, messagePage(c.var.staff, c.var.csrf, '找不到该交接', '没有这条岗位交接。', '/office/handovers/'));
  return html(status, page(<HandoverPage staff={c.var.staff} csrf={c.var.csrf} row={row} history={await postHistory(c.env, row.post)} {...extra} />));
}

officeHandovers
  .get('/', (c) => list(c, 200))
  .post('/', async (c) => {
    const form = await officeForm(c, '无法登记', '/office/handovers/', []);
    const values = answers(form) as Record<string, string>;
    const parsed = planInput.safeParse(values);
    if (!parsed.success) return list(c, 422, { values, errors: fieldErrors(parsed.error, planFields) });
    const planned = await planHandover(c.env, c.var.staff, parsed.data);
    if (!planned.ok) return list(c, 422, { values, errors: planned.errors });
    return c.redirect(`/office/handovers/${planned.id}`, 303);
  })
  .get('/:id', (c) => one(c, pathId(c), 200))
  .post('/:id/:action', async (c) => {
    const action = c.req.param('action') as HandoverAction;
    if (!Object.hasOwn(handoverActions, action)) return html(404, messagePage(c.var.staff, c.var.csrf, '没有这项操作', '请返回交接页面重新操作。', '/office/handovers/'));
    const row = await getHandover(c.env, pathId(c) ?? 0);
    if (!row) return one(c, undefined, 404);
    if (!mayAct(c.var.staff, row, action)) return html(403, messagePage(c.var.staff, c.var.csrf, '无权操作', action === 'approve' ? '只有处室负责人可以批准代岗人。' : '只有代岗人本人可以确认接手或交回岗位。', `/office/handovers/${row.id}`));
    const form = await officeForm(c, '无法记录', `/office/handovers/${row.id}`, []);
    const parsed = handoverActions[action].input.safeParse(answers(form));
    if (!parsed.success) return one(c, row.id, 422, { errors: fieldErrors(parsed.error, ['familiar', 'note', 'version']) });
    const outcome = await actOnHandover(c.env, c.var.staff, row, action, parsed.data as { version: number; note?: string });
    if (outcome !== 'done') return one(c, row.id, outcome === 'forbidden' ? 403 : 409, { errors: [{ field: 'version', message: outcome === 'stale' ? '这条交接已被他人更新，请刷新后再操作' : '当前状态下不能做这项操作' }] });
    return one(c, row.id, 200, { notice: `已记录：${handoverActions[action].label}。` });
  });
