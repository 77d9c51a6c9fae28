/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * /office/decisions/: accountability decisions (issue 14). The register, the proposal form and the
 * 告诫通知书 are for the supervisor, the leading group and admin; a decision's own page and its
 * actions are also open to the person it concerns (their own decisions only, checked per record);
 * everyone signed in has /office/decisions/mine/.
 */
import type { z } from 'zod';
import { fieldErrors } from '../../schema/common.ts';
import { decisionFieldOrder, proposeInput } from '../../schema/decisions.ts';
import { now as clockNow } from '../../schema/clock.ts';
import { shanghaiDate } from '../../schema/workdays.ts';
import { departmentName } from '../lib/catalogue.ts';
import { pathId } from '../lib/requests.ts';
import { onlyRoles, staffApp } from '../office/auth.ts';
import { answers } from '../office/form.ts';
import { html, messagePage, officeForm } from '../office/pages.tsx';
import { act, allowed, awardRegister, bonusCsv, bonusList, DECISION_ROLES, decisionActions, getDecision, listDecisions, maySee, propose, type DecisionAction } from '../services/decisions.ts';
import { page } from '../views/layout.tsx';
import { DecisionPage, DecisionsPage, NewDecisionPage, NoticePage, RegisterPage, type ProposeValues } from '../views/office/decisions.tsx';

/**
 * Mounted at /office/decisions/ (worker/app.ts). A decision's page and actions: any signed-in staff;
 * the record itself decides (maySee / allowed). The register, proposals and notices: `board` / supervisor.
 */
export const officeDecisions = staffApp();
const board = onlyRoles(...DECISION_ROLES);
const supervisor = onlyRoles('supervisor');

const notices: Record<string, string> = { proposed: '处理建议已提交领导小组审定。', done: '已记录。' };

function strings(form: Record<string, string | string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(form).filter(([k, v]) => k !== 'csrf' && typeof v === 'string')) as Record<string, string>;
}

