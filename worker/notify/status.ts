/** Reading the outbox for people: delivery state on the case page, staff preferences. */
import { and, count, desc, eq, exists, inArray, isNull, not, sql } from 'drizzle-orm';
import { caseParties, complaints, notifications, staffNotificationPrefs } from '../../schema/db/index.ts';
import { open, seal } from '../lib/crypto.ts';
import { dbOf } from '../lib/db.ts';
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

const n = notifications;

/** The columns a Delivery is made of; `what` is rendered from the template and its parameters. */
const deliveryColumns = { at: n.createdAt, audience: n.audience, channel: n.channel, template: n.template, params: n.params, state: n.state, attempts: n.attempts, sentAt: n.sentAt };

function deliveryOf<R extends { template: string; params: string }>({ template, params, ...rest }: R): Omit<R, 'template' | 'params'> & { what: string } {
  return { ...rest, what: templateOf(template)?.subject(JSON.parse(params) as Params) ?? template };
}

/** Every message about this reference, newest first; never the address. */
export async function deliveriesOf(env: Env, reference: string): Promise<Delivery[]> {
  const rows = await dbOf(env).select(deliveryColumns).from(n).where(eq(n.subject, reference)).orderBy(desc(n.createdAt), desc(n.id)).limit(100);
  return rows.map(deliveryOf);
}

export interface StaffPrefs {
  email: string;
  phone: string;
  mode: 'immediate' | 'digest';
  smsUrgent: boolean;
}

export async function staffPrefs(env: Env, accountId: number): Promise<StaffPrefs> {
  const p = staffNotificationPrefs;
  const [row] = await dbOf(env).select({ email: p.email, phone: p.phone, mode: p.mode, smsUrgent: p.smsUrgent }).from(p).where(eq(p.accountId, accountId));
  const unseal = async (v: string | null) => (v ? await open<string>(env.PII_KEY, v).catch(() => '') : '');
  return { email: await unseal(row?.email ?? null), phone: await unseal(row?.phone ?? null), mode: row?.mode ?? 'immediate', smsUrgent: row?.smsUrgent === true };
}

export async function saveStaffPrefs(env: Env, accountId: number, p: StaffPrefs, now: number): Promise<void> {
  const set = { email: p.email ? await seal(env.PII_KEY, p.email) : null, phone: p.phone ? await seal(env.PII_KEY, p.phone) : null, mode: p.mode, smsUrgent: p.smsUrgent, updatedAt: now };
  await dbOf(env)
    .insert(staffNotificationPrefs)
    .values({ accountId, ...set })
    .onConflictDoUpdate({ target: staffNotificationPrefs.accountId, set });
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
  const db = dbOf(env);
  const shown = not(
    exists(
      db
        .select({ one: sql`1` })
        .from(caseParties)
        .innerJoin(complaints, eq(complaints.id, caseParties.complaintId))
        .where(and(eq(complaints.reference, n.subject), isNull(caseParties.clearedAt), inArray(caseParties.person, keys))),
    ),
  );
  const [counts, rows] = await db.batch([
    db.select({ state: n.state, channel: n.channel, n: count() }).from(n).where(shown).groupBy(n.state, n.channel).orderBy(n.state, n.channel),
    db
      .select({ ...deliveryColumns, subject: n.subject, event: n.event, error: n.error })
      .from(n)
      .where(shown)
      .orderBy(desc(n.id))
      .limit(limit),
  ]);
  return { counts, rows: rows.map(deliveryOf) };
}
