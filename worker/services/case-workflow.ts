/**
 * The case workflow, declared once (issue 11): for each action its label, the roles that may take
 * it, the stages it is offered in, what the form or JSON body sends, the events it writes and its
 * effect, a plan that `act` (services/cases.ts) writes in one D1 batch. `defineActions` types the map
 * against `caseActions` (schema/cases.ts), so an action without an entry does not compile; its form
 * is in views/office/case-forms.tsx, typed the same way. README: "How to add an action to a workflow".
 */
import { z } from 'zod';
import { caseEvents, type CaseAction, type CaseEvent, type CaseEventPlan } from '../../schema/cases.ts';
import { fieldErrors, type FieldError } from '../../schema/common.ts';
import { findings, reviewOutcomes, sanctions, stages, type Role, type Sanction, type Stage } from '../../schema/domain.ts';
import { staffText } from '../../schema/office.ts';
import { defineActions } from '../../schema/workflow.ts';
import { deadline, shanghaiDate } from '../../schema/workdays.ts';
import type { Staff } from '../env.ts';
import { calendar, catalogue, departmentName } from '../lib/catalogue.ts';
import type { CaseRow } from './cases.ts';
import { matchMessage, matchStaff, personKeys } from './protection.ts';

export const EFFICIENCY_OFFICE = catalogue.departments.find((d) => d.id === 'efficiency-office')?.id ?? catalogue.departments[0]?.id ?? 'efficiency-office';
export const limits = catalogue.office.limits;

/** The department whose handlers see a case: the one it was transferred to, else the efficiency office. */
export function handlingOf(row: Pick<CaseRow, 'handlingDepartment'>): string {
  return row.handlingDepartment ?? EFFICIENCY_OFFICE;
}

/** How staff appear in the history: their content staff id when linked, else their account. */
export function actorOf(staff: Staff): string {
  return staff.staffId ?? `account:${staff.username}`;
}

/** What an action writes: complaint columns (`set`), case-file columns (`file`), events, parties. */
export interface Plan {
  set: Record<string, unknown>;
  file: Record<string, unknown>;
  events: CaseEventPlan[];
  /** Who the case is hidden from: rows to add; with `confirm`, the suggestions intake did not confirm are cleared. */
  parties?: { add: { person: string; kind: 'concerned' | 'recused'; reason?: string }[]; confirm?: boolean };
}

export interface EffectContext {
  staff: Staff;
  row: CaseRow;
  now: number;
  /** Today in Asia/Shanghai. */
  today: string;
  /** The staff id intake confirmed as concerned (register), resolved from the name typed. */
  concernedId?: string;
}

const { action, actions } = defineActions<CaseAction, Role, Stage, CaseEvent, CaseRow, EffectContext, Plan>();

// ---------- the inputs' parts ----------
const departmentIds = catalogue.departments.map((d) => d.id) as [string, ...string[]];
const staffIds = (catalogue.staff.length ? catalogue.staff.map((s) => s.id) : ['none']) as [string, ...string[]];
/** The version of the case the form was rendered with (optimistic concurrency). */
const version = z.coerce.number({ error: '页面缺少案件版本号，请刷新后再操作' }).int().min(1, '页面缺少案件版本号，请刷新后再操作');
const department = z.enum(departmentIds, { error: '请选择承办部门' });
const optionalNote = z.union([z.literal('').transform(() => undefined), staffText('备注', 1, 1000)]).optional();
const staffId = z.enum(staffIds, { error: '请从名单中选择承办人' });
const optionalAssignee = z.union([z.literal('').transform(() => undefined), staffId]).optional();
const unitOf = (staffConcerned: string | null, row: CaseRow) => (staffConcerned && catalogue.staff.find((s) => s.id === staffConcerned)?.department) || row.department;
const noteEvents = (type: 'note' | 'registered' | 'submitted' | 'approved' | 'archived' | 'extension-refused', note: string | undefined): CaseEventPlan => ({ type, data: note ? { note } : {} });
const transferred = (dept: string): CaseEventPlan => ({ type: 'transferred', data: { department: dept, departmentName: departmentName(dept) } });

