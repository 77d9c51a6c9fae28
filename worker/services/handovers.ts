/**
 * Stand-in handover (同岗替代, issue 13): planning a post holder's absence with a named stand-in,
 * the head's approval of a stand-in other than B, the stand-in's acknowledgement and handback, all
 * in the post's append-only history. Planning also records the absence, in the same batch, so the
 * whereabouts board and A/B routing follow it.
 */
import { and, desc, eq, gte, inArray, lte, or } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import { absences } from '../../schema/db/appointments.ts';
import { handovers, postEvents } from '../../schema/db/whereabouts.ts';
import { handoverActions, type HandoverAction, type HandoverEvent, type HandoverEventPlan } from '../../schema/handover.ts';
import type { z } from 'zod';
import type { planInput } from '../../schema/handover.ts';
import { shanghaiDate } from '../../schema/workdays.ts';
import { now as clockNow } from '../../schema/clock.ts';
import { catalogue } from '../lib/catalogue.ts';
import { dbOf } from '../lib/db.ts';
import { log } from '../lib/log.ts';
import { markBack } from './whereabouts.ts';

export type HandoverRow = typeof handovers.$inferSelect;
export type PostEventRow = typeof postEvents.$inferSelect;
type Who = { role: string; staffId: string | null; department: string | null };
type FieldError = { field: string; message: string };

function headOf(post: string): string | undefined {
  const p = catalogue.posts.find((x) => x.id === post);
  return catalogue.departments.find((d) => d.id === p?.department)?.head;
}

/** Plans a handover; the errors name the field to fix. */
export async function planHandover(env: Env, who: Who, input: z.output<typeof planInput>, now = clockNow()): Promise<{ ok: true; id: number } | { ok: false; errors: FieldError[] }> {
  const errors: FieldError[] = [];
  const post = catalogue.posts.find((p) => p.id === input.post);
  if (!post) return { ok: false, errors: [{ field: 'post', message: '没有这个岗位，请从列表中选择' }] };
  if (who.role !== 'supervisor' && who.staffId !== post.holderA) errors.push({ field: 'post', message: '只有该岗位的 A 岗工作人员（或效能办负责人）可以登记交接' });
  const standIn = input.standIn ?? post.holderB;
  if (!catalogue.staff.some((s) => s.id === standIn)) errors.push({ field: 'standIn', message: '请从列表中选择代岗人' });
  if (standIn === post.holderA) errors.push({ field: 'standIn', message: '代岗人不能是本人' });
  // 同岗替代: the stand-in is named before the absence starts.
  if (input.fromDate < shanghaiDate(now)) errors.push({ field: 'fromDate', message: '代岗人要在外出开始前确定：开始日期不能早于今天' });
  const d = dbOf(env);
  const busy = await d
    .select({ id: absences.id })
    .from(absences)
    .where(and(eq(absences.staffId, standIn), lte(absences.fromDate, input.toDate), gte(absences.toDate, input.fromDate), sql`${absences.withdrawnAt} is null`))
    .all();
  if (busy.length > 0) errors.push({ field: 'standIn', message: '代岗人在这段时间也登记了不在岗，请另选代岗人' });
  if (errors.length > 0) return { ok: false, errors };
  const status = standIn === post.holderB ? 'awaiting-ack' : 'awaiting-approval';
  const actor = who.staffId ?? 'supervisor';
  const planned: HandoverEventPlan = { type: 'planned', data: { standIn, fromDate: input.fromDate, toDate: input.toDate, note: input.note } };
  const [inserted] = await d.batch([
    d.insert(handovers).values({ post: post.id, holder: post.holderA, standIn, fromDate: input.fromDate, toDate: input.toDate, kind: input.kind, status }).returning({ id: handovers.id }),
    d.insert(postEvents).values({ post: post.id, handoverId: sql`last_insert_rowid()`, at: now, actor, type: planned.type, data: JSON.stringify(planned.data) }),
    d.insert(absences).values({ staffId: post.holderA, fromDate: input.fromDate, toDate: input.toDate, kind: input.kind, recordedBy: actor, recordedAt: now }),
  ]);
  log('info', 'handover.planned', { post: post.id, status });
  return { ok: true, id: inserted[0].id };
}

