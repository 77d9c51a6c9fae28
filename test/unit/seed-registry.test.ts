// Issue 11, point 6: the demo is the workflows' own output. Its appointments are steps taken through the
// appointment registry (schema/workflow.ts takeAction), and every event any seed writes is checked against its
// registry entry (worker/cli/seed/sql.ts eventData), so a step or an event the worker could not have written fails the seed.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { appointmentEvents, appointmentStatuses, appointmentWorkflow } from '../../schema/appointment.ts';
import { caseEvents } from '../../schema/cases.ts';
import { decisionEvents } from '../../schema/decisions.ts';
import { inquiryEvents } from '../../schema/inquiry.ts';
import { defineActions, takeAction, type EventSpec } from '../../schema/workflow.ts';
import { pathTo, replayAppointment, type Step } from '../../worker/cli/seed/appointments.ts';
import { eventData } from '../../worker/cli/seed/sql.ts';

const T = Date.parse('2026-12-01T09:00:00+08:00');
const at = (hours: number) => T + hours * 3_600_000;
const agreed = { date: '2026-12-02', time: '09:00', place: '一楼 3 号窗口' };
const by = (action: Step['action'], hours: number, input?: object): Step => ({ action, at: at(hours), actor: 'xie-na', ...(input ? { input } : {}) });

describe('a demo appointment is its steps through the registry', () => {
  it.each(appointmentStatuses.codes)('the path to %s ends there, one version a step', (status) => {
    const steps = pathTo[status].map((a, i) => by(a, i + 1, a === 'scheduled' ? agreed : undefined));
    const played = replayAppointment('YY-TEST-STEP01', steps);
    expect(played.status).toBe(status);
    expect(played.version).toBe(1 + steps.length);
    expect(played.events.map((e) => e.event.type)).toEqual(pathTo[status].map((a) => a));
  });

  it('writes the facts the action plans (scheduled: date, time and place) and archives at the step', () => {
    const played = replayAppointment('YY-TEST-STEP02', [by('contacted', 1), by('scheduled', 2, agreed), by('done', 30), by('archive', 40)]);
    expect(played.events.find((e) => e.event.type === 'scheduled')!.event.data).toEqual(agreed);
    expect(played.archivedAt).toBe(at(40));
    expect(played.version).toBe(5);
  });

  it.each<[string, Step[], RegExp]>([
    ['a step the state does not allow (no-show before anything was agreed)', [by('no-show', 1)], /YY-TEST-BAD: no-show \(handler in requested\): not allowed in this state/],
    ['a step after the end (contacted once cancelled)', [by('cancelled', 1), by('contacted', 2)], /contacted \(handler in cancelled\): not allowed/],
    ['archiving an open appointment', [by('contacted', 1), by('archive', 2)], /archive \(handler in contacted\): not allowed/],
    ['archiving twice (the condition `when`)', [by('done', 1), by('archive', 2), by('archive', 3)], /archive \(handler in done\): not allowed/],
    ['an input the form refuses (scheduled with no place)', [by('scheduled', 1, { date: '2026-12-02', time: '09:00' })], /请填写约定地点/],
  ])('throws on %s', (_label, steps, message) => {
    expect(() => replayAppointment('YY-TEST-BAD', steps)).toThrow(message);
  });
});

describe('takeAction checks what the services check', () => {
  it('refuses a role the action does not list', () => {
    expect(() => takeAction(appointmentWorkflow.actions, 'contacted', { role: 'admin', state: 'requested', row: { archivedAt: null }, input: {}, ctx: { now: T } })).toThrow(
      'contacted (admin in requested): this role may not take the action',
    );
  });

  it('refuses a plan that writes an event its entry does not declare', () => {
    const { action, actions } = defineActions<'go', 'clerk', 'open', 'went' | 'other', object, object, { events: { type: 'went' | 'other' }[] }>();
    const registry = actions({ go: action({ label: '办', roles: ['clerk'], states: ['open'], input: z.object({}), writes: ['went'], effect: () => ({ events: [{ type: 'other' }] }) }) });
    expect(() => takeAction(registry, 'go', { role: 'clerk', state: 'open', row: {}, input: {}, ctx: {} })).toThrow('go (clerk in open): plans an event it does not declare (other)');
  });
});

describe('every demo event is checked against its registry (worker/cli/seed/sql.ts eventData)', () => {
  it('passes data the entry declares, as JSON', () => {
    expect(eventData(inquiryEvents, 'handed-over', { department: 'real-estate', post: 'developer-management', assignee: 'xie-na', via: 'a' }, 'SW-TEST')).toBe(
      '{"department":"real-estate","post":"developer-management","assignee":"xie-na","via":"a"}',
    );
  });

  it.each<[string, Record<string, EventSpec>, string, unknown, RegExp]>([
    // The drift this check found in the demo (2026-12-03): hand-written events without a field the worker writes.
    ['a hand-over without its post', inquiryEvents, 'handed-over', { department: 'real-estate', assignee: 'xie-na', via: 'a' }, /demo SW-TEST: event handed-over holds data its registry refuses: post /],
    ['a self-examination without `late`', decisionEvents, 'self-exam-submitted', { on: '2026-11-29' }, /event self-exam-submitted holds data its registry refuses: late /],
    ['an appeal decision without its note', decisionEvents, 'appeal-decided', { outcome: 'annulled' }, /event appeal-decided holds data its registry refuses: note /],
    ['an event the workflow does not have', appointmentEvents, 'reopened', {}, /demo SW-TEST: no event reopened in its workflow's registry/],
    ['a case event with a finding not on the list', caseEvents, 'concluded', { finding: 'maybe' }, /event concluded holds data its registry refuses: finding /],
  ])('refuses %s', (_label, events, type, data, message) => {
    expect(() => eventData(events, type, data, 'SW-TEST')).toThrow(message);
  });
});
