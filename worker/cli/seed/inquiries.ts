// Demo first-inquiry register and whereabouts for `npm start`, dated from the clock's today: one
// inquiry per outcome, open ones on time, due soon and overdue, one handed over and closed by the
// section, one with a query code; and whereabouts in every public state (在岗 is the default),
// with one post whose A holder is away (B acts) and one where both are away (the head acts).
import type { Catalogue } from '../../../schema/catalogue.ts';
import { closedAtRegistration, dueOf, inquiryActions, inquiryEvents, limitFor, type InquiryAction, type InquiryChannel, type InquiryLimits, type InquiryOutcome, type InquiryPriority } from '../../../schema/inquiry.ts';
import { addCalendarDays, shanghaiDate, type WorkCalendar } from '../../../schema/workdays.ts';
import { now as clockNow } from '../../../schema/clock.ts';
import type { InquiryFacts } from '../../../schema/bulletin/inquiries.ts';
import { accessHash, seal } from '../../lib/crypto.ts';
import { datedReference, demoNote, eventData, q } from './sql.ts';
import { demoReceptionBookingReference } from './reception-bookings.ts';
import { playActions, type PlayedStep } from '../../../schema/workflow.ts';
import type { Role } from '../../../schema/domain.ts';
import { handoverActions, handoverEvents, type HandoverAction, type HandoverActor, type HandoverEvent, type HandoverStatus } from '../../../schema/handover.ts';

export interface InquirySeedDeps {
  key: string;
  catalogue: Catalogue;
  calendar: WorkCalendar;
}

interface Demo {
  reference: string;
  accessCode?: string;
  channel: InquiryChannel;
  priority: InquiryPriority;
  firstReceiver: string;
  outcome: InquiryOutcome;
  /** Minutes before now it was received. */
  minutesAgo: number;
  /** Received instead on this day of the previous month at 10:00 (the last published bulletin counts it). */
  lastMonthDay?: number;
  matter: string;
  name?: string;
  phone?: string;
  data: object;
  /** Section handed to (other-section). */
  department?: string;
  /** Closed later by the handler with this reply. */
  closedWith?: string;
  followUp?: string;
}

const DAY = 24 * 60;

export const demoInquiries: Demo[] = [
  { reference: 'SW-2612-DEM301', channel: 'visit', priority: 'ordinary', firstReceiver: 'li-min', outcome: 'on-the-spot', minutesAgo: 60, matter: '询问效能投诉需要提供哪些信息。', data: { answer: '已当面说明投诉表各项的填法' } },
  { reference: 'SW-2612-DEM302', accessCode: 'DEM0C0DE31', channel: 'visit', priority: 'ordinary', firstReceiver: 'xie-na', outcome: 'later', minutesAgo: 2 * DAY, name: '示例市民卯', phone: '13800000031', matter: '开发企业资质变更后，原来的预售许可是否需要重新办理。', data: { contact: { name: '谢娜', phone: '0519-85600041' } } },
  { reference: 'SW-2612-DEM303', channel: 'phone', priority: 'ordinary', firstReceiver: 'wu-tao', outcome: 'other-section', minutesAgo: 9 * DAY, department: 'housing-security', name: '示例市民辰', phone: '13800000032', matter: '公租房轮候排到第几位，想查一下。', data: {}, followUp: '已电话提醒住房保障处尽快答复' },
  { reference: 'SW-2612-DEM304', channel: 'letter', priority: 'ordinary', firstReceiver: 'sun-yue', outcome: 'other-section', minutesAgo: 3 * DAY, department: 'urban-construction', matter: '来信询问道路挖掘许可的办理窗口。', data: {}, closedWith: '已电话答复来信人办理窗口和所需材料' },
  { reference: 'SW-2612-DEM305', channel: 'online', priority: 'ordinary', firstReceiver: 'zhao-li', outcome: 'other-agency', minutesAgo: 4 * DAY, matter: '网上留言询问医保报销比例。', data: { agency: { name: '示范市医疗保障局', address: '示范市人民路 1 号', phone: '0519-85601234' } } },
  { reference: 'SW-2612-DEM306', channel: 'email', priority: 'special', firstReceiver: 'zhang-wei', outcome: 'reported-upward', minutesAgo: 30 * DAY, matter: '邮件反映跨区域的建设项目协调问题。', data: { report: { to: '示范市人民政府办公室', sentOn: '' } } },
  { reference: 'SW-2612-DEM307', channel: 'phone', priority: 'special', firstReceiver: 'tang-hua', outcome: 'later', minutesAgo: 100, matter: '来电询问效能投诉处理进度（特殊事项）。', data: { contact: { name: '唐华', phone: '0519-85600000' } } },
  { reference: 'SW-2612-DEM309', channel: 'reception', priority: 'ordinary', firstReceiver: 'wang-jianguo', outcome: 'other-section', minutesAgo: 3 * DAY, department: 'real-estate', closedWith: '已书面答复：维修资金使用情况已在小区公示栏公开', name: '示例市民子', phone: '13800000021', matter: '接待日反映：小区维修资金使用情况不公开。', data: { appointment: 'YY-2611-DEM201' } },
  { reference: 'SW-2612-DEM308', accessCode: 'DEM0C0DE38', channel: 'reception', priority: 'ordinary', firstReceiver: 'wang-jianguo', outcome: 'other-section', minutesAgo: DAY, department: 'housing-security', name: '示例市民子', phone: '13800000021', matter: '接待日反映：老旧小区加装电梯审批进度慢。', data: { appointment: 'YY-2611-DEM201' } },
  { reference: 'SW-2612-HST401', channel: 'phone', priority: 'ordinary', firstReceiver: 'wu-tao', outcome: 'on-the-spot', minutesAgo: 0, lastMonthDay: 6, matter: '来电询问商品房买卖合同网签备案的办理时间。', data: { answer: '已说明备案一个工作日内办结' } },
  { reference: 'SW-2612-HST402', channel: 'visit', priority: 'ordinary', firstReceiver: 'sun-yue', outcome: 'other-section', minutesAgo: 0, lastMonthDay: 13, department: 'housing-security', matter: '来访询问租赁补贴的申请条件。', data: {}, closedWith: '已当面答复申请条件和所需材料' },
];