/** May `who` take `action` on `row`? The action's `roles` name who: the head (or a supervisor for them), the stand-in or the holder. */
export function mayAct(who: Who, row: HandoverRow, action: HandoverAction): boolean {
  return handoverActions[action].roles.some((by) => {
    if (by === 'head') return who.role === 'supervisor' || (who.staffId !== null && who.staffId === headOf(row.post));
    if (by === 'stand-in') return who.staffId === row.standIn;
    return who.staffId === row.holder;
  });
}

export type HandoverOutcome = 'done' | 'forbidden' | 'not-allowed' | 'stale';

export async function actOnHandover(env: Env, who: Who, row: HandoverRow, action: HandoverAction, input: { version: number; note?: string }, now = clockNow()): Promise<HandoverOutcome> {
  const spec = handoverActions[action];
  if (!mayAct(who, row, action)) return 'forbidden';
  if (!(spec.states as readonly string[]).includes(row.status)) return 'not-allowed';
  if (input.version !== row.version) return 'stale';
  const plan = spec.effect(input, { now });
  const [event] = plan.events;
  const d = dbOf(env);
  const [updated] = await d.batch([
    d
      .update(handovers)
      .set({ status: plan.set.status, version: row.version + 1 })
      .where(and(eq(handovers.id, row.id), eq(handovers.version, row.version)))
      .returning({ id: handovers.id }),
    d.insert(postEvents).select(
      d
        .select({
          id: sql<number>`null`.as('id'),
          post: handovers.post,
          handoverId: handovers.id,
          at: sql<number>`${now}`.as('at'),
          actor: sql<string>`${who.staffId ?? 'supervisor'}`.as('actor'),
          type: sql<HandoverEvent>`${event.type}`.as('type'),
          data: sql<string>`${JSON.stringify(event.data)}`.as('data'),
        })
        .from(handovers)
        .where(and(eq(handovers.id, row.id), eq(handovers.version, row.version + 1))),
    ),
  ]);
  if (updated.length !== 1) return 'stale';
  // Back before the planned end: the absence ends today, so the board and routing show A again.
  if (action === 'hand-back' && row.fromDate <= shanghaiDate(now) && row.toDate >= shanghaiDate(now)) await markBack(env, row.holder, now);
  log('info', 'handover.action', { post: row.post, action });
  return 'done';
}

export async function getHandover(env: Env, id: number): Promise<HandoverRow | undefined> {
  return dbOf(env).select().from(handovers).where(eq(handovers.id, id)).get();
}

export async function postHistory(env: Env, post: string): Promise<PostEventRow[]> {
  return dbOf(env).select().from(postEvents).where(eq(postEvents.post, post)).orderBy(postEvents.at, postEvents.id).all();
}

/** Handovers I am part of (holder, stand-in, head), or all for a supervisor; newest first. */
export async function listHandovers(env: Env, who: Who): Promise<HandoverRow[]> {
  const d = dbOf(env);
  const headed = catalogue.posts.filter((p) => headOf(p.id) === who.staffId).map((p) => p.id);
  const me = who.staffId ?? '';
  const where = who.role === 'supervisor' ? undefined : or(eq(handovers.holder, me), eq(handovers.standIn, me), headed.length ? inArray(handovers.post, headed) : undefined);
  return d.select().from(handovers).where(where).orderBy(desc(handovers.fromDate), desc(handovers.id)).limit(200).all();
}

/** Named stand-ins acting on `date` (approved, not yet handed back): post → staff id. */
export async function standInsOn(env: Env, date: string): Promise<Map<string, string>> {
  const rows = await dbOf(env)
    .select({ post: handovers.post, standIn: handovers.standIn })
    .from(handovers)
    .where(and(lte(handovers.fromDate, date), gte(handovers.toDate, date), inArray(handovers.status, ['awaiting-ack', 'acting'])))
    .all();
  return new Map(rows.map((r) => [r.post, r.standIn]));
}
