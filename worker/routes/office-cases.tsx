/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * /office/cases/: the case list (filters; overdue and due-soon first), registering phone, visit
 * and letter complaints, one case with its history, and one POST route per action. Every action
 * form carries the CSRF token and the case version; a stale version answers 409.
 */
import { deliveriesOf } from '../notify/status.ts';
import { Deliveries } from '../notify/views.tsx';
import type { Context } from 'hono';
import { fromForm, complaintFields } from '../../schema/complaint.ts';
import { fieldErrors } from '../../schema/common.ts';
import { categories, stages, type Stage } from '../../schema/domain.ts';
import { caseActions, intakeExtras, type CaseAction } from '../../schema/office.ts';
import type { StaffEnv } from '../env.ts';
import { catalogue, schemas } from '../lib/catalogue.ts';
import { pathId } from '../lib/requests.ts';
import { staffApp } from '../office/auth.ts';
import { answers } from '../office/form.ts';
import { html, messagePage, officeForm } from '../office/pages.tsx';
import { act, actorNames, allowedActions, getCase, listCases, type CaseFilters } from '../services/cases.ts';
import { accessLogOf, caseView, partiesOf } from '../services/protection.ts';
import { registerComplaint } from '../services/intake.ts';
import { page } from '../views/layout.tsx';
import { CaseListPage, CasePage, NewCasePage, RegisteredPage } from '../views/office/cases.tsx';

export const STALE_MESSAGE = '该案件已被他人更新，请刷新后再操作';
/** The one answer for a case that does not exist, another department's, or one the viewer is concerned by or recused from. */
export const NOT_FOUND = '没有这个案件，或者它不由您所在的部门办理。';

export function filtersFrom(query: Record<string, string>): CaseFilters {
  const f: CaseFilters = {};
  if (stages.codes.includes(query.stage as Stage)) f.stage = query.stage as Stage;
  if (catalogue.departments.some((d) => d.id === query.department)) f.department = query.department;
  if (categories.codes.includes(query.category as never)) f.category = query.category;
  if (query.deadline === 'overdue' || query.deadline === 'due-soon') f.deadline = query.deadline;
  if (query.pending === 'review' || query.pending === 'rating') f.pending = query.pending;
  return f;
}

const notices: Record<string, string> = {
  done: '操作已完成，已记入办理经过。',
};

async function renderCase(c: Context<StaffEnv>, id: number, status: number, extra: { failed?: Parameters<typeof CasePage>[0]['failed']; notice?: string } = {}) {
  const staff = c.var.staff;
  const row = await getCase(c.env, staff, id);
  if (!row) return html(404, messagePage(staff, c.var.csrf, '找不到该案件', NOT_FOUND, '/office/cases/'));
  const view = await caseView(c.env, staff, row);
  const [names, sent] = await Promise.all([actorNames(c.env), deliveriesOf(c.env, row.reference)]);
  const history = view.events.map((e) => ({ ...e, actorName: names.get(e.actor) ?? e.actor }));
  const supervisor = staff.role === 'supervisor' ? { parties: await partiesOf(c.env, id), accessLog: await accessLogOf(c.env, id) } : undefined;
  return html(
    status,
    page(<CasePage staff={staff} csrf={c.var.csrf} row={row} personal={view.personal} withheld={view.withheld} shield={view.shield} history={history} actions={allowedActions(staff, row)} supervisor={supervisor} deliveries={<Deliveries rows={sent} />} {...extra} />),
  );
}

export const officeCases = staffApp('intake', 'handler', 'supervisor');

officeCases
  .get('/', async (c) => {
    const filters = filtersFrom(c.req.query());
    const rows = await listCases(c.env, c.var.staff, filters);
    const notice = c.req.query('done') === 'recuse' ? '已记录您的回避：该案件此后不再向您显示，由效能办另行安排办理。' : undefined;
    return html(200, page(<CaseListPage staff={c.var.staff} csrf={c.var.csrf} rows={rows} filters={filters} notice={notice} />));
  })
  .get('/new', (c) => {
    if (c.var.staff.role !== 'intake') return html(403, messagePage(c.var.staff, c.var.csrf, '无权访问', '只有受理员可以登记投诉。'));
    return html(200, page(<NewCasePage staff={c.var.staff} csrf={c.var.csrf} values={{}} errors={[]} />));
  })
  .post('/new', async (c) => {
    const staff = c.var.staff;
    if (staff.role !== 'intake') return html(403, messagePage(staff, c.var.csrf, '无权访问', '只有受理员可以登记投诉。'));
    const form = (await officeForm(c, '无法登记', '/office/cases/new', [])) as Record<string, string>;
    const complaint = schemas.complaintInput.safeParse(fromForm(form, complaintFields));
    const extras = intakeExtras(catalogue).safeParse({ channel: form.channel || undefined, firstReceiver: form.firstReceiver || undefined });
    if (!complaint.success || !extras.success) {
      const order = ['channel', 'firstReceiver', ...complaintFields];
      const errors = [...(complaint.success ? [] : fieldErrors(complaint.error, order)), ...(extras.success ? [] : fieldErrors(extras.error, order))].sort(
        (a, b) => order.indexOf(a.field) - order.indexOf(b.field),
      );
      const values = Object.fromEntries(Object.entries(form).filter(([k]) => k !== 'csrf'));
      return html(422, page(<NewCasePage staff={staff} csrf={c.var.csrf} values={values} errors={errors} />));
    }
    const done = await registerComplaint(c.env, staff, complaint.data, extras.data.channel, extras.data.firstReceiver);
    return html(201, page(<RegisteredPage staff={staff} csrf={c.var.csrf} {...done} />));
  })
  .get('/:id', async (c) => {
    const id = pathId(c);
    if (!id) return html(404, messagePage(c.var.staff, c.var.csrf, '找不到该案件', '案件编号不正确。', '/office/cases/'));
    return renderCase(c, id, 200, { notice: notices[c.req.query('done') ? 'done' : ''] });
  })
  .post('/:id/:action', async (c) => {
    const staff = c.var.staff;
    const id = pathId(c);
    const action = c.req.param('action') as CaseAction;
    if (!id || !caseActions.includes(action)) return html(404, messagePage(staff, c.var.csrf, '找不到该操作', '没有这个操作。', '/office/cases/'));
    const form = await officeForm(c, '操作未执行', `/office/cases/${id}`);
    const outcome = await act(c.env, staff, id, action, answers(form));
    switch (outcome.kind) {
      case 'done':
        // After recusing, the case is hidden from this person: back to the list, which no longer shows it.
        if (action === 'recuse') return c.redirect('/office/cases/?done=recuse', 303);
        return c.redirect(`/office/cases/${id}?done=${action}`, 303);
      case 'invalid':
        return renderCase(c, id, 422, { failed: { action, errors: outcome.errors, values: outcome.values } });
      case 'not-found':
        return html(404, messagePage(staff, c.var.csrf, '找不到该案件', NOT_FOUND, '/office/cases/'));
      case 'forbidden':
        return html(403, messagePage(staff, c.var.csrf, '无权操作', '您的角色不能进行这项操作。', `/office/cases/${id}`));
      case 'not-now':
        return html(409, messagePage(staff, c.var.csrf, '操作未执行', outcome.message, `/office/cases/${id}`));
      case 'stale':
        return html(409, messagePage(staff, c.var.csrf, '操作未执行', STALE_MESSAGE, `/office/cases/${id}`));
    }
  });
