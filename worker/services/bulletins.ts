/**
 * Monthly bulletins (月度通报): gathering anonymous facts from D1, computing a month live for the
 * console's preview, publishing (computed once, stored frozen) and reading published versions.
 *
 * No personal data is read here: the queries name only the anonymous columns of complaints
 * (department, category, dates), the event types and, through json_extract, the few public-safe
 * keys of their data (dueBy, newDueBy, finding, level) and case_files.sanctions (codes). The sealed
 * `personal` blob and free-text event data are never selected.
 *
 * Every query is bounded by the month: complaints received in it (complaints_received_idx), events
 * in it (complaint_events_type_at_idx), cases closed after it (the same index: they were open at its
 * end) and cases open today (complaints_stage_due_idx); the facts of those cases come by their id
 * (complaint_events_complaint_idx). test/bench/bulletin-scale.ts prints the query plans. The planner
 * is told what it cannot know from table statistics (half the table shares a stage, yet the open
 * stages hold few rows): `indexed by` for the open cases, a unary `+` so "received before the
 * month's end" never drives a scan of the whole history, and CROSS JOIN so the candidate ids drive
 * the joins instead of a scan of every event.
 */
import type { CaseEvent } from '../../schema/cases.ts';
import { bulletinData, type BulletinVersion } from '../../schema/bulletin/document.ts';
import type { AppointmentFacts, CaseFacts } from '../../schema/bulletin/measures.ts';
import type { Category, Finding, Sanction, Satisfaction, Stage } from '../../schema/domain.ts';
import type { AppointmentEvent } from '../../schema/appointment.ts';
import { endOfShanghaiDay, shanghaiDate } from '../../schema/workdays.ts';
import { catalogue } from '../lib/catalogue.ts';
import { now as clockNow } from '../../schema/clock.ts';

/**
 * The part of D1's API the bulletin uses, written out so the Node scripts (seed, benchmark) can
 * pass an adapter over node:sqlite; a D1Database satisfies it.
 */
export interface BulletinStatement {
  bind(...values: unknown[]): BulletinStatement;
  all<T = Record<string, unknown>>(): Promise<{ results: T[] }>;
  first<T = Record<string, unknown>>(): Promise<T | null>;
  run(): Promise<unknown>;
}
export interface BulletinDb {
  prepare(sql: string): BulletinStatement;
  batch(statements: BulletinStatement[]): Promise<{ results: unknown[] }[]>;
}

/** Events that mark a 差评 as reviewed by the office (the console issue writes them). */
export const RATING_REVIEW_EVENTS = ['rating-reviewed', 'review-concluded'] as const satisfies readonly CaseEvent[];
const FACT_EVENTS: readonly CaseEvent[] = ['accepted', 'declined', 'transferred', 'extended', 'concluded', 'rated', ...RATING_REVIEW_EVENTS, 'review-outcome'];
/** A case's end in a month: concluded, or declined (不予受理). */
const CLOSING_EVENTS = ['concluded', 'declined'] as const satisfies readonly CaseEvent[];
const OPEN_STAGES = ['reception', 'acceptance', 'registration', 'approval', 'handling'] as const satisfies readonly Stage[];
/** An appointment's first contact: a handler may record the agreed time or the visit straight away. */
const FIRST_CONTACT_EVENTS = ['contacted', 'scheduled', 'done'] as const satisfies readonly AppointmentEvent[];
const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/** First and last instant (Unix ms) of a month in Asia/Shanghai. */
export function monthBounds(month: string): { start: number; end: number } {
  const [y, m] = month.split('-').map(Number);
  const start = Date.parse(`${month}-01T00:00:00+08:00`);
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return { start, end: endOfShanghaiDay(last) };
}

