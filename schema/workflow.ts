/**
 * A workflow is one declaration (issue 11): its actions and its events, each typed against the
 * workflow's list (`Record<Action, …>`, `Record<Event, …>`), so a new action or event that lacks an
 * entry anywhere is a compile error. Every workflow uses it: cases (schema/cases.ts,
 * worker/services/case-workflow.ts), appointments (schema/appointment.ts), inquiries
 * (schema/inquiry.ts), application cards (schema/application.ts), decisions (schema/decisions.ts) and
 * handovers (schema/handover.ts).
 */
import { z } from 'zod';

/** One kind of event in a workflow's append-only history. */
export interface EventSpec {
  /** How the office timeline names it. */
  label: string;
  /** Whether the public (the complainant's tracking page, the API) sees it; internal events never leave the console. */
  public: boolean;
  /** How the public timeline names it (public events only). */
  publicLabel?: string;
  /** The shape of the event's `data` as written. */
  data: z.ZodType;
  /** The part of `data` the public sees, where it is less than all of it (default: `data`). */
  publicData?: z.ZodType;
}

/**
 * The facts of a public event the public may see: the string fields its entry declares
 * (`publicData`, else `data`), read from the stored JSON; anything else the event holds is dropped.
 */
export function publicFacts(spec: EventSpec, raw: string): Record<string, string> {
  const schema = spec.publicData ?? spec.data;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return {};
  }
  if (!(schema instanceof z.ZodObject) || typeof parsed !== 'object' || parsed === null) return {};
  const out: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = (parsed as Record<string, unknown>)[key];
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}

/**
 * How a timeline names an event type: the office's label, or for `public` the label the public sees
 * (its `publicLabel`, else its label). Old or unknown types show as written.
 */
export function eventLabel(events: Record<string, EventSpec>, type: string, audience: 'office' | 'public' = 'office'): string {
  const spec = Object.hasOwn(events, type) ? events[type] : undefined;
  if (!spec) return type;
  return audience === 'public' ? (spec.publicLabel ?? spec.label) : spec.label;
}

/** Declares a workflow's events: every event of the list `E` needs one entry. */
export function defineEvents<E extends string>() {
  return <const T extends Record<E, EventSpec>>(events: T & Record<Exclude<keyof T, E>, never>): T => events;
}

/** The events of a registry whose entry says `public: true`. */
export type PublicEvents<T extends Record<string, EventSpec>> = { [K in keyof T]: T[K]['public'] extends true ? K : never }[keyof T] & string;

/** An event as an action plans it: its type and the data its entry declares. */
export type PlannedEvent<T extends Record<string, EventSpec>, E extends keyof T = keyof T> = {
  [K in E]: { type: K; data: z.input<T[K]['data']> };
}[E];

/**
 * One action of a workflow: who may take it, in which states, what the form or API sends, which
 * events it writes and what it does (`effect`: a plan the service writes in one D1 batch).
 */
export interface ActionSpec<Role, State, Event, Row, Input extends z.ZodType, Ctx, Plan> {
  label: string;
  roles: readonly Role[];
  /** The states in which the action is offered. */
  states: readonly State[];
  /** Extra condition on the record beyond its state. */
  when?: (row: Row) => boolean;
  /** What to say when the state allows the action but `when` does not. */
  notNow?: string;
  /** What to say when the state does not allow it, where a generic sentence would mislead. */
  stateMessage?: string;
  input: Input;
  /** Every event type the effect may write (checked when the plan is written). */
  writes: readonly Event[];
  effect: (v: z.output<Input>, ctx: Ctx) => Plan;
}

/**
 * Binds the workflow's types once and returns `action` (infers each action's input so its effect
 * is typed) and `actions` (the map: every action of the list `A` needs one entry).
 */
