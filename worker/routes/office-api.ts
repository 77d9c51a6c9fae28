/**
 * /api/office/*: the console's JSON API for scripts and future clients, with the same rules as the
 * pages: the session cookie, the role of each route, X-CSRF-Token on every POST, 409 on a stale
 * version. Anonymous callers get 401 problem+json, other roles 403.
 */
import { stages, type Stage } from '../../schema/domain.ts';
import { caseActions, type CaseAction } from '../../schema/office.ts';
import { readJson } from '../lib/body.ts';
import { problem } from '../lib/problem.ts';
import { pathId } from '../lib/requests.ts';
import { onlyRoles, staffApp } from '../office/auth.ts';
import { alertRules, listAlerts } from '../services/alerts.ts';
import { act, actorNames, allowedActions, getCase, handlingOf, historyOutline, listCases, reviewAnswerBy, type CaseRow } from '../services/cases.ts';
import { accessLogOf, partiesOf, purposeLabels } from '../services/protection.ts';
import { filtersFrom, NOT_FOUND, STALE_MESSAGE } from './office-cases.tsx';

function summary(r: CaseRow) {
  return {
    id: r.id,
    reference: r.reference,
    stage: r.stage,
    stageLabel: stages.label(r.stage as Stage),
    deadlineState: r.deadlineState,
    dueBy: r.dueBy,
    dueByProvisional: r.dueByProvisional,
    stageDueBy: r.stageDueBy,
    category: r.category,
    channel: r.channel,
    department: r.department,
    handlingDepartment: handlingOf(r),
    firstReceiver: r.firstReceiver,
    reviewPending: r.reviewRequestedAt !== null,
    reviewAnswerBy: reviewAnswerBy(r) ?? null,
    ratingFollowUpDue: r.ratingFollowUpDue,
    assignee: r.assignee,
    version: r.version,
  };
}

const json = { 'Cache-Control': 'no-store' };

/** Mounted at /api/office/ (worker/app.ts): /me for everyone signed in, the rest for their roles. */
export const officeApi = staffApp();
const caseRoles = onlyRoles('intake', 'handler', 'supervisor');

officeApi
  .get('/me', (c) => c.json({ ...c.var.staff, csrfToken: c.var.csrf }, 200, json))
  .get('/cases', caseRoles, async (c) => c.json({ cases: (await listCases(c.env, c.var.staff, filtersFrom(c.req.query()))).map(summary) }, 200, json))
  .get('/cases/:id', caseRoles, async (c) => {
    const id = pathId(c);
    const row = id ? await getCase(c.env, c.var.staff, id) : undefined;
    if (!row) return problem(c, 404, '找不到该案件', NOT_FOUND);
    // Event types and times only: the history's texts (and any sealed data) are shown on the case page, through the access log.
    const results = await historyOutline(c.env, row.id);
    const names = await actorNames(c.env);
    const recusals =
      c.var.staff.role === 'supervisor'
        ? (await partiesOf(c.env, row.id)).map((p) => ({ person: p.person, name: names.get(p.person) ?? p.person, kind: p.kind, reason: p.reason, at: new Date(p.at).toISOString() }))
        : undefined;
    return c.json(
      {
        case: summary(row),
        actions: allowedActions(c.var.staff, row),
        history: results.map((e) => ({ at: new Date(e.at).toISOString(), actor: names.get(e.actor) ?? e.actor, type: e.type, public: e.public })),
        ...(recusals ? { parties: recusals } : {}),
      },
      200,
      json,
    );
  })
  .get('/cases/:id/access-log', caseRoles, async (c) => {
    const id = pathId(c);
    const row = id ? await getCase(c.env, c.var.staff, id) : undefined;
    if (!row) return problem(c, 404, '找不到该案件', NOT_FOUND);
    if (c.var.staff.role !== 'supervisor') return problem(c, 403, '无权访问', '只有效能办负责人可以查看个人信息查看记录。');
    const rows = await accessLogOf(c.env, row.id);
    return c.json(
      {
        access: rows.map((r) => ({
          at: new Date(r.at).toISOString(),
          person: r.person,
          account: r.username,
          name: r.displayName,
          purpose: r.purpose,
          purposeLabel: purposeLabels[r.purpose],
          fields: r.fields,
        })),
      },
      200,
      json,
    );
  })
  .post('/cases/:id/actions/:action', caseRoles, async (c) => {
    const id = pathId(c);
    const action = c.req.param('action') as CaseAction;
    if (!id || !caseActions.includes(action)) return problem(c, 404, '找不到该操作');
    const body = await readJson(c.req.raw);
    if (!body.ok) return problem(c, body.status, '请求无法读取', body.message);
    if (typeof body.value !== 'object' || body.value === null || Array.isArray(body.value)) return problem(c, 400, '请求内容必须是一个 JSON 对象');
    const outcome = await act(c.env, c.var.staff, id, action, body.value as Record<string, unknown>);
    switch (outcome.kind) {
      case 'done':
        return c.json({ stage: outcome.stage }, 200, json);
      case 'invalid':
        return problem(c, 422, '提交的内容有误', '请按 errors 修改后重试', { errors: outcome.errors });
      case 'not-found':
        return problem(c, 404, '找不到该案件', NOT_FOUND);
      case 'forbidden':
        return problem(c, 403, '无权操作', '您的角色不能进行这项操作。');
      case 'not-now':
        return problem(c, 409, '当前环节不能进行该操作', outcome.message);
      case 'stale':
        return problem(c, 409, STALE_MESSAGE);
    }
  })
  .get('/alerts', onlyRoles('supervisor'), async (c) =>
    c.json(
      {
        alerts: (await listAlerts(c.env)).map((a) => ({
          id: a.id,
          rule: a.rule,
          ruleTitle: alertRules[a.rule].title,
          rulePage: `/rules/${alertRules[a.rule].rule.id}/`,
          subject: a.subject,
          period: a.period,
          count: a.count,
          resolved: a.resolvedAt !== null,
          withdrawn: a.withdrawnAt !== null,
          withdrawalReason: a.withdrawalReason,
        })),
      },
      200,
      json,
    ),
  );
