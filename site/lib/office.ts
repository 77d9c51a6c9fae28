import { getCollection, getEntry, type CollectionEntry } from 'astro:content';

/**
 * The office's content as the pages need it: sorted lists and lookups by id, computed once per
 * build. Every page calls loadOffice(); at a province's scale (10,000 services, 1,000 departments)
 * sorting and indexing the collections again for each of ~12,000 pages was the larger part of the
 * build (issue 16), so a build computes it once. `astro dev` recomputes it on every call, so edits
 * to content/ still show at once.
 */
export type StaffEntry = CollectionEntry<'staff'>;
export type PostEntry = CollectionEntry<'posts'>;
export type DepartmentEntry = CollectionEntry<'departments'>;
export type ServiceEntry = CollectionEntry<'services'>;

const byOrder = <T extends { id: string; data: { order: number } }>(a: T, b: T) =>
  a.data.order - b.data.order || a.id.localeCompare(b.id);

let built: ReturnType<typeof readOffice> | undefined;

export function loadOffice(): ReturnType<typeof readOffice> {
  if (!import.meta.env.PROD) return readOffice();
  return (built ??= readOffice());
}

/**
 * getStaticPaths of a detail page: one page per entry of the list `pick` chooses, named by the
 * entry's id, which the page receives as its `entry` prop.
 */
export async function entryPages<T extends { id: string }>(pick: (office: Awaited<ReturnType<typeof readOffice>>) => readonly T[]) {
  return pick(await loadOffice()).map((entry) => ({ params: { id: entry.id }, props: { entry } }));
}

/** Groups items by a key, keeping their order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

async function readOffice() {
  // Awaited one by one: Promise.all over six collections widens each to the union of all six.
  const departments = await getCollection('departments');
  const posts = await getCollection('posts');
  const staff = await getCollection('staff');
  const services = await getCollection('services');
  const commitments = await getCollection('commitments');
  const rules = await getCollection('rules');
  const office = (await getEntry('office', 'office'))!.data;
  const supervision = (await getEntry('supervision', 'supervision'))!.data;
  departments.sort(byOrder);
  services.sort((a, b) => a.data.code.localeCompare(b.data.code));
  commitments.sort(byOrder);
  rules.sort(byOrder);
  posts.sort((a, b) => a.data.title.localeCompare(b.data.title, 'zh-CN'));

  const staffById = new Map(staff.map((s) => [s.id, s]));
  const postById = new Map(posts.map((p) => [p.id, p]));
  const departmentById = new Map(departments.map((d) => [d.id, d]));
  const ruleById = new Map(rules.map((r) => [r.id, r]));
  const servicesByDepartment = groupBy(services, (s) => s.data.department);
  const postsByDepartment = groupBy(posts, (p) => p.data.department);
  const staffByDepartment = groupBy(staff, (s) => s.data.department);
  const postsHeld = new Map<string, { post: PostEntry; role: 'A' | 'B' }[]>();
  for (const post of posts) {
    for (const [holder, role] of [[post.data.holderA, 'A'], [post.data.holderB, 'B']] as const) {
      const held = postsHeld.get(holder) ?? [];
      held.push({ post, role });
      postsHeld.set(holder, held);
    }
  }

  return {
    office,
    supervision,
    departments,
    posts,
    staff,
    services,
    commitments,
    rules,
    staffById,
    postById,
    departmentById,
    ruleById,
    /** A department's services, posts and staff, in the lists' order. */
    servicesOf: (departmentId: string) => servicesByDepartment.get(departmentId) ?? [],
    postsOf: (departmentId: string) => postsByDepartment.get(departmentId) ?? [],
    staffOf: (departmentId: string) => staffByDepartment.get(departmentId) ?? [],
    /** Staff name, or the id itself if the content check somehow let a dangling id through. */
    staffName: (id: string) => staffById.get(id)?.data.name ?? id,
    departmentName: (id: string) => departmentById.get(id)?.data.name ?? id,
    /** The posts a person holds, derived from posts.holderA / holderB (never written twice). */
    postsHeldBy: (staffId: string) => postsHeld.get(staffId) ?? [],
    /** A step's actor: a post id becomes the post's title, plain text stays as written. */
    actorLabel: (actor: string) => postById.get(actor)?.data.title ?? actor,
  };
}

export type Office = Awaited<ReturnType<typeof readOffice>>;
