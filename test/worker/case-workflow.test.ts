// The case workflow is one declaration (issue 11): the registry (schema/cases.ts,
// worker/services/case-workflow.ts, worker/views/office/case-forms.tsx) is what every reader uses,
// and a missing entry is a type error: the @ts-expect-error lines below fail `npm run check` if the
// maps ever stop requiring every action and event (an unused @ts-expect-error is itself an error).
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { caseActions, caseEvents, caseEventTypes, publicCaseEvents, type CaseAction, type CaseEvent, type CaseEventPlan } from '../../schema/cases.ts';
import { eventLabels, publicEventData } from '../../schema/complaint.ts';
import { defineActions, defineEvents, type EventSpec } from '../../schema/workflow.ts';
import { actionLabels, caseWorkflow } from '../../worker/services/case-workflow.ts';
import { caseForms, type CaseForm } from '../../worker/views/office/case-forms.tsx';

describe('a missing registry entry is a compile error', () => {
  it('refuses a form map, an action map or an event map that lacks an entry, and an event planned with the wrong data', () => {
    const form: CaseForm = () => ({ fields: null });
    const { accept, ...allButAccept } = caseForms;
    // @ts-expect-error the form of 'accept' is missing
    const forms: Record<CaseAction, CaseForm> = allButAccept;

    const { actions } = defineActions<'open' | 'close', 'staff', 'new' | 'done', 'opened' | 'closed', object, object, object>();
    const spec = { label: '', roles: ['staff'] as const, states: ['new'] as const, input: z.object({}), writes: ['opened'] as const, effect: () => ({}) };
    // @ts-expect-error the action 'close' is missing
    const onlyOpen = actions({ open: spec });

    const data: EventSpec = { label: '', public: false, data: z.object({}) };
    // @ts-expect-error the event 'closed' is missing
    const onlyOpened = defineEvents<'opened' | 'closed'>()({ opened: data });
    // @ts-expect-error 'reopened' is not an event of the list
    const extra = defineEvents<'opened'>()({ opened: data, reopened: data });

    // @ts-expect-error an 'accepted' event carries its due date, not a note
    const wrong: CaseEventPlan = { type: 'accepted', data: { note: 'x' } };
    // @ts-expect-error 'reopened' is not a case event
    const unknown: CaseEvent = 'reopened';

    expect([form, accept, forms, onlyOpen, onlyOpened, extra, wrong, unknown]).toHaveLength(8);
  });
});

describe('the case registry', () => {
  it('declares every action once, with a label, roles, stages and events that exist', () => {
    expect(Object.keys(caseWorkflow.actions).sort()).toEqual([...caseActions].sort());
    expect(Object.keys(caseForms).sort()).toEqual([...caseActions].sort());
    for (const a of caseActions) {
      const spec = caseWorkflow.actions[a];
      expect(spec.label, a).toBe(actionLabels[a]);
      expect(spec.roles.length, a).toBeGreaterThan(0);
      expect(spec.states.length, a).toBeGreaterThan(0);
      for (const e of spec.writes) expect(caseEventTypes, `${a} writes ${e}`).toContain(e);
    }
  });

  it('gives the public timeline (tracking page and API) exactly the public events, each with its public label and data schema', () => {
    expect(Object.keys(caseEvents).sort()).toEqual([...caseEventTypes].sort());
    expect(publicCaseEvents).toEqual(['received', 'accepted', 'declined', 'transferred', 'extended', 'concluded', 'rated', 'review-requested', 'review-concluded']);
    expect(Object.keys(publicEventData)).toEqual(publicCaseEvents);
    for (const e of publicCaseEvents) expect(eventLabels[e], e).toBe(caseEvents[e].publicLabel);
    for (const e of caseEventTypes.filter((t) => !caseEvents[t].public)) expect(e in publicEventData, e).toBe(false);
  });
});