async function deps(given?: InquirySeedDeps): Promise<InquirySeedDeps> {
  if (given) return given;
  // A computed specifier keeps the worker's type check (no Node types) out of local.ts, as cases.ts does.
  const local = './local.ts';
  const { devVar, localCatalogue } = (await import(/* @vite-ignore */ local)) as { devVar(name: string): string; localCatalogue(): { catalogue: Catalogue; calendar: WorkCalendar } };
  return { key: devVar('PII_KEY'), ...localCatalogue() };
}

/** When each demo inquiry was received, fell due and closed, as demoInquiriesSql writes them. */
function timing(d: Demo, now: number, limits: InquiryLimits, calendar: WorkCalendar) {
  const lastMonth = addCalendarDays(`${shanghaiDate(now).slice(0, 7)}-01`, -1).slice(0, 7);
  const at = d.lastMonthDay ? Date.parse(`${lastMonth}-${String(d.lastMonthDay).padStart(2, '0')}T10:00:00+08:00`) : now - d.minutesAgo * 60_000;
  const limitName = limitFor(d.channel, d.priority);
  const due = dueOf(limits[limitName], at, calendar);
  const closedAtOnce = d.outcome === 'on-the-spot' || d.outcome === 'other-agency';
  const closedAt = closedAtOnce ? at : d.closedWith ? at + 60 * 60_000 : null;
  return { at, limitName, due, closedAt };
}

/** The anonymous facts of `month` the worker's inquiry figures read from these rows (the demo bulletins carry the same). */
export function demoInquiryFacts(month: string, now: number, catalogue: Catalogue, calendar: WorkCalendar): InquiryFacts[] {
  const limits = catalogue.office.inquiryLimits as InquiryLimits;
  return demoInquiries
    .map((d) => ({ d, t: timing(d, now, limits, calendar) }))
    .filter(({ t }) => shanghaiDate(t.at).startsWith(`${month}-`))
    .map(({ d, t }) => ({ channel: d.channel, outcome: d.outcome, receivedAt: t.at, dueAt: t.due.dueAt, ...(t.closedAt !== null ? { closedAt: t.closedAt } : {}) }));
}

