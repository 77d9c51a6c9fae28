import { getCollection, getEntry, type CollectionEntry } from 'astro:content';

/**
 * The office's content as the pages need it: sorted lists and lookups by id. Astro caches the
 * collections, so every page may call this without re-reading files.
 */
export type StaffEntry = CollectionEntry<'staff'>;
export type PostEntry = CollectionEntry<'posts'>;
export type DepartmentEntry = CollectionEntry<'departments'>;
export type ServiceEntry = CollectionEntry<'services'>;

const byOrder = <T extends { id: string; data: { order: number } }>(a: T, b: T) =>
  a.data.order - b.data.order || a.id.localeCompare(b.id);

export async function loadOffice() {
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
    /** Staff name, or the id itself if the content check somehow let a dangling id through. */
    staffName: (id: string) => staffById.get(id)?.data.name ?? id,
    departmentName: (id: string) => departmentById.get(id)?.data.name ?? id,
    /** The posts a person holds, derived from posts.holderA / holderB (never written twice). */
    postsHeldBy: (staffId: string) =>
      posts.flatMap((p) => [
        ...(p.data.holderA === staffId ? [{ post: p, role: 'A' as const }] : []),
        ...(p.data.holderB === staffId ? [{ post: p, role: 'B' as const }] : []),
      ]),
    /** A step's actor: a post id becomes the post's title, plain text stays as written. */
    actorLabel: (actor: string) => postById.get(actor)?.data.title ?? actor,
  };
}

export type Office = Awaited<ReturnType<typeof loadOffice>>;
