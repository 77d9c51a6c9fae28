/**
 * The transactional outbox (issue 15): which event produces which messages, for whom.
 *
 * Every function here RETURNS D1 statements; the caller adds them to the very batch that writes the
 * state change (one D1 batch is one transaction). So a change is never committed without its
 * messages, and a change that fails or is rolled back leaves none. Recipients are decided in SQL
 * inside that batch (the citizen's opt-in and anonymity, the staff members' choices), so nothing is
 * read before the write and nothing can go stale between the two.
 *
 * No address or phone number is written: the consumer looks it up when it sends.
 */
import { sql, type SQL } from 'drizzle-orm';
import { now as clockNow } from '../../schema/clock.ts';
import {
  applicationCardEvents,
  applicationCards,
  applicationEvents,
  applications,
  appointments,
  caseParties,
  complaints,
  notifications,
  notificationSubscriptions,
  staffAccounts,
  staffNotificationPrefs,
} from '../../schema/db/index.ts';
import { dbOf, statementOf } from '../lib/db.ts';
import { catalogue, departmentName } from '../lib/catalogue.ts';
import { EFFICIENCY_OFFICE } from '../services/cases.ts';
import type { Params, TemplateKey } from './templates.ts';
import { cardRules, type ApplicationEventType } from '../../schema/application.ts';

export type Channel = 'email' | 'sms';

/** What happened, as the services tell it. */
export type NotifyEvent =
  /** A complaint was filed (web or registered by the office); `notify` = the channels the person chose. */
  | { type: 'complaint.filed'; reference: string; anonymous: boolean; notify: Partial<Record<Channel, boolean>> }
  /** A case action was written with these events (worker/services/cases.ts). */
  | { type: 'case.events'; reference: string; events: { type: string; public: boolean; data: Record<string, unknown> }[] }
  /** Keyed by the conclusion it follows: parallel requests of which one wins write one message. */
  | { type: 'complaint.review-requested'; reference: string; concludedAt?: number }
  /** The daily sweep found the case due soon (once per due date: the key repeats). */
  | { type: 'case.due-soon'; reference: string; dueBy: string }
  /** The daily sweep found the case newly overdue. */
  | { type: 'case.overdue'; reference: string; dueBy: string }
  /** The daily sweep: concluded at `concludedAt`, unrated for 3 days (好差评 智能邀评). */
  | { type: 'complaint.rating-invite'; reference: string; concludedAt: number }
  | { type: 'appointment.booked'; reference: string; assignee: string; contactBy: string; notify: Partial<Record<Channel, boolean>> }
  /** The office moved an appointment on (contacted, scheduled, cancelled …). */
  | { type: 'appointment.progress'; reference: string; to: string; data: Record<string, unknown>; id: number; version: number }
  /** An accountability alert was raised (worker/services/alerts.ts); `key` names it (rule:subject:period). */
  | { type: 'alert.raised'; key: string; title: string }
  /** The daily sweep: an appointment tomorrow. */
  | { type: 'appointment.reminder'; reference: string; date: string; time: string; place: string }
  /**
   * An application (办件) was received with the channels the applicant chose. The subscriptions go
   * in only if the application row with this access hash went in (the same batch).
   */
  | { type: 'application.received'; number: string; accessHash: string; notify: Partial<Record<Channel, boolean>> }
  /**
   * An application event landed that the applicant is told of (受理, 不予受理, 补正, 延期, 办结).
   * `landed` names the event (source + the sender's id) and the version the write moved the
   * application to: the message goes in only if that very write did.
   */
  | { type: 'application.status'; number: string; event: ApplicationEventType; status: string; date?: string; landed: { source: string; eventId: string; version: number } }
  /** The daily sweep: concluded on `concludedOn`, unrated for 3 days (好差评 智能邀评, once per application). */
  | { type: 'application.rating-invite'; number: string; concludedOn: string }
  /**
   * The card sweep raised a card: to the person it names (the post holder that day, B, or the head),
   * only if this very sweep wrote it (`raisedAt`).
   */
  | { type: 'card.raised'; number: string; applicationId: number; key: string; colour: 'yellow' | 'red'; rule: string; raisedAt: number }
  /** 督办 on a card: the unit that must answer (its handlers and head), with the 回告 deadline. */
  | { type: 'card.supervised'; number: string; cardId: number; department: string; answerBy: string }
  /** The daily sweep: the 回告 is overdue: the unit and the efficiency office (supervisors), once per deadline. */
  | { type: 'card.answer-overdue'; number: string; cardId: number; department: string; answerBy: string };