export async function demoInquiriesSql(now = clockNow(), given?: InquirySeedDeps): Promise<string[]> {
  const { key, catalogue, calendar } = await deps(given);
  const limits = catalogue.office.inquiryLimits as InquiryLimits;
  const today = shanghaiDate(now);
  const out: string[] = [];
  const event = (ref: string, at: number, actor: string, type: keyof typeof inquiryEvents, data: object) =>
    `insert into inquiry_events (inquiry_id, at, actor, type, public, data) select id, ${at}, ${q(actor)}, ${q(type)}, ${inquiryEvents[type].public ? 1 : 0}, ${q(eventData(inquiryEvents, type, data, ref))} from inquiries where reference = ${q(ref)};`;
  for (const d of demoInquiries) {
    const { at, limitName, due, closedAt } = timing(d, now, limits, calendar);
    const reference = datedReference(d.reference, at);
    if (d.accessCode) demoNote(`demo inquiry ${reference}, query code ${d.accessCode}`);
    const receiver = catalogue.staff.find((s) => s.id === d.firstReceiver)!;
    let handler = d.firstReceiver;
    let handlerDepartment = receiver.department;
    // A reception-day matter names the booking it came with, by that booking's reference on this demo.
    let data: object = 'appointment' in d.data ? { ...d.data, appointment: demoReceptionBookingReference(String(d.data.appointment), now) } : d.data;
    let handoverPost = '';
    if (d.department) {
      const dep = catalogue.departments.find((x) => x.id === d.department)!;
      const post = catalogue.posts.find((p) => p.id === dep.defaultPost)!;
      handler = post.holderA;
      handlerDepartment = dep.id;
      handoverPost = post.id;
      data = { contact: { name: catalogue.staff.find((s) => s.id === handler)?.name ?? handler, phone: post.phone, department: dep.name, post: post.title }, ...data };
    }
    if (d.outcome === 'reported-upward') data = { report: { to: '示范市人民政府办公室', sentOn: shanghaiDate(at) } };
    const personal = await seal(key, { ...(d.name ? { name: d.name } : {}), ...(d.phone ? { phone: d.phone } : {}), matter: d.matter });
    // Registered open (or closed at once, as services/inquiries.ts registers those outcomes); then
    // the follow-up and the closing are steps through the registry (schema/inquiry.ts inquiryActions).
    const row = { status: (closedAtRegistration as readonly string[]).includes(d.outcome) ? ('closed' as const) : ('open' as const), version: 1, closedAt: closedAt === at ? at : null };
    // The first receiver and the section's handler act as handlers.
    const steps: PlayedStep<InquiryAction, Role>[] = [
      ...(d.followUp ? [{ action: 'follow-up' as const, role: 'handler' as const, at: at + 30 * 60_000, actor: d.firstReceiver, input: { note: d.followUp } }] : []),
      ...(d.closedWith ? [{ action: 'close' as const, role: 'handler' as const, at: closedAt!, actor: handler, input: { reply: d.closedWith } }] : []),
    ];
    const later = playActions(inquiryActions, `demo inquiry ${reference}`, row, (r) => r.status, steps, (t) => ({ now: t }));
    if (row.closedAt !== closedAt) throw new Error(`demo inquiry ${reference}: its steps close it at ${row.closedAt}, not ${closedAt}`);
    const overdue = row.status === 'open' && due.dueAt < now;
    out.push(
      `insert into inquiries (reference, access_hash, channel, priority, limit_name, first_receiver, registered_by, department, outcome, outcome_data, handler, handler_department, status, personal, received_at, due_at, due_provisional, closed_at, overdue_at, version) values (${[
        q(reference),
        d.accessCode ? q(await accessHash(reference, d.accessCode)) : 'null',
        q(d.channel),
        q(d.priority),
        q(limitName),
        q(d.firstReceiver),
        q(d.firstReceiver),
        q(receiver.department),
        q(d.outcome),
        q(JSON.stringify(data)),
        q(handler),
        q(handlerDepartment),
        q(row.status),
        q(personal),
        at,
        due.dueAt,
        due.provisional ? 1 : 0,
        q(row.closedAt),
        q(overdue ? now : null),
        row.version,
      ].join(', ')});`,
    );
    out.push(event(reference, at, d.firstReceiver, 'registered', { outcome: d.outcome, limit: limitName }));
    if (d.department) out.push(event(reference, at, d.firstReceiver, 'handed-over', { department: d.department, post: handoverPost, assignee: handler, via: 'a' }));
    if (closedAt === at) out.push(event(reference, at, handler, 'closed', { reply: d.outcome === 'on-the-spot' ? '当场答复' : '已告知承办机关' }));
    for (const e of later) out.push(event(reference, e.at, e.actor, e.event.type, e.event.data));
    if (overdue) out.push(event(reference, now, 'system', 'overdue', { dueAt: due.dueAt }));
  }
  // Whereabouts (去向): one of each public word; the approval section's intake post has both holders away.
  const intake = catalogue.posts.find((p) => p.id === 'approval-intake');
  const absences: [string, string, string, string][] = [
    ['he-fang', today, today, 'out-on-business'],
    ['ye-qing', addCalendarDays(today, -1), addCalendarDays(today, 1), 'sick-leave'],
    ['qin-hao', today, today, 'meeting'],
    ['luo-xiaoyun', addCalendarDays(today, -2), addCalendarDays(today, 2), 'training'],
    ['du-wei', addCalendarDays(today, 7), addCalendarDays(today, 9), 'business-trip'],
    ...(intake ? ([[intake.holderA, today, addCalendarDays(today, 1), 'leave'], [intake.holderB, today, today, 'business-trip']] as [string, string, string, string][]) : []),
  ];
  for (const [staff, from, to, kind] of absences) {
    if (!catalogue.staff.some((s) => s.id === staff)) continue;
    out.push(`insert into absences (staff_id, from_date, to_date, kind, recorded_by, recorded_at) values (${q(staff)}, ${q(from)}, ${q(to)}, ${q(kind)}, ${q(staff)}, ${now - 3_600_000});`);
  }
  out.push(...standInSql(catalogue, today, now));
  return out;
}