export function defineActions<A extends string, Role, State, Event, Row, Ctx, Plan>() {
  type Any = ActionSpec<Role, State, Event, Row, z.ZodType, Ctx, Plan>;
  return {
    action: <I extends z.ZodType>(spec: ActionSpec<Role, State, Event, Row, I, Ctx, Plan>): Any => spec as unknown as Any,
    actions: <const T extends Record<A, Any>>(actions: T & Record<Exclude<keyof T, A>, never>): Record<A, Any> => actions,
  };
}

/** The actions a role may take on a record in this state now. */
export function allowed<A extends string, Role, State, Row>(
  actions: Record<A, { roles: readonly Role[]; states: readonly State[]; when?: (row: Row) => boolean }>,
  role: Role,
  state: State,
  row: Row,
): A[] {
  return (Object.keys(actions) as A[]).filter((a) => {
    const spec = actions[a];
    return spec.roles.includes(role) && spec.states.includes(state) && (!spec.when || spec.when(row));
  });
}

/**
 * One action taken in memory, checked as the services check it: the role, the state and `when` must
 * allow it, the input must parse with the action's schema, and its plan may only write the events
 * the entry declares. Returns the plan; throws, naming the step, where the console would refuse.
 * The demo seed takes its records' steps with it (`playActions`), so the demo is the workflows' own
 * output and cannot drift from them.
 */
export function takeAction<A extends string, Role, State, Row, Ctx, Plan extends { events: readonly { type: unknown }[] }>(
  actions: Record<A, ActionSpec<Role, State, unknown, Row, z.ZodType, Ctx, Plan>>,
  name: A,
  step: { role: Role; state: State; row: Row; input: unknown; ctx: Ctx },
): Plan {
  const spec = actions[name];
  const where = `${name} (${String(step.role)} in ${String(step.state)})`;
  if (!spec.roles.includes(step.role)) throw new Error(`${where}: this role may not take the action`);
  if (!spec.states.includes(step.state) || (spec.when && !spec.when(step.row))) throw new Error(`${where}: not allowed in this state`);
  const input = spec.input.safeParse(step.input);
  if (!input.success) throw new Error(`${where}: ${input.error.issues.map((i) => i.message).join('; ')}`);
  const plan = spec.effect(input.data, step.ctx);
  const stray = plan.events.find((e) => !spec.writes.includes(e.type));
  if (stray) throw new Error(`${where}: plans an event it does not declare (${String(stray.type)})`);
  return plan;
}

/** One step a demo record takes: an action of its registry, by whom (role, and the actor written in the history) and when. */
export interface PlayedStep<A extends string, Role> {
  action: A;
  role: Role;
  actor: string;
  at: number;
  input?: object;
}

/**
 * A record's steps taken in order with `takeAction`, as its service takes them: each at the record's
 * current state and version (the input carries the version, as the console's forms do), its plan's
 * columns applied to the record, one new version a step. Returns the events the plans wrote, with
 * their step's instant and actor; throws naming `record` where the console would refuse a step.
 */
export function playActions<A extends string, Role, State, Row, Ctx, Plan extends { set: object; events: readonly { type: unknown }[] }, R extends Row & { version: number }>(
  actions: Record<A, ActionSpec<Role, State, unknown, Row, z.ZodType, Ctx, Plan>>,
  record: string,
  row: R,
  stateOf: (row: R) => State,
  steps: readonly PlayedStep<A, Role>[],
  ctxOf: (at: number) => Ctx,
): { at: number; actor: string; event: Plan['events'][number] }[] {
  const events: { at: number; actor: string; event: Plan['events'][number] }[] = [];
  for (const s of steps) {
    let plan: Plan;
    try {
      plan = takeAction(actions, s.action, { role: s.role, state: stateOf(row), row, input: { ...s.input, version: row.version }, ctx: ctxOf(s.at) });
    } catch (error) {
      throw new Error(`${record}: ${(error as Error).message}`);
    }
    Object.assign(row, plan.set);
    row.version += 1;
    for (const event of plan.events) events.push({ at: s.at, actor: s.actor, event });
  }
  return events;
}
