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
import { now as clockNow } from '../../schema/clock.ts';
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

const COLUMNS = '(key, event, audience, recipient, subject, channel, template, params, urgent, state, created_at)';

/**
 * Messages to the citizen behind `reference`, one per channel they opted into and have not
 * unsubscribed from; none for an anonymous complaint (checked again here, whatever the caller did).
 */
function toCitizen(env: Env, event: string, reference: string, template: TemplateKey, params: Params, key: string, now: number, guard?: Guard): D1PreparedStatement {
  return env.DB.prepare(
    `insert or ignore into notifications ${COLUMNS}
     select ?1 || ':' || s.channel, ?2, 'citizen', s.reference, s.reference, s.channel, ?3, ?4, 0, 'pending', ?5
       from notification_subscriptions s
      where s.reference = ?6 and s.unsubscribed_at is null
        and not exists (select 1 from complaints c where c.reference = s.reference and c.anonymous = 1)
        ${guard ? `and ${guard.sql}` : ''}`,
  ).bind(key, event, template, JSON.stringify(params), now, reference, ...(guard?.bind ?? []));
}

/** A condition the write must have met (an optimistic-concurrency update that may change no row); placeholders ?7 on. */
interface Guard {
  sql: string;
  bind: unknown[];
}

type StaffWho =
  | { role: 'intake' | 'supervisor' }
  /** Handlers of the department now handling the case (the efficiency office if not transferred). */
  | { handlersOf: string }
  | { staffId: string }
  /** Any condition on the account `a` (placeholders ?7 on); used by the application card messages. */
  | { where: string; bind: unknown[] };

function whoSql(who: StaffWho): { sql: string; bind: unknown[] } {
  if ('where' in who) return { sql: `(${who.where})`, bind: who.bind };
  if ('role' in who) return { sql: 'a.role = ?7', bind: [who.role] };
  // An appointment's assignee, only if the appointment was written (a full reception slot writes none).
  if ('staffId' in who) return { sql: 'a.staff_id = ?7 and exists (select 1 from appointments ap where ap.reference = ?3)', bind: [who.staffId] };
  return {
    sql: `a.role = 'handler' and a.department = (select coalesce(c.handling_department, ?8) from complaints c where c.reference = ?7)`,
    bind: [who.handlersOf, EFFICIENCY_OFFICE],
  };
}

/**
 * Protection first (issue 10): a staff member concerned by a complaint, or recused from it, is never
 * told of it, not even its reference, whatever their role or department (the keys of personKeys).
 */
const NOT_A_PARTY = `not exists (select 1 from case_parties hp join complaints hc on hc.id = hp.complaint_id
   where hc.reference = ?3 and hp.cleared_at is null and hp.person in (a.staff_id, 'account:' || a.username))`;

/** E-mail to the staff who chose one (immediately, or held for their daily digest). */
function toStaff(env: Env, event: string, subject: string, who: StaffWho, template: TemplateKey, params: Params, key: string, now: number): D1PreparedStatement[] {
  const w = whoSql(who);
  const statements = [
    env.DB.prepare(
      `insert or ignore into notifications ${COLUMNS}
       select ?1 || ':' || a.id || ':email', ?2, 'staff', 'account:' || a.id, ?3, 'email', ?4, ?5, 0,
              case p.mode when 'digest' then 'digest' else 'pending' end, ?6
         from staff_accounts a join staff_notification_prefs p on p.account_id = a.id
        where a.active = 1 and p.email is not null and ${w.sql} and ${NOT_A_PARTY}`,
    ).bind(key, event, subject, template, JSON.stringify(params), now, ...w.bind),
  ];
  return statements;
}

/** SMS to staff for urgent matters (overdue, red card): only when the office turned it on. */
function urgentSmsToStaff(env: Env, event: string, subject: string, who: StaffWho, template: TemplateKey, params: Params, key: string, now: number): D1PreparedStatement[] {
  if (String(env.NOTIFY_STAFF_SMS) !== 'true') return [];
  const w = whoSql(who);
  return [
    env.DB.prepare(
      `insert or ignore into notifications ${COLUMNS}
       select ?1 || ':' || a.id || ':sms', ?2, 'staff', 'account:' || a.id, ?3, 'sms', ?4, ?5, 1, 'pending', ?6
         from staff_accounts a join staff_notification_prefs p on p.account_id = a.id
        where a.active = 1 and p.phone is not null and p.sms_urgent = 1 and ${w.sql} and ${NOT_A_PARTY}`,
    ).bind(key, event, subject, template, JSON.stringify(params), now, ...w.bind),
  ];
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
            .map((ch) =>
              env.DB.prepare('insert or ignore into notification_subscriptions (reference, channel, created_at) values (?, ?, ?)').bind(event.reference, ch, now),
            );
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
        .map((ch) =>
          env.DB.prepare(
            'insert or ignore into notification_subscriptions (reference, channel, created_at) select ?1, ?2, ?3 where exists (select 1 from appointments where reference = ?1)',
          ).bind(event.reference, ch, now),
        );
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
      const guard = {
        sql: 'exists (select 1 from appointments ap where ap.id = ?7 and ap.version = ?8 and ap.status = ?9 and ap.updated_at = ?10)',
        bind: [event.id, event.version + 1, event.to, now],
      };
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
          env.DB.prepare(
            `insert or ignore into notification_subscriptions (reference, channel, created_at)
             select ?1, ?2, ?3 where exists (select 1 from applications where number = ?4 and access_hash = ?5)`,
          ).bind(ref, ch, now, event.number, event.accessHash),
        );
    }
    case 'application.status': {
      const template = applicationTemplates[event.event];
      if (!template) return [];
      const ref = applicationRef(event.number);
      const params: Params = { reference: event.number, status: event.status, link: `${base}/applications/track/`, ...(event.date ? { date: event.date } : {}) };
      // Only if this very event went in and moved the application (one transaction with it).
      const guard = {
        sql: `exists (select 1 from application_events ae join applications ap on ap.id = ae.application_id
                where ap.number = ?7 and ap.version = ?8 and ae.source = ?9 and ae.event_id = ?10)`,
        bind: [event.number, event.landed.version, event.landed.source, event.landed.eventId],
      };
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
      const who = {
        where: `a.staff_id = (select holder from application_cards where application_id = ?7 and key = ?8 and raised_at = ?9)`,
        bind: [event.applicationId, event.key, event.raisedAt],
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
      const who = {
        where: `(${unitSql}) and exists (select 1 from application_card_events ce where ce.card_id = ?9 and ce.type = 'supervised' and ce.at = ?10)`,
        bind: [event.department, headOf(event.department), event.cardId, now],
      };
      return toStaff(env, event.type, ref, who, 'staff-card-supervised', params, `card-supervised:${event.cardId}`, now);
    }
    case 'card.answer-overdue': {
      const ref = applicationRef(event.number);
      const params: Params = { reference: event.number, date: event.answerBy, link: `${base}/office/applications/${event.number}` };
      const who = { where: `(${unitSql}) or a.role = 'supervisor'`, bind: [event.department, headOf(event.department)] };
      return toStaff(env, event.type, ref, who, 'staff-card-answer-overdue', params, `card-answer-overdue:${event.cardId}:${event.answerBy}`, now);
    }
  }
}

/** A unit (department): its handlers and its head (?7 = department id, ?8 = the head's staff id). */
const unitSql = `(a.role = 'handler' and a.department = ?7) or a.staff_id = ?8`;
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
