/**
 * The demo seed's cases (worker/cli/seed/cases.ts) played through the case workflow without a
 * database (issue 11, point 6): the same checks and plans as `act`, so the demo cannot drift from
 * the workflow. Kept out of worker/cli, whose Node type check has no worker types; the seed imports
 * it at run time.
 */
import { caseEvents, type CaseEvent } from '../../schema/cases.ts';
import { badRatings } from '../../schema/domain.ts';
import type { DemoStep } from '../cli/seed/cases.ts';
import type { Staff } from '../env.ts';
import { catalogue } from '../lib/catalogue.ts';
import { actorOf, checkStep, confirmConcerned, planStep, routedPost, type Plan } from './case-workflow.ts';
import { actingFor, type Situation } from './routing.ts';
import { allowedActions, type CaseRow } from './cases.ts';
import { afterConclusion } from './complaints.ts';

const DAY = 86_400_000;
const everyonePresent: Situation = { away: new Set(), standIns: new Map() };

/** What a demo case gives: its facts at filing, the stage its steps must end in, and the steps. */
export interface ReplayCase {
  reference: string;
  channel: CaseRow['channel'];
  category: string;
  department: string;
  firstReceiver: string;
  stage: string;
  steps: DemoStep[];
}

export interface DemoEvent {
  at: number;
  actor: string;
  type: CaseEvent;
  data: Record<string, unknown>;
}

/**
 * A case played through its steps as the console and the tracking page would: the filing's
 * 'received' event, then for each step the registry's checks (allowedActions: who may see it, the
 * role, the stage and the condition; checkStep: the input parsed by the action's schema, the version)
 * and the action's plan (planStep) at that step's instant, applied to the row in memory. Throws at
 * the first step the console would refuse, naming the case and the step.
 */
