// Every workflow is declared on the one registry (issue 11, schema/workflow.ts): inquiries, application
// cards, decisions and handovers as cases and appointments. The @ts-expect-error lines fail `npm run check` if a
// registry stops requiring an entry per action and event, or accepts an event with the wrong data
// (an unused @ts-expect-error is itself an error); the rest checks what the readers get from them.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cardActions, cardEvents, cardEventTypes, type CardEvent, type CardEventPlan } from '../../schema/application.ts';
import { decisionEvents, decisionEventTypes, type DecisionEvent, type DecisionEventPlan } from '../../schema/decisions.ts';
import { handoverActions, handoverEvents, type HandoverEvent, type HandoverEventPlan } from '../../schema/handover.ts';
import { inquiryActions, inquiryEvents, type InquiryEvent, type InquiryEventPlan } from '../../schema/inquiry.ts';
import { defineActions, defineEvents, eventLabel, type EventSpec } from '../../schema/workflow.ts';
import { deadline, makeCalendar, shanghaiDate } from '../../schema/workdays.ts';
import { decisionActionIds, decisionActions, decisionEventSpecs } from '../../worker/services/decisions.ts';
import { catalogue } from './helpers.ts';

describe('a missing entry in any registry is a compile error', () => {
  it('refuses event maps without an entry and events planned with the wrong data', () => {
    const data: EventSpec = { label: '', public: false, data: z.object({}) };
    // @ts-expect-error the inquiry event 'converted' is missing
    const inquiryMissing = defineEvents<InquiryEvent>()({ registered: data, 'handed-over': data, 'followed-up': data, closed: data, overdue: data });
    // @ts-expect-error a card is not 'reopened'
    const card: CardEvent = 'reopened';
    // @ts-expect-error a decision event needs its entry: 'appeal-decided' is missing
    const decisionMissing = defineEvents<DecisionEvent>()(Object.fromEntries(decisionEventTypes.slice(0, -1).map((e) => [e, data])) as Record<Exclude<DecisionEvent, 'appeal-decided'>, EventSpec>);
    // @ts-expect-error an inquiry closes with a reply, not a note
    const closed: InquiryEventPlan = { type: 'closed', data: { note: 'x' } };
    // @ts-expect-error 督办 carries the instruction and the 回告 deadline
    const supervised: CardEventPlan = { type: 'supervised', data: { answer: 'x' } };
    // @ts-expect-error a served decision says when it was served
    const served: DecisionEventPlan = { type: 'served', data: {} };
    const { actions } = defineActions<'close' | 'follow-up', 'staff', 'open', 'closed', unknown, object, object>();
    const spec = { label: '', roles: ['staff'] as const, states: ['open'] as const, input: z.object({}), writes: ['closed'] as const, effect: () => ({}) };
    // @ts-expect-error the action 'follow-up' is missing
    const onlyClose = actions({ close: spec });
    expect([inquiryMissing, card, decisionMissing, closed, supervised, served, onlyClose]).toHaveLength(7);
  });
});

describe('the inquiry registry', () => {
  it('each action writes an event of the list, and its effect plans what the service writes', () => {
    for (const a of ['close', 'follow-up'] as const) for (const e of inquiryActions[a].writes) expect(Object.keys(inquiryEvents), `${a} writes ${e}`).toContain(e);
    expect(inquiryActions.close.effect({ version: 2, reply: '已电话答复' }, { now: 1234 })).toEqual({ set: { status: 'closed', closedAt: 1234 }, events: [{ type: 'closed', data: { reply: '已电话答复' } }] });
    expect(inquiryActions['follow-up'].effect({ version: 2, note: '已催承办人' }, { now: 1 })).toEqual({ set: {}, events: [{ type: 'followed-up', data: { note: '已催承办人' } }] });
  });

  it('the person sees the public events under their public label; the follow-up and the overdue mark stay internal', () => {
    expect(Object.entries(inquiryEvents).filter(([, s]) => s.public).map(([e]) => e)).toEqual(['registered', 'handed-over', 'closed', 'converted']);
    expect(eventLabel(inquiryEvents, 'closed', 'public')).toBe('已办结');
    expect(eventLabel(inquiryEvents, 'followed-up')).toBe('首问责任人督促');
    // Tried: a type from an older release, and a key of Object.prototype.
    expect(eventLabel(inquiryEvents, 'legacy-type')).toBe('legacy-type');
    expect(eventLabel(inquiryEvents, 'toString')).toBe('toString');
  });
});