const open: Stage[] = ['acceptance', 'registration', 'approval', 'handling'];

export const caseWorkflow = {
  events: caseEvents,
  actions: actions({
    accept: action({
      label: '受理',
      roles: ['intake', 'supervisor'],
      states: ['reception'],
      input: z.object({ version, note: optionalNote }),
      writes: ['accepted', 'note'],
      effect: (v, { staff, row, today }) => {
        const due = deadline(calendar, today, limits.conclusion);
        const stageDue = deadline(calendar, today, limits.registration);
        return {
          set: { stage: 'acceptance', dueBy: due.date, dueByProvisional: due.provisional ? 1 : 0, firstReceiver: row.firstReceiver ?? actorOf(staff) },
          file: { stageDueBy: stageDue.date, dueFrom: today, dueDays: limits.conclusion },
          events: [{ type: 'accepted', data: { dueBy: due.date } }, ...(v.note ? [noteEvents('note', v.note)] : [])],
        };
      },
    }),
    decline: action({
      label: '不予受理',
      roles: ['intake', 'supervisor'],
      states: ['reception'],
      input: z.object({
        version,
        reason: staffText('不予受理的理由', 5, 500),
        legalBasis: staffText('依据', 4, 300),
        referral: staffText('可向何处反映', 4, 300),
      }),
      writes: ['declined'],
      effect: (v, { staff, row }) => ({
        set: { stage: 'archive', firstReceiver: row.firstReceiver ?? actorOf(staff) },
        file: { stageDueBy: null },
        events: [{ type: 'declined', data: { reason: v.reason, legalBasis: v.legalBasis, referral: v.referral } }],
      }),
    }),
    /**
     * Registration is where intake confirms or corrects who the complaint is about (`concerned`: a
     * name or staff id of the department complained about, empty = no specific person; matched on
     * the server) and says whether the free text may be shown to that department.
     */
    register: action({
      label: '登记',
      roles: ['intake'],
      states: ['acceptance'],
      input: z.object({
        version,
        concerned: z.union([z.literal('').transform(() => undefined), staffText('被投诉工作人员', 1, 50)]).optional(),
        /** Not answered = 'no': the free text stays withheld from the department complained about. */
        textCleared: z
          .union([z.literal('').transform(() => 'no' as const), z.enum(['yes', 'no'], { error: '请从两项中选择：事情经过和诉求能否交被投诉部门阅读' })])
          .default('no'),
        note: optionalNote,
      }),
      writes: ['registered', 'parties-confirmed'],
      effect: (v, { row, today, concernedId }) => {
        const concerned = concernedId ?? null;
        return {
          set: { stage: 'registration' },
          file: {
            stageDueBy: deadline(calendar, today, limits.approval).date,
            textCleared: v.textCleared === 'yes' ? 1 : 0,
            ...(concerned && row.assignee === concerned ? { assignee: null } : {}),
          },
          events: [noteEvents('registered', v.note), { type: 'parties-confirmed', data: { concerned, textCleared: v.textCleared } }],
          parties: { add: concerned ? [{ person: concerned, kind: 'concerned' }] : [], confirm: true },
        };
      },
    }),
    submit: action({
      label: '呈批',
      roles: ['intake'],
      states: ['registration'],
      input: z.object({ version, note: staffText('办理意见', 2, 1000) }),
      writes: ['submitted'],
      effect: (v, { today }) => ({ set: { stage: 'approval' }, file: { stageDueBy: deadline(calendar, today, limits.approval).date }, events: [noteEvents('submitted', v.note)] }),
    }),
    approve: action({
      label: '批示交办',
      roles: ['supervisor'],
      states: ['approval'],
      input: z.object({ version, department: z.union([z.literal('').transform(() => undefined), department]).optional(), assignee: optionalAssignee, note: optionalNote }),
      writes: ['approved', 'transferred', 'assigned'],
      effect: (v, { row }) => {
        const events: CaseEventPlan[] = [noteEvents('approved', v.note)];
        const set: Record<string, unknown> = { stage: 'handling' };
        const file: Record<string, unknown> = { stageDueBy: null };
        if (v.department && v.department !== handlingOf(row)) {
          set.handlingDepartment = v.department;
          // A new department: the handler named in the old one no longer handles it.
          file.assignee = v.assignee ?? null;
          events.push(transferred(v.department));
        } else if (v.assignee) file.assignee = v.assignee;
        if (v.assignee) events.push({ type: 'assigned', data: { assignee: v.assignee } });
        return { set, file, events };
      },
    }),
    transfer: action({
      label: '转办',
      roles: ['intake', 'supervisor'],
      states: open,
      input: z.object({ version, department, assignee: optionalAssignee, note: staffText('转办说明', 2, 500) }),
      writes: ['transferred', 'note', 'assigned'],
      effect: (v, { row }) => ({
        set: { handlingDepartment: v.department },
        file: { assignee: v.assignee ?? null },
        events: [
          transferred(v.department),
          { type: 'note', data: { note: v.note, firstReceiver: row.firstReceiver } },
          ...(v.assignee ? [{ type: 'assigned' as const, data: { assignee: v.assignee } }] : []),
        ],
      }),
    }),
    note: action({
      label: '添加办理记录',
      roles: ['intake', 'handler', 'supervisor'],
      states: ['reception', ...open, 'conclusion'],
      input: z.object({ version, note: staffText('办理记录', 2, 1000) }),
      writes: ['note'],
      effect: (v) => ({ set: {}, file: {}, events: [noteEvents('note', v.note)] }),
    }),
    'request-extension': action({
      label: '申请延期',
      roles: ['handler', 'supervisor'],
      states: ['handling'],
      when: (r) => (r.extensionState ?? 'none') === 'none',
      input: z.object({
        version,
        days: z.coerce
          .number({ error: '延长天数要写成数字' })
          .int('延长天数要写成整数')
          .min(1, '延长天数至少 1 个工作日')
          .max(limits.extension, `延长天数最多 ${limits.extension} 个工作日`),
        reason: staffText('延期理由', 5, 500),
      }),
      writes: ['extension-requested'],
      effect: (v) => ({
        set: {},
        file: { extensionState: 'requested', extensionDays: v.days, extensionReason: v.reason },
        events: [{ type: 'extension-requested', data: { days: v.days, reason: v.reason } }],
      }),
    }),
    'approve-extension': action({
      label: '批准延期',
      roles: ['supervisor'],
      states: ['handling'],
      when: (r) => r.extensionState === 'requested',
      input: z.object({ version, note: optionalNote }),
      writes: ['extended', 'note'],
      effect: (v, { row }) => {
        const due = deadline(calendar, row.dueBy, row.extensionDays ?? 0);
        return {
          set: { dueBy: due.date, dueByProvisional: due.provisional ? 1 : 0 },
          file: { extensionState: 'approved', dueFrom: row.dueBy, dueDays: row.extensionDays, overdueRecordedFor: null },
          events: [{ type: 'extended', data: { reason: row.extensionReason ?? '', newDueBy: due.date } }, ...(v.note ? [noteEvents('note', v.note)] : [])],
        };
      },
    }),
    'refuse-extension': action({
      label: '不批准延期',
      roles: ['supervisor'],
      states: ['handling'],
      when: (r) => r.extensionState === 'requested',
      input: z.object({ version, note: staffText('不批准的理由', 2, 500) }),
      writes: ['extension-refused'],
      effect: (v) => ({ set: {}, file: { extensionState: 'refused' }, events: [noteEvents('extension-refused', v.note)] }),
    }),
    conclude: action({
      label: '报结',
      roles: ['supervisor'],
      states: ['handling'],
      input: z
        .object({
          version,
          finding: z.enum(findings.codes, { error: '请选择调查结论' }),
          sanctions: z.array(z.enum(sanctions.codes, { error: '请从列表中选择处理方式' })).default([]),
          reply: staffText('给投诉人的答复', 10, 2000),
          staffConcerned: z.union([z.literal('').transform(() => undefined), z.enum(staffIds, { error: '请从名单中选择被投诉的工作人员' })]).optional(),
        })
        .superRefine((v, ctx) => {
          if (v.finding === 'unsubstantiated' && v.sanctions.length > 0) {
            ctx.addIssue({ code: 'custom', path: ['sanctions'], message: '结论为不属实时不能给予处理，请取消所选处理方式或修改结论' });
          }
          if (v.sanctions.length > 0 && !v.staffConcerned) {
            ctx.addIssue({ code: 'custom', path: ['staffConcerned'], message: '给予处理时请选择被投诉的工作人员' });
          }
        }),
      writes: ['concluded', 'outcome'],
      effect: (v, { row, now, today }) => {
        const sanctionsChosen: Sanction[] = v.sanctions ?? [];
        const staffConcerned = v.staffConcerned ?? null;
        const unit = unitOf(staffConcerned, row);
        return {
          set: { stage: 'conclusion', concludedAt: now },
          file: { finding: v.finding, sanctions: JSON.stringify(sanctionsChosen), staffConcerned: staffConcerned, unit, concludedOn: today, stageDueBy: null },
          events: [
            { type: 'concluded', data: { finding: v.finding, reply: v.reply } },
            { type: 'outcome', data: { finding: v.finding, sanctions: sanctionsChosen, staffConcerned, unit } },
          ],
        };
      },
    }),
    archive: action({
      label: '归档',
      roles: ['intake', 'supervisor'],
      states: ['conclusion'],
      input: z.object({ version, note: optionalNote }),
      writes: ['archived'],
      effect: (v) => ({ set: { stage: 'archive' }, file: {}, events: [noteEvents('archived', v.note)] }),
    }),
    /**
     * Answering a complainant's review request: uphold the conclusion, or change it (a new finding
     * and, as in the conclusion, the sanctions and staff concerned, which replace the earlier ones).
     */
    review: action({
      label: '复核',
      roles: ['supervisor'],
      states: ['conclusion', 'archive'],
      when: (r) => r.reviewRequestedAt !== null,
      notNow: '该案件没有待答复的复核申请（可能已经答复过）。请刷新页面查看最新状态。',
      input: z
        .object({
          version,
          outcome: z.enum(reviewOutcomes.codes, { error: '请选择复核结果：维持原结论或改变结论' }),
          finding: z.union([z.literal('').transform(() => undefined), z.enum(findings.codes)], { error: '请从列表中选择新的调查结论' }).optional(),
          sanctions: z.array(z.enum(sanctions.codes, { error: '请从列表中选择处理方式' })).default([]),
          staffConcerned: z.union([z.literal('').transform(() => undefined), z.enum(staffIds)], { error: '请从名单中选择被投诉的工作人员' }).optional(),
          reply: staffText('给投诉人的复核答复', 10, 1000),
        })
        .superRefine((v, ctx) => {
          if (v.outcome === 'changed') {
            if (!v.finding) ctx.addIssue({ code: 'custom', path: ['finding'], message: '改变结论时请选择新的调查结论' });
            if (v.finding === 'unsubstantiated' && v.sanctions.length > 0) {
              ctx.addIssue({ code: 'custom', path: ['sanctions'], message: '新结论为不属实时不能给予处理，请取消所选处理方式或修改结论' });
            }
            if (v.sanctions.length > 0 && !v.staffConcerned) {
              ctx.addIssue({ code: 'custom', path: ['staffConcerned'], message: '给予处理时请选择被投诉的工作人员' });
            }
          } else if (v.finding || v.sanctions.length > 0 || v.staffConcerned) {
            const path = v.finding ? 'finding' : v.sanctions.length > 0 ? 'sanctions' : 'staffConcerned';
            ctx.addIssue({ code: 'custom', path: [path], message: '维持原结论时不填新的结论、处理方式和人员；如要改变结论，请选择“改变结论”' });
          }
        }),
      writes: ['review-concluded', 'review-outcome'],
      effect: (v, { row }) => {
        if (v.outcome === 'upheld') return { set: {}, file: {}, events: [{ type: 'review-concluded', data: { outcome: v.outcome, reply: v.reply } }] };
        // A changed finding replaces the outcome the alerts count (finding, sanctions, staff, unit);
        // it keeps counting in the month of the original conclusion.
        const finding = v.finding!;
        const sanctionsChosen: Sanction[] = v.sanctions ?? [];
        const staffConcerned = v.staffConcerned ?? null;
        const unit = unitOf(staffConcerned, row);
        return {
          set: {},
          file: { finding, sanctions: JSON.stringify(sanctionsChosen), staffConcerned: staffConcerned, unit },
          events: [
            { type: 'review-concluded', data: { outcome: v.outcome, finding, reply: v.reply } },
            { type: 'review-outcome', data: { previousFinding: row.finding, finding, sanctions: sanctionsChosen, staffConcerned, unit } },
          ],
        };
      },
    }),
    /** Recording that a bad rating (不满意/非常不满意) was followed up: internal. */
    'rating-follow-up': action({
      label: '差评回访',
      roles: ['supervisor'],
      states: ['conclusion', 'archive'],
      when: (r) => r.ratingFollowUpDue,
      notNow: '该案件没有待回访的差评（只有“不满意”“非常不满意”需要回访，且每条差评回访一次）。请刷新页面查看最新状态。',
      input: z.object({ version, note: staffText('回访情况', 5, 1000) }),
      writes: ['rating-reviewed'],
      effect: (v) => ({ set: {}, file: {}, events: [{ type: 'rating-reviewed', data: { note: v.note } }] }),
    }),
    /** Naming the handler (承办人): a member of the handling department, never a concerned or recused person. */
    assign: action({
      label: '指定承办人',
      roles: ['intake', 'supervisor'],
      states: open,
      input: z.object({ version, assignee: staffId }),
      writes: ['assigned'],
      effect: (v) => ({ set: {}, file: { assignee: v.assignee }, events: [{ type: 'assigned', data: { assignee: v.assignee } }] }),
    }),
    /** 自行回避: any staff member who may see the case declares a conflict; hidden from them from then on. */
    recuse: action({
      label: '自行回避',
      roles: ['intake', 'handler', 'supervisor'],
      states: ['reception', ...open],
      stateMessage: '该案件已经办结，不再需要回避；如对已办结的案件有利害关系，请向效能办负责人书面说明。',
      input: z.object({ version, reason: staffText('回避理由', 4, 500) }),
      writes: ['recused'],
      effect: (v, { staff, row }) => {
        const keys = personKeys(staff);
        return {
          set: {},
          file: row.assignee && keys.includes(row.assignee) ? { assignee: null } : {},
          events: [{ type: 'recused', data: { person: actorOf(staff), reason: v.reason } }],
          parties: { add: keys.map((person) => ({ person, kind: 'recused' as const, reason: v.reason })) },
        };
      },
    }),
    /** The supervisor's recorded decision to show the complainant's identity to the department complained about. */
    disclose: action({
      label: '决定向被投诉部门公开投诉人身份',
      roles: ['supervisor'],
      states: ['reception', ...open],
      when: (r) => !r.identityDisclosed,
      notNow: '已经记录过向被投诉部门公开投诉人身份的决定，无需重复记录。',
      stateMessage: '该案件已经办结或归档，不能再向被投诉部门公开投诉人身份。',
      input: z.object({ version, reason: staffText('公开身份的理由', 5, 500) }),
      writes: ['identity-disclosed'],
      effect: (v) => ({ set: {}, file: { identityDisclosed: 1 }, events: [{ type: 'identity-disclosed', data: { reason: v.reason } }] }),
    }),
  }),
};