/**
 * 同岗替代 in the demo: the A holder of the information-disclosure post is on leave today with a
 * stand-in other than B whom the head approved and who acknowledged; routing and the board name
 * the stand-in (the phone appointment YY-…-DEM109 in seed/appointments.ts was routed to them).
 */
export const demoStandIn = { post: 'info-disclosure', standIn: 'xu-hui' };

function standInSql(catalogue: Catalogue, today: string, now: number): string[] {
  const post = catalogue.posts.find((p) => p.id === demoStandIn.post);
  const head = catalogue.departments.find((d) => d.id === post?.department)?.head;
  if (!post || !head || !catalogue.staff.some((s) => s.id === demoStandIn.standIn)) return [];
  const from = addCalendarDays(today, -1);
  const to = addCalendarDays(today, 3);
  const id = `(select id from handovers where post = ${q(post.id)} and from_date = ${q(from)})`;
  const ev = (at: number, actor: string, type: HandoverEvent, data: object) =>
    `insert into post_events (post, handover_id, at, actor, type, data) values (${q(post.id)}, ${id}, ${at}, ${q(actor)}, ${q(type)}, ${q(eventData(handoverEvents, type, data, `handover of ${post.id}`))});`;
  const h = 3_600_000;
  // Planned as services/handovers.ts planHandover does (a stand-in other than B awaits the head's
  // approval), then approved and acknowledged through the registry (schema/handover.ts handoverActions).
  const row = { status: (demoStandIn.standIn === post.holderB ? 'awaiting-ack' : 'awaiting-approval') as HandoverStatus, version: 1 };
  const steps: PlayedStep<HandoverAction, HandoverActor>[] = [
    { action: 'approve', role: 'head', actor: head, at: now - 70 * h, input: { familiar: 'yes' } },
    { action: 'acknowledge', role: 'stand-in', actor: demoStandIn.standIn, at: now - 48 * h, input: { note: '已接手，熟悉信息公开业务。' } },
  ];
  const events = [
    ev(now - 72 * h, post.holderA, 'planned', { standIn: demoStandIn.standIn, fromDate: from, toDate: to, note: '在办：政府信息公开申请两件（答复期限见案卷），预约一件待联系。' }),
    ...playActions(handoverActions, `demo handover of ${post.id}`, row, (r) => r.status, steps, (t) => ({ now: t })).map((e) => ev(e.at, e.actor, e.event.type, e.event.data)),
  ];
  return [
    `insert into handovers (post, holder, stand_in, from_date, to_date, kind, status, version) values (${q(post.id)}, ${q(post.holderA)}, ${q(demoStandIn.standIn)}, ${q(from)}, ${q(to)}, 'leave', ${q(row.status)}, ${row.version});`,
    ...events,
    `insert into absences (staff_id, from_date, to_date, kind, recorded_by, recorded_at) values (${q(post.holderA)}, ${q(from)}, ${q(to)}, 'leave', ${q(post.holderA)}, ${now - 72 * h});`,
  ];
}