/**
 * A citizen's application is known to the outbox as `BJ:<办件编号>`: application numbers come from
 * business systems and could look like a complaint (XN-) or appointment (YY-) reference; the colon
 * (never in an application number) keeps them apart in subscriptions and messages.
 */
export const applicationRef = (number: string) => `BJ:${number}`;

export function baseUrl(env: Env): string {
  return (env.PUBLIC_BASE_URL || 'http://127.0.0.1:8787').replace(/\/+$/, '');
}

/** The columns every recipient-deciding `insert … select` fills, in its select's order. */
const n = notifications;
const COLUMNS = sql`(${sql.join(
  [n.key, n.event, n.audience, n.recipient, n.subject, n.channel, n.template, n.params, n.urgent, n.state, n.createdAt].map((c) => sql.identifier(c.name)),
  sql`, `,
)})`;

/**
 * Messages to the citizen behind `reference`, one per channel they opted into and have not
 * unsubscribed from; none for an anonymous complaint (checked again here, whatever the caller did).
 * One `insert … select` (the recipients are decided inside the caller's batch).
 */
function toCitizen(env: Env, event: string, reference: string, template: TemplateKey, params: Params, key: string, now: number, guard?: SQL): D1PreparedStatement {
  const s = notificationSubscriptions;
  return statementOf(
    env,
    sql`insert or ignore into ${n} ${COLUMNS}
     select ${key} || ':' || ${s.channel}, ${event}, 'citizen', ${s.reference}, ${s.reference}, ${s.channel}, ${template}, ${JSON.stringify(params)}, 0, 'pending', ${now}
       from ${s}
      where ${s.reference} = ${reference} and ${s.unsubscribedAt} is null
        and not exists (select 1 from ${complaints} where ${complaints.reference} = ${s.reference} and ${complaints.anonymous} = 1)
        ${guard ? sql`and ${guard}` : sql``}`,
  );
}

type StaffWho =
  | { role: 'intake' | 'supervisor' }
  /** Handlers of the department now handling the case (the efficiency office if not transferred). */
  | { handlersOf: string }
  | { staffId: string }
  /** Any condition on the account (staff_accounts); used by the application card messages. */
  | { where: SQL };

const a = staffAccounts;

function whoSql(who: StaffWho, subject: string): SQL {
  if ('where' in who) return sql`(${who.where})`;
  if ('role' in who) return sql`${a.role} = ${who.role}`;
  // An appointment's assignee, only if the appointment was written (a full reception slot writes none).
  if ('staffId' in who) return sql`${a.staffId} = ${who.staffId} and exists (select 1 from ${appointments} where ${appointments.reference} = ${subject})`;
  return sql`${a.role} = 'handler' and ${a.department} = (select coalesce(${complaints.handlingDepartment}, ${EFFICIENCY_OFFICE}) from ${complaints} where ${complaints.reference} = ${who.handlersOf})`;
}

/**
 * Protection first (issue 10): a staff member concerned by a complaint, or recused from it, is never
 * told of it, not even its reference, whatever their role or department (the keys of personKeys).
 */
const notAParty = (subject: string) =>
  sql`not exists (select 1 from ${caseParties} join ${complaints} on ${complaints.id} = ${caseParties.complaintId}
   where ${complaints.reference} = ${subject} and ${caseParties.clearedAt} is null and ${caseParties.person} in (${a.staffId}, 'account:' || ${a.username}))`;