/** The month before the one containing `now`, in Asia/Shanghai. */
export function previousMonth(now = clockNow()): string {
  const [y, m] = shanghaiDate(now).split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** Whether the month has ended (only whole months are published). */
export function monthEnded(month: string, now = clockNow()): boolean {
  return monthBounds(month).end < now;
}

/** The ids of every case that can count in the month (see the file comment); a SQL fragment with ?1 = start, ?2 = end. */
const CANDIDATES = `with ids(id) as (
  select id from complaints where received_at between ?1 and ?2
  union select complaint_id from complaint_events where type in (${list(FACT_EVENTS)}) and at between ?1 and ?2
  union select complaint_id from complaint_events where type in (${list(CLOSING_EVENTS)}) and at > ?2
  union select id from complaints indexed by complaints_stage_due_idx where stage in (${list(OPEN_STAGES)}) and +received_at <= ?2
)`;

export const CASES_SQL = `${CANDIDATES}
select c.id, c.department, c.category, c.received_at, c.acknowledge_by, f.sanctions
from ids cross join complaints c on c.id = ids.id left join case_files f on f.complaint_id = c.id
where +c.received_at <= ?2`;

export const EVENTS_SQL = `${CANDIDATES}
select e.complaint_id, e.type, e.at,
  json_extract(e.data, '$.dueBy') as due_by, json_extract(e.data, '$.newDueBy') as new_due_by,
  json_extract(e.data, '$.finding') as finding, json_extract(e.data, '$.level') as level
from ids cross join complaint_events e on e.complaint_id = ids.id
where e.type in (${list(FACT_EVENTS)})
order by e.complaint_id, e.at, e.id`;

interface CaseRow {
  id: number;
  department: string;
  category: string;
  received_at: number;
  acknowledge_by: string;
  sanctions: string | null;
}

interface EventRow {
  complaint_id: number;
  type: CaseEvent;
  at: number;
  due_by: string | null;
  new_due_by: string | null;
  finding: string | null;
  level: string | null;
}

/** Turns one case's rows into CaseFacts as they stood at the end of the month (`end`). */
export function toFacts(row: CaseRow, events: readonly EventRow[], end: number): CaseFacts {
  const first = (type: CaseEvent) => events.find((e) => e.type === type);
  const accepted = first('accepted');
  const declined = first('declined');
  const concluded = first('concluded');
  // The deadline in force when the case was concluded, or at the month's end if still open.
  const cutoff = concluded ? Math.min(concluded.at, end) : end;
  let dueBy: string | undefined = declined && declined.at <= cutoff ? undefined : row.acknowledge_by;
  for (const e of events) {
    if (e.at > cutoff) break;
    if (e.type === 'accepted' && e.due_by) dueBy = e.due_by;
    if (e.type === 'extended' && e.new_due_by) dueBy = e.new_due_by;
  }
  const rated = concluded ? events.find((e) => e.type === 'rated' && e.at >= concluded.at && e.level) : undefined;
  let sanctions: Sanction[] = [];
  if (concluded && row.sanctions) {
    try {
      const parsed: unknown = JSON.parse(row.sanctions);
      if (Array.isArray(parsed)) sanctions = parsed.filter((s): s is Sanction => typeof s === 'string');
    } catch {
      sanctions = [];
    }
  }
  return {
    receivedOn: shanghaiDate(row.received_at),
    department: row.department,
    category: row.category as Category,
    ...(accepted ? { acceptedOn: shanghaiDate(accepted.at) } : {}),
    ...(declined ? { declinedOn: shanghaiDate(declined.at) } : {}),
    transfers: events.filter((e) => e.type === 'transferred').map((e) => shanghaiDate(e.at)),
    extensions: events.filter((e) => e.type === 'extended').map((e) => shanghaiDate(e.at)),
    findingChangedOn: events.filter((e) => e.type === 'review-outcome' && e.at <= end).map((e) => shanghaiDate(e.at)),
    ...(dueBy ? { dueBy } : {}),
    ...(concluded ? { concludedOn: shanghaiDate(concluded.at) } : {}),
    ...(concluded?.finding ? { finding: concluded.finding as Finding } : {}),
    sanctions,
    ...(rated
      ? {
          rating: {
            on: shanghaiDate(rated.at),
            level: rated.level as Satisfaction,
            reviewed: events.some((e) => (RATING_REVIEW_EVENTS as readonly string[]).includes(e.type) && e.at >= rated.at),
          },
        }
      : {}),
  };
}

/** The anonymous facts of every case that can count in `month`. */
export async function gatherCaseFacts(db: BulletinDb, month: string): Promise<CaseFacts[]> {
  const { start, end } = monthBounds(month);
  const [cases, events] = await db.batch([db.prepare(CASES_SQL).bind(start, end), db.prepare(EVENTS_SQL).bind(start, end)]);
  const byCase = new Map<number, EventRow[]>();
  for (const e of events.results as unknown as EventRow[]) {
    let own = byCase.get(e.complaint_id);
    if (!own) byCase.set(e.complaint_id, (own = []));
    own.push(e);
  }
  return (cases.results as unknown as CaseRow[]).map((row) => toFacts(row, byCase.get(row.id) ?? [], end));
}

/**
 * Appointments requested in the month (issue 5's tables): the first contact is the first
 * `contacted`, `scheduled` or `done` event (a handler may record the agreed time or the visit
 * straight away); reception-day bookings are kind = 'reception'. Only the department, kind and
 * dates are read, never the sealed personal data.
 */
export const APPOINTMENTS_SQL = `select a.department, a.kind, a.requested_at, a.contact_by,
  (select min(e.at) from appointment_events e where e.appointment_id = a.id and e.type in (${list(FIRST_CONTACT_EVENTS)})) as contacted_at
from appointments a where a.requested_at between ?1 and ?2`;

export async function gatherAppointmentFacts(db: BulletinDb, month: string): Promise<AppointmentFacts[]> {
  const { start, end } = monthBounds(month);
  const { results } = await db
    .prepare(APPOINTMENTS_SQL)
    .bind(start, end)
    .all<{ department: string; kind: string; requested_at: number; contact_by: string; contacted_at: number | null }>();
  return results.map((r) => ({
    requestedOn: shanghaiDate(r.requested_at),
    department: r.department,
    contactDueBy: r.contact_by,
    ...(r.contacted_at !== null ? { contactedOn: shanghaiDate(r.contacted_at) } : {}),
    receptionDay: r.kind === 'reception',
  }));
}

/** The office's departments in catalogue order: every bulletin lists the same rows. */
export const departmentIds = (): string[] => catalogue.departments.map((d) => d.id);

interface StoredRow {
  month: string;
  version: number;
  published_at: number;
  note: string | null;
  data: string;
}

function toVersion(row: StoredRow): BulletinVersion {
  return { month: row.month, version: row.version, publishedAt: new Date(row.published_at).toISOString(), note: row.note, data: bulletinData.parse(JSON.parse(row.data)) };
}

export async function latestVersionOf(db: BulletinDb, month: string): Promise<number> {
  const row = await db.prepare('select max(version) as v from bulletins where month = ?').bind(month).first<{ v: number | null }>();
  return row?.v ?? 0;
}

/** Every version of a month, oldest first; [] when unpublished. */
export async function versionsOf(db: BulletinDb, month: string): Promise<BulletinVersion[]> {
  const { results } = await db.prepare('select month, version, published_at, note, data from bulletins where month = ? order by version').bind(month).all<StoredRow>();
  return results.map(toVersion);
}

export interface PublishedSummary {
  month: string;
  latestVersion: number;
  publishedAt: number;
  received: number;
  concluded: number;
}

/** The latest version of every published month, newest month first. */
export async function listPublished(db: BulletinDb): Promise<PublishedSummary[]> {
  const { results } = await db
    .prepare(
      `select b.month, b.version, b.published_at,
         json_extract(b.data, '$.overall.received') as received, json_extract(b.data, '$.overall.concluded') as concluded
       from bulletins b
       where b.version = (select max(version) from bulletins x where x.month = b.month)
       order by b.month desc`,
    )
    .all<{ month: string; version: number; published_at: number; received: number; concluded: number }>();
  return results.map((r) => ({ month: r.month, latestVersion: r.version, publishedAt: r.published_at, received: r.received, concluded: r.concluded }));
}