officeDecisions
  .get('/', board, async (c) => {
    const notice = notices[c.req.query('done') ?? ''];
    return html(200, page(<DecisionsPage staff={c.var.staff} csrf={c.var.csrf} rows={await listDecisions(c.env)} today={shanghaiDate(clockNow())} notice={notice} />));
  })
  .get('/mine/', async (c) => {
    const staff = c.var.staff;
    const rows = staff.staffId ? await listDecisions(c.env, staff.staffId) : [];
    return html(200, page(<DecisionsPage staff={staff} csrf={c.var.csrf} rows={rows} today={shanghaiDate(clockNow())} mine />));
  })
  .get('/new', supervisor, async (c) => {
    const alert = c.req.query('alert');
    const values: ProposeValues = alert && /^\d{1,10}$/.test(alert) ? { alertId: alert, kind: c.req.query('kind') ?? undefined, staffId: c.req.query('staff') ?? undefined } : {};
    return html(200, page(<NewDecisionPage staff={c.var.staff} csrf={c.var.csrf} values={values} />));
  })
  .post('/new', supervisor, async (c) => {
    const staff = c.var.staff;
    const form = await officeForm(c, '未能提交', '/office/decisions/new', []);
    const values = strings(form) as ProposeValues;
    const parsed = proposeInput.safeParse(answers(form));
    if (!parsed.success) return html(422, page(<NewDecisionPage staff={staff} csrf={c.var.csrf} values={values} errors={fieldErrors(parsed.error, decisionFieldOrder)} />));
    const outcome = await propose(c.env, staff, parsed.data);
    if (!outcome.ok) return html(422, page(<NewDecisionPage staff={staff} csrf={c.var.csrf} values={values} errors={[{ field: outcome.field, message: outcome.message }]} />));
    return c.redirect(`/office/decisions/${outcome.id}?done=proposed`, 303);
  })
  .get('/register', board, async (c) => {
    const raw = c.req.query('year') ?? shanghaiDate(clockNow()).slice(0, 4);
    if (!/^20\d\d$/.test(raw)) return html(400, messagePage(c.var.staff, c.var.csrf, '年份不正确', '年份请写四位数字，例如 2026。', '/office/decisions/register'));
    const year = Number(raw);
    return html(200, page(<RegisterPage staff={c.var.staff} csrf={c.var.csrf} year={year} award={await awardRegister(c.env, year)} bonus={await bonusList(c.env, year)} />));
  })
  .get('/bonus.csv', board, async (c) => {
    const raw = c.req.query('year') ?? shanghaiDate(clockNow()).slice(0, 4);
    if (!/^20\d\d$/.test(raw)) return c.text('年份请写四位数字，例如 2026。', 400);
    const body = bonusCsv(await bonusList(c.env, Number(raw)), departmentName);
    return new Response(body, {
      headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="bonus-deductions-${raw}.csv"`, 'Cache-Control': 'no-store' },
    });
  })
  .get('/:id', async (c) => {
    const staff = c.var.staff;
    const id = pathId(c);
    const detail = id ? await getDecision(c.env, id) : undefined;
    // Someone else's decision answers exactly like a missing one.
    if (!detail || !maySee(detail.decision, staff)) return html(404, messagePage(staff, c.var.csrf, '找不到该处理决定', '没有这项处理决定，或您无权查看。', '/office/decisions/mine/'));
    return html(200, page(<DecisionPage staff={staff} csrf={c.var.csrf} detail={detail} today={shanghaiDate(clockNow())} notice={notices[c.req.query('done') ?? '']} />));
  })
  .get('/:id/notice', board, async (c) => {
    const staff = c.var.staff;
    const id = pathId(c);
    const detail = id ? await getDecision(c.env, id) : undefined;
    if (!detail || !detail.decision.noticeSeq || !detail.decision.approvedAt) {
      return html(404, messagePage(staff, c.var.csrf, '没有告诫通知书', '只有经领导小组审定的书面告诫才有告诫通知书。', '/office/decisions/'));
    }
    return html(200, page(<NoticePage detail={detail} approvedOn={shanghaiDate(detail.decision.approvedAt)} />));
  })
  .post('/:id/:action', async (c) => {
    const staff = c.var.staff;
    const id = pathId(c);
    const action = c.req.param('action') as DecisionAction;
    if (!id || !Object.hasOwn(decisionActions, action)) return html(404, messagePage(staff, c.var.csrf, '找不到该操作', '没有这项处理决定或这个操作。', '/office/decisions/mine/'));
    const back = `/office/decisions/${id}`;
    const form = await officeForm(c, '未能记录', back, []);
    const version = Number(form.version);
    const { version: _v, ...fields } = answers(form);
    const detail = await getDecision(c.env, id);
    if (!detail || !maySee(detail.decision, staff)) return html(404, messagePage(staff, c.var.csrf, '找不到该处理决定', '没有这项处理决定，或您无权查看。', '/office/decisions/mine/'));
    if (!Number.isInteger(version) || version < 1 || version !== detail.decision.version) return html(409, messagePage(staff, c.var.csrf, '未能记录', '这项处理决定已被他人更新或页面已过期，请刷新后再操作。', back));
    // The role and state first: a form error must not tell someone without the right what the form wants.
    if (!allowed(action, detail.decision, staff)) return html(403, messagePage(staff, c.var.csrf, '不能执行', `现在不能“${decisionActions[action].label}”：请查看处理决定的当前状态和您的权限。`, back));
    const today = shanghaiDate(clockNow());
    const values = strings(form);
    const spec = decisionActions[action] as { input: z.ZodType };
    const parsed = spec.input.safeParse(fields);
    if (!parsed.success) return html(422, page(<DecisionPage staff={staff} csrf={c.var.csrf} detail={detail} today={today} failed={{ action, errors: fieldErrors(parsed.error, decisionFieldOrder), values }} />));
    const outcome = await act(c.env, staff, id, version, action, parsed.data);
    if (outcome.ok) return c.redirect(`${back}?done=done`, 303);
    if (outcome.status === 422) return html(422, page(<DecisionPage staff={staff} csrf={c.var.csrf} detail={detail} today={today} failed={{ action, errors: [{ field: outcome.field ?? 'note', message: outcome.message }], values }} />));
    return html(outcome.status, messagePage(staff, c.var.csrf, '未能记录', outcome.message, back));
  });
