/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * /office/targets/: 目标管理 (issue 14). Every signed-in officer may read what their scope allows
 * (services/targets.ts `scopeOf`: the leading roles everything, admin every department, others their
 * own department and their own individual targets); setting targets, recording checks, publishing and
 * correcting are for the supervisor and the leading group; approving (审定) for the leading group.
 *
 *   GET  /office/targets/?year=YYYY                       the year's targets and quarters
 *   POST /office/targets/                                 new target
 *   GET  /office/targets/items/:id                        edit form;  POST: save;  POST …/delete
 *   GET  /office/targets/quarters/:period/                one quarter's checks (2026-q4)
 *   POST /office/targets/quarters/:period/open|check|approve|publish|correct
 */
import type { Context, MiddlewareHandler } from 'hono';
import { now as clockNow } from '../../schema/clock.ts';
import { fieldErrors } from '../../schema/common.ts';
import { checkFieldOrder, checkInput, correctionInput, parsePeriod, periodLabel, quarterOf, targetFieldOrder, targetInput, type Period } from '../../schema/targets.ts';
import type { StaffEnv } from '../env.ts';
import { pathId } from '../lib/requests.ts';
import { onlyRoles, staffApp } from '../office/auth.ts';
import { answers } from '../office/form.ts';
import { html, messagePage, refusal, officeForm } from '../office/pages.tsx';
import {
  approveRound,
  checksOf,
  correctRound,
  createTarget,
  deleteTarget,
  getRound,
  getTarget,
  listRounds,
  listTargets,
  mayApprove,
  mayEdit,
  maySeeTarget,
  openRound,
  publishRound,
  recordCheck,
  resultVersions,
  scopeOf,
  TARGET_APPROVERS,
  TARGET_EDITORS,
  updateTarget,
  type Outcome,
} from '../services/targets.ts';
import { page } from '../views/layout.tsx';
import { QuarterPage, TargetEditPage, TargetsPage, type Failed } from '../views/office/targets.tsx';

/** Mounted at /office/targets/ (worker/app.ts): reading is open to every signed-in officer (scoped). */
export const officeTargets = staffApp();
const editors = onlyRoles(...TARGET_EDITORS);
const approvers = onlyRoles(...TARGET_APPROVERS);
/** A quarter's action: approving is the leading group's, the others the editors'. */
const actionRoles: MiddlewareHandler<StaffEnv> = (c, next) => (c.req.param('action') === 'approve' ? approvers : editors)(c, next);

const notices: Record<string, string> = {
  created: '目标已保存。',
  saved: '修改已保存。',
  deleted: '目标已删除。',
  opened: '季度检查已开始。',
  checked: '检查结果已保存。',
  approved: '领导小组已审定本季度检查结果。',
  published: '已通报：处室结果已在门户网站公开。',
  corrected: '更正已发布，门户网站显示新版本和更正说明。',
};

function strings(form: Record<string, string | string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(form).filter(([k, v]) => k !== 'csrf' && typeof v === 'string')) as Record<string, string>;
}

function yearOf(raw: string | undefined): number | undefined {
  if (raw === undefined) return quarterOf(clockNow()).year;
  return /^20\d\d$/.test(raw) ? Number(raw) : undefined;
}

/** What the year and quarter pages share: the signed-in officer, the notice, the failed form. */
function pageProps(c: Context<StaffEnv>, failed: Failed | undefined) {
  return { staff: c.var.staff, csrf: c.var.csrf, editable: mayEdit(c.var.staff), notice: notices[c.req.query('done') ?? ''], failed };
}

async function yearPage(c: Context<StaffEnv>, year: number, status = 200, failed?: Failed) {
  const scope = scopeOf(c.var.staff);
  const [targets, rounds] = [await listTargets(c.env, year, scope), await listRounds(c.env, year)];
  return html(status, page(<TargetsPage {...pageProps(c, failed)} year={year} targets={targets} rounds={rounds} current={quarterOf(clockNow())} />));
}

async function quarterPage(c: Context<StaffEnv>, p: Period, status = 200, failed?: Failed) {
  const staff = c.var.staff;
  const round = await getRound(c.env, p);
  if (!round) return html(404, messagePage(staff, c.var.csrf, '本季度还没有检查', `${periodLabel(p)}的目标检查还没有开始。`, `/office/targets/?year=${p.year}`));
  const scope = scopeOf(staff);
  const targets = (await listTargets(c.env, p.year, scope)).filter((t) => maySeeTarget(t, scope));
  const all = await checksOf(c.env, round.id);
  const checks = new Map([...all].filter(([id]) => targets.some((t) => t.id === id)));
  const versions = await resultVersions(c.env, p);
  return html(status, page(<QuarterPage {...pageProps(c, failed)} period={p} round={round} targets={targets} checks={checks} versions={versions} approver={mayApprove(staff)} />));
}

/** The target named in the path, or a 404 thrown. */
async function targetOf(c: Context<StaffEnv>) {
  const id = pathId(c);
  const target = id ? await getTarget(c.env, id) : undefined;
  if (!target) throw refusal(c, 404, '找不到该目标', '没有这个目标，可能已被删除。', '/office/targets/');
  return target;
}

function periodParam(c: Context<StaffEnv>): Period | undefined {
  return parsePeriod(c.req.param('period') ?? '');
}

const noPeriod = (c: Context<StaffEnv>) => html(404, messagePage(c.var.staff, c.var.csrf, '找不到该季度', '季度的写法是 年份-q季度，例如 2026-q4。', '/office/targets/'));

