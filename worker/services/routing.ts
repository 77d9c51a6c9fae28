/**
 * A/B routing (AB岗位制 / 同岗替代制, seeds 000–002): a post always has someone who acts for it.
 * An appointment goes to the post of its service (or the department's default post), to the A
 * holder; when A is recorded as away, to the B holder, who acts with A's authority; when both are
 * away, to the department's head. "Away" means an absence, entered in the console, that covers the
 * day of the request (the contact deadline starts that day, so whoever is in that day must act) or
 * the appointment day itself (issue 10: the person named must be there when the citizen comes).
 */
import type { Catalogue } from '../../schema/catalogue.ts';
import type { RoutedVia } from '../../schema/appointment.ts';

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

/** Pure: who handles a request, given who is away. Throws only on a catalogue that failed its check. */
export function route(catalogue: Catalogue, request: RouteRequest, away: ReadonlySet<string>): Route {
  const department = catalogue.departments.find((d) => d.id === request.department);
  if (!department) throw new Error(`unknown department ${request.department}`);
  const service = request.service ? catalogue.services.find((s) => s.id === request.service && s.department === department.id) : undefined;
  const postId = service?.handlerPost ?? department.defaultPost;
  const post = catalogue.posts.find((p) => p.id === postId);
  if (!post) throw new Error(`unknown post ${postId}`);
  if (!away.has(post.holderA)) return { department: department.id, post: post.id, assignee: post.holderA, via: 'a' };
  if (!away.has(post.holderB)) return { department: department.id, post: post.id, assignee: post.holderB, via: 'b' };
  return { department: department.id, post: post.id, assignee: department.head, via: 'head' };
}

/** Staff ids recorded as away on any of `dates` (YYYY-MM-DD), withdrawn absences excepted. */
export async function awayOn(env: Env, ...dates: string[]): Promise<Set<string>> {
  const away = new Set<string>();
  for (const date of new Set(dates)) {
    const { results } = await env.DB.prepare('select distinct staff_id from absences where from_date <= ?1 and to_date >= ?1 and withdrawn_at is null')
      .bind(date)
      .all<{ staff_id: string }>();
    for (const r of results) away.add(r.staff_id);
  }
  return away;
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