export function replay(c: ReplayCase, receivedAt: number, ack: { date: string; provisional: boolean }, now: number, staffOf: Record<string, Staff>) {
  const row: CaseRow = {
    id: 0,
    reference: c.reference,
    channel: c.channel,
    firstReceiver: c.firstReceiver,
    department: c.department,
    service: null,
    post: null,
    handlingDepartment: null,
    category: c.category as CaseRow['category'],
    occurredOn: '',
    stage: 'reception',
    anonymous: false,
    personal: '',
    receivedAt,
    acknowledgeBy: ack.date,
    dueBy: ack.date,
    dueByProvisional: ack.provisional,
    concludedAt: null,
    version: 1,
    stageDueBy: null,
    extensionState: null,
    extensionDays: null,
    extensionReason: null,
    finding: null,
    sanctions: [],
    staffConcerned: null,
    unit: null,
    deadlineState: 'none',
    reviewRequestedAt: null,
    ratingFollowUpDue: false,
    identityConsent: false,
    assignee: null,
    textCleared: false,
    identityDisclosed: false,
    concludedOn: null,
  };
  const file: Record<string, unknown> = {};
  const events: DemoEvent[] = [];
  const parties: { person: string; kind: string; reason?: string; actor: string; at: number }[] = [];
  const at = (offset: number) => Math.min(receivedAt + offset * DAY + events.length * 60_000, now - 60_000);
  const fail = (i: number, why: string) => new Error(`demo case ${c.reference}, step ${i + 1}: ${why}`);
  // Filed: by the citizen online, else by the first receiver (services/complaints.ts insertComplaint writes the same event).
  events.push(citizenEvent('received', { channel: c.channel }, c.channel === 'web' ? 'citizen' : c.firstReceiver, receivedAt));
  for (const [i, step] of c.steps.entries()) {
    const stepAt = at(step.day);
    if ('citizen' in step) {
      // What the tracking page allows after the latest conclusion (services/complaints.ts afterConclusion).
      const after = afterConclusion(events.map((e) => ({ at: e.at, type: e.type, public: caseEvents[e.type].public, data: JSON.stringify(e.data) })), stepAt);
      if (step.citizen === 'rated') {
        if (!after.canRate) throw fail(i, 'the complainant cannot rate now (not concluded, or rated already)');
        events.push(citizenEvent('rated', { level: step.level }, 'citizen', stepAt));
      } else {
        if (!after.canReview) throw fail(i, 'the complainant cannot ask for a review now (not concluded, asked already, or the window closed)');
        // Sealed when the SQL is written, like the tracking page's requestReview.
        events.push(citizenEvent('review-requested', { reason: step.reason }, 'citizen', stepAt));
      }
    } else {
      const staff = staffOf[step.by];
      if (!staff) throw fail(i, `no staff member ${step.by}`);
      if (!allowedActions(staff, row).includes(step.action)) {
        throw fail(i, `${step.by} (${staff.role}) may not ${step.action} a case in stage ${row.stage} (allowed: ${allowedActions(staff, row).join(', ') || 'none'})`);
      }
      const input = { ...step.input, version: row.version };
      const checked = checkStep(step.action, staff.role, row, input);
      if (checked.kind !== 'ok') throw fail(i, `${step.action} refused: ${JSON.stringify(checked)}`);
      const refused = step.action === 'register' ? confirmConcerned(row, checked.v, input) : undefined;
      if (refused) throw fail(i, `${step.action} refused: ${JSON.stringify(refused)}`);
      // No handler named: the routing rule picks who acts for the department's post, as in `act`
      // (the demo's history has everyone at work on its days), never a person concerned or recused.
      const post = routedPost(step.action, row, checked.v);
      const acting = post ? actingFor(catalogue, post, everyonePresent, new Set(parties.map((p) => p.person))) : undefined;
      if (acting) checked.v.assignee = acting.assignee;
      const plan = planStep(step.action, checked.v, staff, row, stepAt);
      const actor = actorOf(staff);
      for (const p of plan.parties?.add ?? []) parties.push({ ...p, actor, at: stepAt });
      apply(row, file, plan);
      row.version += 1;
      for (const e of plan.events) events.push({ at: stepAt, actor, type: e.type, data: e.data as Record<string, unknown> });
    }
    derive(row, events);
  }
  if (row.stage !== c.stage) throw new Error(`demo case ${c.reference}: its steps end in stage ${row.stage}, not ${c.stage}`);
  return { row, file, events, parties };
}

/** An event no action writes (the filing, the complainant's rating and review request), its data checked against the registry (schema/cases.ts). */
function citizenEvent(type: 'received' | 'rated' | 'review-requested', data: Record<string, unknown>, actor: string, at: number): DemoEvent {
  const parsed = caseEvents[type].data.safeParse(data);
  if (!parsed.success) throw new Error(`demo event ${type}: ${parsed.error.message}`);
  return { at, actor, type, data };
}

/** A plan's complaint columns and case-file columns, applied to the row as the console reads it back (flags as booleans, sanctions parsed). */
function apply(row: CaseRow, file: Record<string, unknown>, plan: Plan) {
  const r = row as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries({ ...plan.set, ...plan.file })) {
    if (k === 'sanctions') r[k] = JSON.parse(String(v));
    else if (k === 'textCleared' || k === 'identityDisclosed' || k === 'dueByProvisional') r[k] = v === 1 || v === true;
    else r[k] = v;
  }
  Object.assign(file, plan.file);
}

/** What the console derives from the history (services/cases.ts reviewPending, ratingDue). */
function derive(row: CaseRow, events: DemoEvent[]) {
  row.reviewRequestedAt = null;
  row.ratingFollowUpDue = false;
  for (const e of events) {
    if (e.type === 'review-requested') row.reviewRequestedAt = e.at;
    if (e.type === 'review-concluded') row.reviewRequestedAt = null;
    if (e.type === 'rated' && (badRatings as readonly string[]).includes(String(e.data.level))) row.ratingFollowUpDue = true;
    if (e.type === 'rating-reviewed' || e.type === 'review-concluded') row.ratingFollowUpDue = false;
  }
}