/** An outcome that is not a field error: its status and message, on the quarter or year page's link. */
function refused(c: Context<StaffEnv>, outcome: Exclude<Outcome, { ok: true }>, back: string) {
  return html(outcome.status, messagePage(c.var.staff, c.var.csrf, '未能执行', outcome.message, back));
}

officeTargets
  .get('/', async (c) => {
    const year = yearOf(c.req.query('year'));
    if (!year) return html(400, messagePage(c.var.staff, c.var.csrf, '年份不正确', '年份请写四位数字，例如 2026。', '/office/targets/'));
    return yearPage(c, year);
  })
  .post('/', editors, async (c) => {
    const form = await officeForm(c, '未能保存', '/office/targets/', []);
    const values = strings(form);
    const parsed = targetInput.safeParse(answers(form));
    const year = yearOf(values.year) ?? quarterOf(clockNow()).year;
    if (!parsed.success) return yearPage(c, year, 422, { form: 'new', errors: fieldErrors(parsed.error, targetFieldOrder), values });
    const outcome = await createTarget(c.env, c.var.staff, parsed.data);
    if (!outcome.ok) return yearPage(c, year, outcome.status, { form: 'new', errors: [{ field: outcome.field ?? 'title', message: outcome.message }], values });
    return c.redirect(`/office/targets/?year=${parsed.data.year}&done=created`, 303);
  })
  .get('/items/:id', editors, async (c) => {
    const target = await targetOf(c);
    return html(200, page(<TargetEditPage staff={c.var.staff} csrf={c.var.csrf} target={target} />));
  })
  .post('/items/:id', editors, async (c) => {
    const target = await targetOf(c);
    const id = target.id;
    const form = await officeForm(c, '未能保存', `/office/targets/items/${id}`, []);
    const values = strings(form);
    const parsed = targetInput.safeParse(answers(form));
    const again = (status: number, errors: Failed['errors']) => html(status, page(<TargetEditPage staff={c.var.staff} csrf={c.var.csrf} target={target} failed={{ form: 'edit', errors, values }} />));
    if (!parsed.success) return again(422, fieldErrors(parsed.error, targetFieldOrder));
    const outcome = await updateTarget(c.env, id, parsed.data);
    if (!outcome.ok) return again(outcome.status, [{ field: outcome.field ?? 'title', message: outcome.message }]);
    return c.redirect(`/office/targets/?year=${target.year}&done=saved`, 303);
  })
  .post('/items/:id/delete', editors, async (c) => {
    const target = await targetOf(c);
    const id = target.id;
    const outcome = await deleteTarget(c.env, id);
    if (!outcome.ok) return refused(c, outcome, `/office/targets/items/${id}`);
    return c.redirect(`/office/targets/?year=${target.year}&done=deleted`, 303);
  })
  .get('/quarters/:period/', async (c) => {
    const p = periodParam(c);
    return p ? quarterPage(c, p) : noPeriod(c);
  })
  .post('/quarters/:period/:action', actionRoles, async (c) => {
    const p = periodParam(c);
    const action = c.req.param('action');
    if (!p || !['open', 'check', 'approve', 'publish', 'correct'].includes(action)) return noPeriod(c);
    const back = `/office/targets/quarters/${c.req.param('period')}/`;
    const form = await officeForm(c, '未能执行', back, []);
    const values = strings(form);
    const staff = c.var.staff;
    const version = Number(values.version);
    const done = (what: string) => c.redirect(`${back}?done=${what}`, 303);
    if (action === 'open') {
      const outcome = await openRound(c.env, staff, p);
      return outcome.ok ? done('opened') : refused(c, outcome, `/office/targets/?year=${p.year}`);
    }
    if (action === 'approve' || action === 'publish') {
      if (!Number.isInteger(version) || version < 1) return html(409, messagePage(staff, c.var.csrf, '未能执行', '页面已过期，请刷新后再操作。', back));
      const outcome = action === 'approve' ? await approveRound(c.env, staff, p, version) : await publishRound(c.env, staff, p, version);
      return outcome.ok ? done(action === 'approve' ? 'approved' : 'published') : refused(c, outcome, back);
    }
    const { expectedVersion, ...fields } = answers(form);
    if (action === 'check') {
      const parsed = checkInput.safeParse(fields);
      if (!parsed.success) return (await getRound(c.env, p)) ? quarterPage(c, p, 422, { form: 'check', errors: fieldErrors(parsed.error, checkFieldOrder), values }) : refused(c, { ok: false, status: 404, message: '这个季度的检查还没有开始' }, back);
      const outcome = await recordCheck(c.env, staff, p, parsed.data);
      if (outcome.ok) return done('checked');
      return outcome.status === 422 ? quarterPage(c, p, 422, { form: 'check', errors: [{ field: outcome.field ?? 'note', message: outcome.message }], values }) : refused(c, outcome, back);
    }
    // correct
    const parsed = correctionInput.safeParse(fields);
    const round = await getRound(c.env, p);
    if (!round || round.state !== 'published') return refused(c, { ok: false, status: 409, message: '只有已通报的季度才发布更正；未通报的请直接修改检查结果' }, back);
    if (!parsed.success) return quarterPage(c, p, 422, { form: 'correct', errors: fieldErrors(parsed.error, checkFieldOrder), values });
    const expected = Number(expectedVersion);
    if (!Number.isInteger(expected) || expected < 2) return html(409, messagePage(staff, c.var.csrf, '未能执行', '页面已过期，请刷新后再更正。', back));
    const outcome = await correctRound(c.env, staff, p, parsed.data, expected);
    if (outcome.ok) return done('corrected');
    return outcome.status === 422 ? quarterPage(c, p, 422, { form: 'correct', errors: [{ field: outcome.field ?? 'correction', message: outcome.message }], values }) : refused(c, outcome, back);
  });
