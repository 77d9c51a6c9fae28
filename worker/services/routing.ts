/**
 * A/B routing (AB岗位制 / 同岗替代制, seeds 000–002): a post always has someone who acts for it.
 * An appointment goes to the post of its service (or the department's default post), to the A
 * holder; when A is recorded as away, to the B holder, who acts with A's authority; when both are
 * away, to the department's head; a stand-in the head approved in a handover (同岗替代, issue 13)
 * comes before B. actingFor is the one rule: appointments, inquiry hand-overs, application cards,
 * complaint assignment and the whereabouts board all ask it. "Away" means an absence, entered in the console, that covers the
 * day of the request (the contact deadline starts that day, so whoever is in that day must act) or
 * the appointment day itself (issue 10: the person named must be there when the citizen comes).
 */
import { and, gte, inArray, isNull, lte } from 'drizzle-orm';
import type { Catalogue } from '../../schema/catalogue.ts';
import type { RoutedVia } from '../../schema/appointment.ts';
import { absences } from '../../schema/db/appointments.ts';
import { handovers } from '../../schema/db/whereabouts.ts';
import { shanghaiDate } from '../../schema/workdays.ts';
import { now as clockNow } from '../../schema/clock.ts';
import { catalogue as officeCatalogue } from '../lib/catalogue.ts';
import { dbOf } from '../lib/db.ts';

export interface Route {
  department: string;
  post: string;
  assignee: string;
  via: RoutedVia;
}

export interface RouteRequest {
  department: string;
  service?: string;
}

/**
 * Who is absent, and the stand-ins named in handovers (同岗替代), on the days that matter. A
 * named stand-in counts only when the head approved (status awaiting-ack or acting: B needs no
 * approval) and the same person is named on every one of the days.
 */
export interface Situation {
  away: ReadonlySet<string>;
  /** post → the approved stand-in of the handover covering the days. */
  standIns: ReadonlyMap<string, string>;
}

export interface Acting {
  department: string;
  post: string;
  assignee: string;
  via: RoutedVia;
}

/**
 * Pure, the one rule (issue 13): who acts for post `postId`. A if present; else the approved
 * stand-in of the handover (B by default, or another person the head approved) if present; else
 * B if present; else the department head. A person in `exclude` (concerned by or recused from the
 * case) is never chosen: the next in that order is. Undefined only when everyone is excluded.
 */
export function actingFor(catalogue: Catalogue, postId: string, situation: Situation, exclude: ReadonlySet<string> = new Set()): Acting | undefined {
  const post = catalogue.posts.find((p) => p.id === postId);
  if (!post) throw new Error(`unknown post ${postId}`);
  const department = catalogue.departments.find((d) => d.id === post.department);
  if (!department) throw new Error(`unknown department ${post.department}`);
  const named = situation.standIns.get(post.id);
  const candidates: [string | undefined, RoutedVia][] = [
    [post.holderA, 'a'],
    [named, named === post.holderB ? 'b' : 'stand-in'],
    [post.holderB, 'b'],
  ];
  for (const [who, via] of candidates) {
    if (who && !situation.away.has(who) && !exclude.has(who)) return { department: department.id, post: post.id, assignee: who, via };
  }
  if (!exclude.has(department.head)) return { department: department.id, post: post.id, assignee: department.head, via: 'head' };
  return undefined;
}

/** The post a request goes to: its service's handler post, or the department's default post. */
export function postFor(catalogue: Catalogue, request: RouteRequest): string {
  const department = catalogue.departments.find((d) => d.id === request.department);
  if (!department) throw new Error(`unknown department ${request.department}`);
  const service = request.service ? catalogue.services.find((s) => s.id === request.service && s.department === department.id) : undefined;
  return service?.handlerPost ?? department.defaultPost;
}

/** Pure: who handles a request, given the situation (absences and approved stand-ins). */
export function route(catalogue: Catalogue, request: RouteRequest, situation: Situation): Route {
  return actingFor(catalogue, postFor(catalogue, request), situation)!;
}

/** The situation on `dates` (YYYY-MM-DD): away on any of them; stand-ins named alike on all of them. */
export async function situationOn(env: Env, ...dates: string[]): Promise<Situation> {
  const days = [...new Set(dates)];
  const d = dbOf(env);
  const away = new Set<string>();
  let standIns: Map<string, string> | undefined;
  for (const date of days) {
    const [gone, named] = await d.batch([
      d.selectDistinct({ staffId: absences.staffId }).from(absences).where(and(lte(absences.fromDate, date), gte(absences.toDate, date), isNull(absences.withdrawnAt))),
      d
        .select({ post: handovers.post, standIn: handovers.standIn })
        .from(handovers)
        .where(and(lte(handovers.fromDate, date), gte(handovers.toDate, date), inArray(handovers.status, ['awaiting-ack', 'acting']))),
    ]);
    for (const r of gone) away.add(r.staffId);
    const today = new Map(named.map((r) => [r.post, r.standIn]));
    standIns = standIns === undefined ? today : new Map([...standIns].filter(([p, s]) => today.get(p) === s));
  }
  return { away, standIns: standIns ?? new Map() };
}

/** "Who acts for post P at time T" (default now), read from the absence register and handovers. */
export async function actingAt(env: Env, postId: string, at = clockNow(), exclude: ReadonlySet<string> = new Set()): Promise<Acting | undefined> {
  return actingFor(officeCatalogue, postId, await situationOn(env, shanghaiDate(at)), exclude);
}

/** Who the person is told will contact them: name and post (both disclosed on the portal) and a phone. */
export function contactFor(catalogue: Catalogue, r: Route) {
  const staff = catalogue.staff.find((s) => s.id === r.assignee);
  const post = catalogue.posts.find((p) => p.id === r.post);
  const department = catalogue.departments.find((d) => d.id === r.department);
  const isHead = r.via === 'head';
  return {
    name: staff?.name ?? r.assignee,
    post: isHead ? `${department?.name ?? ''}${staff?.title ?? '负责人'}` : (post?.title ?? ''),
    department: department?.name ?? r.department,
    phone: (isHead ? department?.phone : post?.phone) ?? department?.phone ?? '',
  };
}
