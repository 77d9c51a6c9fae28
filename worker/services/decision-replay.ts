/**
 * The demo seed's accountability decisions (worker/cli/seed/decisions.ts) played through the decision
 * workflow without a database (issue 11, point 6): each step is checked as `act` checks it (the
 * actor's role or `self`, the state, the kind, the input parsed by the action's schema) and planned
 * by the action's own effect at that step's day, so the demo cannot drift from the workflow. Kept out
 * of worker/cli, whose Node type check has no worker types; the seed imports it at run time.
 */
import type { DecisionEventPlan, DecisionKind } from '../../schema/decisions.ts';
import { shanghaiDate } from '../../schema/workdays.ts';
import { decisionActions, type Decision, type DecisionAction } from './decisions.ts';

const DAY = 86_400_000;

/** One step of a demo decision: an action of the registry, taken `daysAgo` by a role or the person concerned. */
export interface DecisionStep {
  action: DecisionAction;
  daysAgo: number;
  by: 'supervisor' | 'leader' | 'self';
  input: Record<string, unknown>;
}

/** A decision as proposed (呈批): what `propose` writes, before any step. */
export interface ProposedDecision {
  id: number;
  kind: DecisionKind;
  staffId: string;
  department: string;
  facts: string;
  basis: string;
  proposedDaysAgo: number;
}

export interface ReplayedEvent {
  at: number;
  by: DecisionStep['by'];
  event: DecisionEventPlan;
}

/**
 * The decision after its steps, and its history from the proposal on (each event one version, as
 * `act` writes them). `noticeSeq` numbers an approved written admonition in its year, as `act` does
 * with max(notice_seq) + 1. Throws, naming the decision and the step, where the console would refuse.
 */
export function replayDecision(p: ProposedDecision, steps: DecisionStep[], now: number, noticeSeq: (year: number) => number): { row: Decision; events: ReplayedEvent[] } {
  const at = (daysAgo: number) => now - daysAgo * DAY;
  const row: Decision = {
    id: p.id,
    kind: p.kind,
    state: 'proposed',
    staffId: p.staffId,
    department: p.department,
    facts: p.facts,
    basis: p.basis,
    proposedBy: 0,
    proposedAt: at(p.proposedDaysAgo),
    approvedBy: null,
    approvedAt: null,
    noticeYear: null,
    noticeSeq: null,
    servedOn: null,
    unitHeadTold: null,
    selfExamDue: null,
    selfExamText: null,
    selfExamOn: null,
    countersignedBy: null,
    overdueFlagged: false,
    givenOn: null,
    givenBy: null,
    standbyStart: null,
    standbyEnd: null,
    studyPlan: null,
    citizenReps: null,
    staffReps: null,
    reviewResult: null,
    assessment: null,
    outcome: null,
    examOn: null,
    examResult: null,
    appealText: null,
    appealOn: null,
    appealOutcome: null,
    appealNote: null,
    appealDecidedOn: null,
    originalKind: null,
    version: 1,
    updatedAt: at(p.proposedDaysAgo),
  };
  const events: ReplayedEvent[] = [{ at: row.proposedAt, by: 'supervisor', event: { type: 'proposed', data: { kind: p.kind } } }];
  for (const [i, s] of steps.entries()) {
    const fail = (why: string) => new Error(`demo decision ${p.id} (${p.staffId}), step ${i + 1} ${s.action}: ${why}`);
    const spec = decisionActions[s.action];
    if (!spec.roles.includes(s.by)) throw fail(`${s.by} may not take it`);
    if (!spec.states.includes(row.state) || (spec.when && !spec.when(row))) throw fail(`not allowed for a ${row.kind} in state ${row.state}`);
    const input = spec.input.safeParse(s.input);
    if (!input.success) throw fail(input.error.issues.map((e) => e.message).join('; '));
    const stepAt = at(s.daysAgo);
    const effect = spec.effect(input.data, { row, today: shanghaiDate(stepAt) });
    if ('message' in effect) throw fail(`${effect.field}: ${effect.message}`);
    Object.assign(row, effect.set ?? {}, { state: effect.to, version: row.version + 1, updatedAt: stepAt });
    if (s.action === 'approve') {
      row.approvedAt = stepAt;
      if (row.kind === 'written-admonition') {
        row.noticeYear = Number(shanghaiDate(stepAt).slice(0, 4));
        row.noticeSeq = noticeSeq(row.noticeYear);
      }
    }
    events.push({ at: stepAt, by: s.by, event: effect.event });
  }
  return { row, events };
}