/** E-mail to the staff who chose one (immediately, or held for their daily digest). */
function toStaff(env: Env, event: string, subject: string, who: StaffWho, template: TemplateKey, params: Params, key: string, now: number): D1PreparedStatement[] {
  const p = staffNotificationPrefs;
  return [
    statementOf(
      env,
      sql`insert or ignore into ${n} ${COLUMNS}
       select ${key} || ':' || ${a.id} || ':email', ${event}, 'staff', 'account:' || ${a.id}, ${subject}, 'email', ${template}, ${JSON.stringify(params)}, 0,
              case ${p.mode} when 'digest' then 'digest' else 'pending' end, ${now}
         from ${a} join ${p} on ${p.accountId} = ${a.id}
        where ${a.active} = 1 and ${p.email} is not null and ${whoSql(who, subject)} and ${notAParty(subject)}`,
    ),
  ];
}

/** SMS to staff for urgent matters (overdue, red card): only when the office turned it on. */
function urgentSmsToStaff(env: Env, event: string, subject: string, who: StaffWho, template: TemplateKey, params: Params, key: string, now: number): D1PreparedStatement[] {
  if (String(env.NOTIFY_STAFF_SMS) !== 'true') return [];
  const p = staffNotificationPrefs;
  return [
    statementOf(
      env,
      sql`insert or ignore into ${n} ${COLUMNS}
       select ${key} || ':' || ${a.id} || ':sms', ${event}, 'staff', 'account:' || ${a.id}, ${subject}, 'sms', ${template}, ${JSON.stringify(params)}, 1, 'pending', ${now}
         from ${a} join ${p} on ${p.accountId} = ${a.id}
        where ${a.active} = 1 and ${p.phone} is not null and ${p.smsUrgent} = 1 and ${whoSql(who, subject)} and ${notAParty(subject)}`,
    ),
  ];
}

/**
 * A citizen's channel subscription for `reference`, only if `exists` holds (the record it belongs to
 * went in with the same batch); one conditional statement.
 */
function subscribeIf(env: Env, reference: string, channel: Channel, now: number, exists: SQL): D1PreparedStatement {
  const s = notificationSubscriptions;
  return statementOf(
    env,
    sql`insert or ignore into ${s} (${sql.identifier(s.reference.name)}, ${sql.identifier(s.channel.name)}, ${sql.identifier(s.createdAt.name)})
        select ${reference}, ${channel}, ${now} where exists (${exists})`,
  );
}

/** Which citizen template a public case event produces, and with what. */
const caseEventTemplates: Record<string, (data: Record<string, unknown>) => { template: TemplateKey; params: Partial<Params> }> = {
  accepted: (d) => ({ template: 'complaint-accepted', params: { status: '已受理', date: String(d.dueBy ?? '') } }),
  declined: () => ({ template: 'complaint-declined', params: { status: '不予受理' } }),
  transferred: (d) => ({ template: 'complaint-transferred', params: { status: '已转办', department: String(d.departmentName ?? departmentName(String(d.department ?? ''))) } }),
  extended: (d) => ({ template: 'complaint-extended', params: { status: '已延期', date: String(d.newDueBy ?? '') } }),
  concluded: () => ({ template: 'complaint-concluded', params: { status: '已办结' } }),
  'review-concluded': () => ({ template: 'complaint-review-answered', params: { status: '复核已答复' } }),
};