/** Each action's label (the console's buttons and headings). */
export const actionLabels = Object.fromEntries(Object.entries(caseWorkflow.actions).map(([a, spec]) => [a, spec.label])) as Record<CaseAction, string>;

// ---------- one step, checked and planned: `act` (services/cases.ts) and the demo seed (worker/cli/seed/cases.ts) ----------

/** Why a step is refused: the console answers 403, 400 with the fields, or 409. */
export type StepRefusal =
  | { kind: 'invalid'; errors: FieldError[]; values: Record<string, unknown> }
  | { kind: 'forbidden' }
  | { kind: 'not-now'; message: string }
  | { kind: 'stale' };

/** A step's input as its action's schema parsed it; ids resolved by the checks are written back into it. */
export type StepValues = Record<string, unknown> & { version: number };

const fieldOrder = ['version', 'concerned', 'textCleared', 'outcome', 'finding', 'sanctions', 'staffConcerned', 'department', 'assignee', 'days', 'reason', 'legalBasis', 'referral', 'reply', 'note'];

/**
 * The registry's checks of one step that need no database: the role, the input as the form's schema
 * parses it, the version the form was rendered with, the stage and the action's condition, and a
 * review that would "change" the finding to the same one.
 */
export function checkStep(action: CaseAction, role: Role, row: CaseRow, input: Record<string, unknown>): { kind: 'ok'; v: StepValues } | StepRefusal {
  const spec = caseWorkflow.actions[action];
  if (!spec.roles.includes(role)) return { kind: 'forbidden' };
  const parsed = spec.input.safeParse(input);
  if (!parsed.success) return { kind: 'invalid', errors: fieldErrors(parsed.error, fieldOrder), values: input };
  const v = parsed.data as StepValues;
  if (v.version !== row.version) return { kind: 'stale' };
  const generic = `该案件目前处于“${stages.label(row.stage)}”环节，不能${spec.label}。请刷新页面查看最新状态。`;
  if (!spec.states.includes(row.stage)) return { kind: 'not-now', message: spec.stateMessage ?? generic };
  if (spec.when && !spec.when(row)) return { kind: 'not-now', message: spec.notNow ?? generic };
  if (action === 'review' && v.outcome === 'changed' && v.finding === row.finding) {
    const errors = [{ field: 'finding', message: `新的结论与原结论（${findings.label(row.finding!)}）相同；结论不变请选择“维持原结论”` }];
    return { kind: 'invalid', errors, values: input };
  }
  return { kind: 'ok', v };
}

