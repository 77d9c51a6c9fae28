/** Reading the outbox for people: delivery state on the case page, staff preferences. */
import { open, seal } from '../lib/crypto.ts';
import { templateOf, type Params } from './templates.ts';

export interface Delivery {
  at: number;
  audience: 'citizen' | 'staff';
  channel: 'email' | 'sms';
  /** What it said, in a line (the e-mail subject): reference and status only. */
  what: string;
  state: string;
  attempts: number;
  sentAt: number | null;
}

export const stateLabels: Record<string, string> = {
  pending: '排队中',
  queued: '排队中',
  digest: '待列入每日汇总',
  digested: '已列入每日汇总',
  sent: '已发送',
  failed: '发送失败（已多次重试）',
  skipped: '未发送（没有地址或已退订）',
};

/** Every message about this reference, newest first; never the address. */
export async function deliveriesOf(env: Env, reference: string): Promise<Delivery[]> {
  const { results } = await env.DB.prepare(
    'select created_at, audience, channel, template, params, state, attempts, sent_at from notifications where subject = ? order by created_at desc, id desc limit 100',
  )
    .bind(reference)
    .all<{ created_at: number; audience: 'citizen' | 'staff'; channel: 'email' | 'sms'; template: string; params: string; state: string; attempts: number; sent_at: number | null }>();
  return results.map((r) => ({
    at: r.created_at,
    audience: r.audience,
    channel: r.channel,
    what: templateOf(r.template)?.subject(JSON.parse(r.params) as Params) ?? r.template,
    state: r.state,
    attempts: r.attempts,
    sentAt: r.sent_at,
  }));
}

export interface StaffPrefs {
  email: string;
  phone: string;
  mode: 'immediate' | 'digest';
  smsUrgent: boolean;
}

export async function staffPrefs(env: Env, accountId: number): Promise<StaffPrefs> {
  const row = await env.DB.prepare('select email, phone, mode, sms_urgent from staff_notification_prefs where account_id = ?')
    .bind(accountId)
    .first<{ email: string | null; phone: string | null; mode: 'immediate' | 'digest'; sms_urgent: number }>();
  const unseal = async (v: string | null) => (v ? await open<string>(env.PII_KEY, v).catch(() => '') : '');
  return { email: await unseal(row?.email ?? null), phone: await unseal(row?.phone ?? null), mode: row?.mode ?? 'immediate', smsUrgent: row?.sms_urgent === 1 };
}

export async function saveStaffPrefs(env: Env, accountId: number, p: StaffPrefs, now: number): Promise<void> {
  await env.DB.prepare(
    `insert into staff_notification_prefs (account_id, email, phone, mode, sms_urgent, updated_at) values (?1, ?2, ?3, ?4, ?5, ?6)
     on conflict(account_id) do update set email = ?2, phone = ?3, mode = ?4, sms_urgent = ?5, updated_at = ?6`,
  )
    .bind(accountId, p.email ? await seal(env.PII_KEY, p.email) : null, p.phone ? await seal(env.PII_KEY, p.phone) : null, p.mode, p.smsUrgent ? 1 : 0, now)
    .run();
}

export interface OutboxRow extends Delivery {
  /** The reference the message is about (XN-, YY-, BJ:), never an address. */
  subject: string | null;
  event: string;
  error: string | null;
}

export interface OutboxOverview {
  counts: { state: string; channel: 'email' | 'sms'; n: number }[];
  rows: OutboxRow[];
}

/**
 * The outbox as supervisors and admins see it at /office/notify/ (every state: 排队中, 已发送,
 * 发送失败 after the dead-letter queue …). Protection first: a message about a complaint the
 * viewer is concerned by or recused from (case_parties under any of their keys) is left out, so
 * the list never shows them the case, not even its reference. No address is ever shown.
 */
export async function outboxOverview(env: Env, viewerKeys: string[], limit = 60): Promise<OutboxOverview> {
  const keys = viewerKeys.length ? viewerKeys : [''];
  const marks = keys.map(() => '?').join(', ');
  const hidden = `exists (select 1 from case_parties hp join complaints hc on hc.id = hp.complaint_id
     where hc.reference = n.subject and hp.cleared_at is null and hp.person in (${marks}))`;
  const [counts, rows] = await env.DB.batch([
    env.DB.prepare(`select n.state, n.channel, count(*) as n from notifications n where not ${hidden} group by n.state, n.channel order by n.state, n.channel`).bind(...keys),
    env.DB.prepare(
      `select n.created_at, n.audience, n.channel, n.template, n.params, n.state, n.attempts, n.sent_at, n.subject, n.event, n.error
         from notifications n where not ${hidden} order by n.id desc limit ?`,
    ).bind(...keys, limit),
  ]);
  return {
    counts: (counts.results as { state: string; channel: 'email' | 'sms'; n: number }[]) ?? [],
    rows: (
      rows.results as { created_at: number; audience: 'citizen' | 'staff'; channel: 'email' | 'sms'; template: string; params: string; state: string; attempts: number; sent_at: number | null; subject: string | null; event: string; error: string | null }[]
    ).map((r) => ({
      at: r.created_at,
      audience: r.audience,
      channel: r.channel,
      what: templateOf(r.template)?.subject(JSON.parse(r.params) as Params) ?? r.template,
      state: r.state,
      attempts: r.attempts,
      sentAt: r.sent_at,
      subject: r.subject,
      event: r.event,
      error: r.error,
    })),
  };
}