/** The D1 statements that record the messages `event` causes; add them to the same batch. */
export function outboxStatements(env: Env, event: NotifyEvent, now = clockNow()): D1PreparedStatement[] {
  const base = baseUrl(env);
  const track = `${base}/track/`;
  switch (event.type) {
    case 'complaint.filed': {
      const subs = event.anonymous
        ? []
        : (['email', 'sms'] as const)
            .filter((ch) => event.notify[ch])
            .map((ch) => statementOf(env, dbOf(env).insert(notificationSubscriptions).values({ reference: event.reference, channel: ch, createdAt: now }).onConflictDoNothing()));
      const staff = toStaff(env, 'complaint.filed', event.reference, { role: 'intake' }, 'staff-new-complaint', { reference: event.reference, link: `${base}/office/cases/` }, `filed:${event.reference}`, now);
      return [...subs, ...staff];
    }
    case 'case.events': {
      const out: D1PreparedStatement[] = [];
      for (const e of event.events) {
        const make = e.public ? caseEventTemplates[e.type] : undefined;
        if (make) {
          const { template, params } = make(e.data);
          out.push(toCitizen(env, `complaint.${e.type}`, event.reference, template, { reference: event.reference, link: track, ...params }, `${template}:${event.reference}:${now}`, now));
        }
        if (e.type === 'transferred') {
          const params = { reference: event.reference, link: `${base}/office/cases/` };
          // The statement runs after the complaint's update in the batch, so it sees the new department.
          out.push(...toStaff(env, 'complaint.transferred', event.reference, { handlersOf: event.reference }, 'staff-transferred', params, `transferred:${event.reference}:${now}`, now));
        }
      }
      return out;
    }
    case 'complaint.review-requested':
      return toStaff(env, event.type, event.reference, { role: 'supervisor' }, 'staff-review-requested', { reference: event.reference, link: `${base}/office/cases/?pending=review` }, `review:${event.reference}:${event.concludedAt ?? now}`, now);
    case 'case.overdue': {
      const params = { reference: event.reference, date: event.dueBy, link: `${base}/office/cases/?deadline=overdue` };
      const key = `overdue:${event.reference}:${event.dueBy}`;
      const who = { handlersOf: event.reference };
      return [...toStaff(env, event.type, event.reference, who, 'staff-overdue', params, key, now), ...urgentSmsToStaff(env, event.type, event.reference, who, 'staff-overdue', params, key, now)];
    }
    case 'case.due-soon': {
      const params = { reference: event.reference, date: event.dueBy, link: `${base}/office/cases/?deadline=due-soon` };
      return toStaff(env, event.type, event.reference, { handlersOf: event.reference }, 'staff-due-soon', params, `due-soon:${event.reference}:${event.dueBy}`, now);
    }
    case 'complaint.rating-invite':
      return [toCitizen(env, event.type, event.reference, 'complaint-rating-invite', { reference: event.reference, link: track }, `invite:${event.reference}:${event.concludedAt}`, now)];
    case 'appointment.booked': {
      const subs = (['email', 'sms'] as const)
        .filter((ch) => event.notify[ch])
        .map((ch) => subscribeIf(env, event.reference, ch, now, sql`select 1 from ${appointments} where ${appointments.reference} = ${event.reference}`));
      const staff = toStaff(
        env,
        event.type,
        event.reference,
        { staffId: event.assignee },
        'staff-appointment-assigned',
        { reference: event.reference, date: event.contactBy, link: `${base}/office/appointments/` },
        `booked:${event.reference}`,
        now,
      );
      return [...subs, ...staff];
    }
    case 'appointment.progress': {
      const link = `${base}/appointments/track/`;
      const d = event.data;
      const template: TemplateKey | undefined =
        event.to === 'contacted' ? 'appointment-contacted' : event.to === 'scheduled' ? 'appointment-scheduled' : event.to === 'cancelled' ? 'appointment-cancelled' : undefined;
      if (!template) return [];
      const params: Params = { reference: event.reference, link, date: str(d.date), time: str(d.time), place: str(d.place) };
      // Only if the progress update held (it is conditional on the version read).
      // The version alone is not enough (a stale update sees the version a concurrent one wrote): the
      // row must carry this very update, i.e. its new status and this instant.
      const ap = appointments;
      const guard = sql`exists (select 1 from ${ap} where ${ap.id} = ${event.id} and ${ap.version} = ${event.version + 1} and ${ap.status} = ${event.to} and ${ap.updatedAt} = ${now})`;
      return [toCitizen(env, `appointment.${event.to}`, event.reference, template, params, `${template}:${event.reference}:${now}`, now, guard)];
    }
    case 'alert.raised':
      // One message per alert and supervisor: the key repeats when the same alert is counted again.
      return toStaff(env, event.type, '', { role: 'supervisor' }, 'staff-alert', { reference: '', status: event.title, link: `${base}/office/alerts/` }, `alert:${event.key}`, now);
    case 'appointment.reminder':
      return [
        toCitizen(
          env,
          event.type,
          event.reference,
          'appointment-reminder',
          { reference: event.reference, date: event.date, time: event.time, place: event.place, link: `${base}/appointments/track/` },
          `reminder:${event.reference}:${event.date}`,
          now,
        ),
      ];
    case 'application.received': {
      const ref = applicationRef(event.number);
      return (['email', 'sms'] as const)
        .filter((ch) => event.notify[ch])
        .map((ch) =>
          subscribeIf(env, ref, ch, now, sql`select 1 from ${applications} where ${applications.number} = ${event.number} and ${applications.accessHash} = ${event.accessHash}`),
        );
    }
    case 'application.status': {
      const template = applicationTemplates[event.event];
      if (!template) return [];
      const ref = applicationRef(event.number);
      const params: Params = { reference: event.number, status: event.status, link: `${base}/applications/track/`, ...(event.date ? { date: event.date } : {}) };
      // Only if this very event went in and moved the application (one transaction with it).
      const ae = applicationEvents;
      const ap = applications;
      const guard = sql`exists (select 1 from ${ae} join ${ap} on ${ap.id} = ${ae.applicationId}
                where ${ap.number} = ${event.number} and ${ap.version} = ${event.landed.version} and ${ae.source} = ${event.landed.source} and ${ae.eventId} = ${event.landed.eventId})`;
      return [toCitizen(env, `application.${event.event}`, ref, template, params, `${template}:${ref}:${event.landed.source}:${event.landed.eventId}`, now, guard)];
    }
    case 'application.rating-invite': {
      const ref = applicationRef(event.number);
      return [toCitizen(env, event.type, ref, 'application-rating-invite', { reference: event.number, link: `${base}/applications/track/` }, `app-invite:${ref}:${event.concludedOn}`, now)];
    }
    case 'card.raised': {
      const ref = applicationRef(event.number);
      const params: Params = { reference: event.number, status: `${event.colour === 'red' ? '红牌' : '黄牌'}：${cardRules[event.rule as keyof typeof cardRules]?.label ?? event.rule}`, link: `${base}/office/applications/${event.number}` };
      // The person the card names, only if this sweep wrote the card (a card raised before keeps its key).
      const c = applicationCards;
      const who = {
        where: sql`${a.staffId} = (select ${c.holder} from ${c} where ${c.applicationId} = ${event.applicationId} and ${c.key} = ${event.key} and ${c.raisedAt} = ${event.raisedAt})`,
      };
      const template = event.colour === 'red' ? 'staff-card-red' : 'staff-card-yellow';
      const key = `card:${event.applicationId}:${event.key}`;
      return [
        ...toStaff(env, event.type, ref, who, template, params, key, now),
        ...(event.colour === 'red' ? urgentSmsToStaff(env, event.type, ref, who, template, params, key, now) : []),
      ];
    }
    case 'card.supervised': {
      const ref = applicationRef(event.number);
      const params: Params = { reference: event.number, date: event.answerBy, link: `${base}/office/applications/${event.number}` };
      // The unit's handlers and its head; only if the 督办 landed (its event at this instant).
      const ce = applicationCardEvents;
      const who = {
        where: sql`(${unitOf(event.department)}) and exists (select 1 from ${ce} where ${ce.cardId} = ${event.cardId} and ${ce.type} = 'supervised' and ${ce.at} = ${now})`,
      };
      return toStaff(env, event.type, ref, who, 'staff-card-supervised', params, `card-supervised:${event.cardId}`, now);
    }
    case 'card.answer-overdue': {
      const ref = applicationRef(event.number);
      const params: Params = { reference: event.number, date: event.answerBy, link: `${base}/office/applications/${event.number}` };
      const who = { where: sql`(${unitOf(event.department)}) or ${a.role} = 'supervisor'` };
      return toStaff(env, event.type, ref, who, 'staff-card-answer-overdue', params, `card-answer-overdue:${event.cardId}:${event.answerBy}`, now);
    }
  }
}

/** A unit (department): its handlers and its head. */
const unitOf = (department: string) => sql`(${a.role} = 'handler' and ${a.department} = ${department}) or ${a.staffId} = ${headOf(department)}`;
const headOf = (department: string) => catalogue.departments.find((d) => d.id === department)?.head ?? '';

/** Which application events the applicant is told of, and with which template. */
const applicationTemplates: Partial<Record<ApplicationEventType, TemplateKey>> = {
  accepted: 'application-accepted',
  'not-accepted': 'application-not-accepted',
  'correction-requested': 'application-correction',
  extended: 'application-extended',
  concluded: 'application-concluded',
};

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}
