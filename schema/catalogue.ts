/**
 * The catalogue: what the worker needs to know of the published content (departments, posts,
 * staff names, services, supervision, calendar, office limits). It is derived from content/ by
 * `npm run catalogue` and never written by hand, so the form, the API and the site list the same
 * things.
 */
import type { OfficeContent } from './content/index.ts';

export function buildCatalogue(content: OfficeContent) {
  return {
    office: content.office.data,
    departments: content.departments
      .map((d) => ({
        id: d.id,
        name: d.data.name,
        order: d.data.order,
        phone: d.data.phone,
        head: d.data.head,
        defaultPost: d.data.defaultPost,
        contactLimitDays: d.data.contactLimitDays,
        slots: d.data.slots,
      }))
      .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id)),
    posts: content.posts.map((p) => ({
      id: p.id,
      department: p.data.department,
      title: p.data.title,
      holderA: p.data.holderA,
      holderB: p.data.holderB,
      phone: p.data.phone,
    })),
    staff: content.staff.map((s) => ({ id: s.id, name: s.data.name, title: s.data.title, department: s.data.department })),
    services: content.services
      .map((s) => ({
        id: s.id,
        code: s.data.code,
        name: s.data.name,
        department: s.data.department,
        handlerPost: s.data.handlerPost,
        bookable: s.data.bookable,
        // 电子监察 (issue 12): the limits every application of the service is watched against.
        responsiblePost: s.data.responsiblePost,
        steps: s.data.steps.map((st) => ({ name: st.name, actor: st.actor, days: st.days })),
        committedDays: s.data.committedDays,
        statutoryDays: s.data.statutoryDays,
        fees: s.data.fees.map((f) => ({ item: f.item, amount: f.amount })),
      }))
      .sort((a, b) => a.code.localeCompare(b.code)),
    supervision: content.supervision.data,
    calendar: content.calendar.map((c) => c.data),
  };
}

export type Catalogue = ReturnType<typeof buildCatalogue>;
