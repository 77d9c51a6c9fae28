/**
 * The whereabouts board read live from the absence register, and the quick self-recording of the
 * console. "Away on a day" is the same rule routing uses (routing.ts situationOn): an absence, not
 * withdrawn, whose dates cover the day.
 */
import { and, eq, gte, isNull, lte } from 'drizzle-orm';
import type { AbsenceKind } from '../../schema/appointment.ts';
import { absences } from '../../schema/db/appointments.ts';
import { IN_OFFICE, publicWord } from '../../schema/whereabouts.ts';
import { addCalendarDays, shanghaiDate } from '../../schema/workdays.ts';
import { now as clockNow } from '../../schema/clock.ts';
import { catalogue } from '../lib/catalogue.ts';
import { standInsOn } from './handovers.ts';
import { actingFor } from './routing.ts';
import { dbOf } from '../lib/db.ts';

export interface BoardStaff {
  id: string;
  name: string;
  title: string;
  /** The public word (在岗, 出差, 请假 …). */
  status: string;
  /** Last day away (inclusive), when away. */
  until?: string;
}

export interface BoardPost {
  id: string;
  title: string;
  holderA: string;
  /** Who acts for the post today: A when in; else B; else the department head. */
  acting: { id: string; name: string; role: 'a' | 'b' | 'stand-in' | 'head'; phone: string };
}

export interface BoardDepartment {
  id: string;
  name: string;
  phone: string;
  staff: BoardStaff[];
  posts: BoardPost[];
}

/** Absences covering `date`, one per staff member (the latest recorded wins). */
export async function awayToday(env: Env, date: string): Promise<Map<string, { kind: AbsenceKind; toDate: string }>> {
  const rows = await dbOf(env)
    .select()
    .from(absences)
    .where(and(lte(absences.fromDate, date), gte(absences.toDate, date), isNull(absences.withdrawnAt)))
    .orderBy(absences.recordedAt, absences.id)
    .all();
  return new Map(rows.map((r) => [r.staffId, { kind: r.kind, toDate: r.toDate }]));
}

function nameOf(id: string): string {
  return catalogue.staff.find((s) => s.id === id)?.name ?? id;
}

/** The board for `date` (default today), for every department or one. */
export async function board(env: Env, department?: string, now = clockNow()): Promise<{ date: string; departments: BoardDepartment[] }> {
  const date = shanghaiDate(now);
  const [away, standIns] = await Promise.all([awayToday(env, date), standInsOn(env, date)]);
  const departments = catalogue.departments
    .filter((d) => department === undefined || d.id === department)
    .map((d) => ({
      id: d.id,
      name: d.name,
      phone: d.phone,
      staff: catalogue.staff
        .filter((s) => s.department === d.id)
        .map((s) => {
          const a = away.get(s.id);
          return { id: s.id, name: s.name, title: s.title, status: a ? publicWord[a.kind] : IN_OFFICE, ...(a ? { until: a.toDate } : {}) };
        }),
      posts: catalogue.posts
        .filter((p) => p.department === d.id)
        .map((p) => {
          // The one rule (routing.ts actingFor): A; else the approved stand-in; else B; else the head.
          const r = actingFor(catalogue, p.id, { away: new Set(away.keys()), standIns })!;
          const role: BoardPost['acting']['role'] = r.via;
          const id = r.assignee;
          return { id: p.id, title: p.title, holderA: p.holderA, acting: { id, name: nameOf(id), role, phone: role === 'head' ? d.phone : p.phone } };
        }),
    }));
  return { date, departments };
}

/**
 * "I am back": ends today the absences of `staffId` that cover today. One that started today is
 * withdrawn; a longer one ends yesterday, so the record of the days away stays.
 */
export async function markBack(env: Env, staffId: string, now = clockNow()): Promise<number> {
  const today = shanghaiDate(now);
  const d = dbOf(env);
  const covering = and(eq(absences.staffId, staffId), lte(absences.fromDate, today), gte(absences.toDate, today), isNull(absences.withdrawnAt));
  const [withdrawn, shortened] = await d.batch([
    d.update(absences).set({ withdrawnAt: now }).where(and(covering, eq(absences.fromDate, today))).returning({ id: absences.id }),
    d.update(absences).set({ toDate: addCalendarDays(today, -1) }).where(covering).returning({ id: absences.id }),
  ]);
  return withdrawn.length + shortened.length;
}
