// The appointment workflow is one declaration (issue 11): schema/appointment.ts declares its events
// (labels, visibility, data) and the staff actions (label, roles, statuses, input, events, effect);
// the service, the console timeline and the tracking page read them. The @ts-expect-error lines fail
// `npm run check` if the maps ever stop requiring every entry (an unused one is itself an error).
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  appointmentActions,
  appointmentEvents,
  appointmentEventTypes,
  appointmentWorkflow,
  progressSchema,
  transitions,
  type AppointmentEvent,
  type AppointmentEventPlan,
  type AppointmentStatus,
} from '../../schema/appointment.ts';
import { defineEvents, publicFacts, type EventSpec } from '../../schema/workflow.ts';
import { actOnAppointment, appointmentEvents as historyOf, appointmentSchemasForCatalogue, appointmentViewOf, bookAppointment, getAppointment } from '../../worker/services/appointments.ts';
import { freshPhone, validAppointment } from './appointments-helpers.ts';

describe('a missing appointment registry entry is a compile error', () => {
  it('refuses an event map without an entry, an event planned with the wrong data, and an unknown event type', () => {
    const data: EventSpec = { label: '', public: false, data: z.object({}) };
    const { note, ...allButNote } = Object.fromEntries(appointmentEventTypes.map((e) => [e, data])) as Record<AppointmentEvent, EventSpec>;
    // @ts-expect-error the event 'note' is missing
    const missing = defineEvents<AppointmentEvent>()(allButNote);
    // @ts-expect-error a 'scheduled' event carries the date, time and place agreed, not a note
    const wrong: AppointmentEventPlan = { type: 'scheduled', data: { note: 'x' } };
    // @ts-expect-error 'rescheduled' is not an appointment event
    const unknown: AppointmentEvent = 'rescheduled';
    expect([note, missing, wrong, unknown]).toHaveLength(4);
  });
});

describe('the appointment registry', () => {
  it('declares every event once; the person sees exactly the status events, under their public labels', () => {
    expect(Object.keys(appointmentEvents).sort()).toEqual([...appointmentEventTypes].sort());
    const shown = appointmentEventTypes.filter((e) => appointmentEvents[e].public);
    expect(shown).toEqual(['requested', 'contacted', 'scheduled', 'done', 'no-show', 'cancelled']);
    expect(appointmentEvents.contacted.publicLabel).toBe('工作人员已与您联系');
    for (const e of ['routed', 'overdue', 'deadline-recomputed', 'archived', 'note'] as const) expect(appointmentEvents[e].public, e).toBe(false);
  });

  it('offers from each status the progress actions the office had (办事预约制), and archive only when closed', () => {
    expect(transitions).toEqual({
      requested: ['contacted', 'scheduled', 'done', 'cancelled'],
      contacted: ['scheduled', 'done', 'cancelled'],
      scheduled: ['done', 'no-show', 'cancelled'],
      done: [],
      'no-show': [],
      cancelled: [],
    });
    expect(Object.keys(appointmentWorkflow.actions)).toEqual([...appointmentActions]);
    for (const a of appointmentActions) for (const e of appointmentWorkflow.actions[a].writes) expect(appointmentEventTypes, `${a} writes ${e}`).toContain(e);
    const archive = appointmentWorkflow.actions.archive;
    expect(archive.states).toEqual(['done', 'no-show', 'cancelled']);
    expect(archive.when?.({ archivedAt: null })).toBe(true);
    expect(archive.when?.({ archivedAt: 1 })).toBe(false);
  });

  it('the progress form asks what the chosen action asks: scheduling needs a date, a time and a place', () => {
    const form = progressSchema();
    const scheduled = form.safeParse({ to: 'scheduled', version: '1' });
    expect(scheduled.success).toBe(false);
    expect(scheduled.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['date', '约定时间地点时，请填写约定日期'],
      ['time', '约定时间地点时，请填写约定时间'],
      ['place', '约定时间地点时，请填写约定地点，例如“一楼 3 号窗口”'],
    ]);
    // Tried: 'contacted' with nothing else, and 'done' with a note: nothing more is asked.
    expect(form.safeParse({ to: 'contacted', version: '1' }).success).toBe(true);
    expect(form.safeParse({ to: 'done', version: '2', note: '当面办结' }).success).toBe(true);
  });

  it('shows the person only the facts a public event declares (publicData), whatever else it holds', () => {
    expect(publicFacts(appointmentEvents.requested, JSON.stringify({ kind: 'ordinary', channel: 'phone' }))).toEqual({});
    expect(publicFacts(appointmentEvents.scheduled, JSON.stringify({ date: '2026-12-01', time: '09:30', place: '一楼', text: 'x' }))).toEqual({ date: '2026-12-01', time: '09:30', place: '一楼' });
    expect(publicFacts(appointmentEvents.cancelled, 'not json')).toEqual({});
  });
});

describe('the service writes what the registry declares', () => {
  async function booked() {
    const input = appointmentSchemasForCatalogue.appointmentInput.parse({ ...validAppointment(), phone: freshPhone() });
    const out = await bookAppointment(env, input, undefined);
    if (out.kind !== 'created') throw new Error(`booking refused: ${out.kind}`);
    const row = await env.DB.prepare('select id from appointments where reference = ?').bind(out.created.reference).first<{ id: number }>();
    return (await getAppointment(env, row!.id))!;
  }

  it('an action refused in this status writes nothing; scheduling writes a public event and an internal sealed note in one batch', async () => {
    const row = await booked();
    // Tried: archive an open appointment, and no-show before anything was agreed.
    expect(await actOnAppointment(env, row, 'archive', {}, 'wu-tao')).toBe('not-allowed');
    expect(await actOnAppointment(env, row, 'no-show', {}, 'wu-tao')).toBe('not-allowed');
    expect(await actOnAppointment(env, row, 'scheduled', { date: '2030-01-02', time: '09:30', place: '一楼 3 号窗口', note: '电话里说好了' }, 'wu-tao')).toBe('done');
    const history = await historyOf(env, row.id);
    expect(history.map((e) => [e.type, e.public])).toEqual([
      ['requested', true],
      ['routed', false],
      ['scheduled', true],
      ['note', false],
    ]);
    expect(history[3].data).not.toContain('电话里说好了');
    const after = (await getAppointment(env, row.id))!;
    expect([after.status, after.version]).toEqual(['scheduled' satisfies AppointmentStatus, row.version + 1]);
    const view = await appointmentViewOf(env, after);
    expect(view.events.map((e) => [e.type, e.label, e.data])).toEqual([
      ['requested', '已收到预约', {}],
      ['scheduled', '已约定办理时间和地点', { date: '2030-01-02', time: '09:30', place: '一楼 3 号窗口' }],
    ]);
    // The stale copy of the row is refused: the version moved on.
    expect(await actOnAppointment(env, { ...row, status: 'scheduled' }, 'done', {}, 'wu-tao')).toBe('stale');
    expect(await actOnAppointment(env, after, 'done', {}, 'wu-tao')).toBe('done');
    const closed = (await getAppointment(env, row.id))!;
    expect(await actOnAppointment(env, closed, 'archive', {}, 'wu-tao')).toBe('done');
    const archived = (await getAppointment(env, row.id))!;
    expect(archived.archivedAt).not.toBeNull();
    expect(await actOnAppointment(env, archived, 'archive', {}, 'wu-tao')).toBe('not-allowed');
  });
});