describe('the application card registry', () => {
  it('督办 sets the 回告 deadline in working days and writes it with the instruction; each action moves the card from its states only', () => {
    const calendar = makeCalendar(catalogue.calendar);
    const today = shanghaiDate();
    const plan = cardActions.supervise.effect({ instruction: '请说明原因', answerDays: 3 }, { today, calendar });
    expect(plan.set.state).toBe('supervised');
    expect(plan.set.answerBy).toBe(deadline(calendar, today, 3).date);
    expect(plan.set.answerBy! > today).toBe(true);
    expect(plan.events).toEqual([{ type: 'supervised', data: { instruction: '请说明原因', answerDays: 3, answerBy: plan.set.answerBy } }]);
    expect(cardActions.answer.states).toEqual(['supervised']);
    expect(cardActions.close.states).toEqual(['open', 'answered']);
    expect(Object.keys(cardEvents)).toEqual([...cardEventTypes]);
    expect(cardEventTypes.map((e) => cardEvents[e].label)).toEqual(['产生', '督办', '回告', '办结', '立案']);
  });
});

describe('the decision registry', () => {
  it('declares every action once and every event it writes; the person concerned sees all but the proposal and a rejection', () => {
    expect(Object.keys(decisionActions)).toEqual([...decisionActionIds]);
    for (const a of decisionActionIds) for (const e of decisionActions[a].writes) expect(decisionEventTypes, `${a} writes ${e}`).toContain(e);
    expect(decisionEventSpecs).toBe(decisionEvents);
    expect(decisionEventTypes.filter((e) => !decisionEvents[e].self)).toEqual(['proposed', 'rejected']);
    expect(decisionEventTypes.filter((e) => decisionEvents[e].public)).toEqual([]);
  });
});

describe('the handover registry (同岗替代)', () => {
  it('refuses a map without an entry and a hand-back without its note (compile errors)', () => {
    const data: EventSpec = { label: '', public: false, data: z.object({}) };
    // @ts-expect-error the handover event 'handed-back' is missing
    const missing = defineEvents<HandoverEvent>()({ planned: data, approved: data, acknowledged: data });
    // @ts-expect-error a hand-back writes the stand-in's note
    const back: HandoverEventPlan = { type: 'handed-back', data: {} };
    expect([missing, back]).toHaveLength(2);
  });

  it('each action names who takes it and plans its step; nothing of a post history is public', () => {
    expect(Object.fromEntries(Object.entries(handoverActions).map(([a, s]) => [a, [s.roles, s.states, s.writes]]))).toEqual({
      approve: [['head'], ['awaiting-approval'], ['approved']],
      acknowledge: [['stand-in'], ['awaiting-ack'], ['acknowledged']],
      'hand-back': [['stand-in'], ['acting'], ['handed-back']],
    });
    expect(handoverActions.approve.effect({ version: 1, familiar: 'yes' }, { now: 1 })).toEqual({ set: { status: 'awaiting-ack' }, events: [{ type: 'approved', data: {} }] });
    expect(handoverActions['hand-back'].effect({ version: 3, note: '代岗期间办结两件' }, { now: 1 })).toEqual({ set: { status: 'handed-back' }, events: [{ type: 'handed-back', data: { note: '代岗期间办结两件' } }] });
    expect(Object.values(handoverEvents).filter((e) => e.public)).toEqual([]);
    expect(eventLabel(handoverEvents, 'acknowledged')).toBe('代岗人确认接手');
    // Tried: the approval without the head's confirmation that the stand-in knows the post.
    expect(handoverActions.approve.input.safeParse({ version: 1 }).error?.issues[0].message).toBe('请确认代岗人熟悉该岗位业务（不熟悉的不能代岗）');
  });
});