/**
 * The post whose acting person (routing.ts actingFor) handles the case because no handler was
 * named: the receiving department's default post, on a transfer or an approval to another
 * department than the one handling it. Undefined when a handler was named or the action routes
 * nowhere. Used by `act` (today's absences) and the demo replay (everyone present).
 */
export function routedPost(action: CaseAction, row: CaseRow, v: StepValues): string | undefined {
  if (v.assignee || typeof v.department !== 'string') return undefined;
  if (action !== 'transfer' && !(action === 'approve' && v.department !== handlingOf(row))) return undefined;
  return catalogue.departments.find((d) => d.id === v.department)?.defaultPost;
}

/** Registration: the person intake names (a name or staff id), matched among the staff of the department complained about; their id goes into `v.concernedId`. */
export function confirmConcerned(row: CaseRow, v: StepValues, input: Record<string, unknown>): StepRefusal | undefined {
  const text = v.concerned as string | undefined;
  if (!text) return undefined;
  const m = matchStaff(catalogue, row.department, text);
  if (m.kind !== 'one') return { kind: 'invalid', errors: [{ field: 'concerned', message: matchMessage(m, row.department, text) }], values: input };
  v.concernedId = m.staff.id;
  return undefined;
}

/** The plan of a checked step: the action's effect in the context `act` builds at `now`, its events checked against the declaration's `writes`. */
export function planStep(action: CaseAction, v: StepValues, staff: Staff, row: CaseRow, now: number): Plan {
  const spec = caseWorkflow.actions[action];
  const plan = spec.effect(v, { staff, row, now, today: shanghaiDate(now), concernedId: v.concernedId as string | undefined });
  const unwritten = plan.events.find((e) => !spec.writes.includes(e.type));
  if (unwritten) throw new Error(`case action ${action} plans event ${unwritten.type}, which its declaration does not list in writes`);
  return plan;
}
