/**
 * From the outbox to the providers, through Cloudflare Queues (wrangler.toml [[queues.*]]):
 * - relay(): hands `pending` rows to the queue (after each state-changing request, every minute,
 *   and from the daily sweep); a row handed twice is harmless, the consumer delivers once;
 * - deliver(): the queue consumer. It claims the row (a lease), resolves the address from the
 *   sealed record (the only place addresses are decrypted; never logged), applies quiet hours and
 *   rate limits (re-queued with a delay, not retried, so they do not use up retries), sends, and
 *   marks the row sent. A provider failure is retried with exponential backoff
 *   (`message.retry({ delaySeconds })`); after max_retries the queue moves the message to the
 *   dead-letter queue, whose consumer marks the row failed so the case page says so.
 * - Idempotent delivery: a row already `sent` is acknowledged without sending; two deliveries of
 *   the same row at once are kept apart by the lease, so a retried or duplicated queue message never
 *   reaches the provider twice once the first send was recorded.
 */
import { MOBILE } from '../../schema/common.ts';
import { now as clockNow } from '../../schema/clock.ts';
import { and, eq, gte, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { applications, appointments, complaints, notifications, notificationSubscriptions, staffAccounts, staffNotificationPrefs } from '../../schema/db/index.ts';
import { hmac, open } from '../lib/crypto.ts';
import { dbOf } from '../lib/db.ts';
import { log } from '../lib/log.ts';
import { sendMail } from './email.ts';
import { baseUrl } from './outbox.ts';
import { backoffSeconds, MAX_DELAY_SECONDS, quietUntil, rateLimitedUntil } from './policy.ts';
import { sendSms, smsConfig } from './sms.ts';
import { smsTemplateIds, templateOf, type Params } from './templates.ts';

export interface NotifyMessage {
  id: number;
}

/** An outbox row, as drizzle maps it (camelCase, `urgent` a boolean). */
export type Row = typeof notifications.$inferSelect;

const n = notifications;

/** Dependencies a test may replace; production uses the real fetch. */
export interface Deps {
  fetcher?: typeof fetch;
}

const LEASE_MS = 120_000;
const RELAY_BATCH = 100;

/** Hands pending rows to the queue, each with the delay its `not_before` asks for. */
export async function relay(env: Env, now = clockNow()): Promise<number> {
  const db = dbOf(env);
  const results = await db.select({ id: n.id, notBefore: n.notBefore }).from(n).where(eq(n.state, 'pending')).orderBy(n.id).limit(RELAY_BATCH);
  if (results.length === 0) return 0;
  await env.NOTIFY_QUEUE.sendBatch(results.map((r) => ({ body: { id: r.id } satisfies NotifyMessage, delaySeconds: delayOf(r.notBefore, now) })));
  // Only after the queue took them: if this update is lost, they are sent again and deduplicated.
  const ids = results.map((r) => r.id);
  await db
    .update(n)
    .set({ state: 'queued', queuedAt: now })
    .where(and(eq(n.state, 'pending'), inArray(n.id, ids)));
  return results.length;
}

function delayOf(notBefore: number | null, now: number): number {
  if (!notBefore || notBefore <= now) return 0;
  return Math.min(MAX_DELAY_SECONDS, Math.ceil((notBefore - now) / 1000));
}

/** A citizen's address for this channel, or undefined (none given, anonymous, unsubscribed, purged). */
async function citizenAddress(env: Env, reference: string, channel: 'email' | 'sms'): Promise<string | undefined> {
  const db = dbOf(env);
  const s = notificationSubscriptions;
  const [sub] = await db
    .select({ unsubscribedAt: s.unsubscribedAt })
    .from(s)
    .where(and(eq(s.reference, reference), eq(s.channel, channel)));
  if (!sub || sub.unsubscribedAt !== null) return undefined;
  const [row]: { personal: string; anonymous: boolean }[] = reference.startsWith('BJ:')
    ? // An application (办件): its sealed applicant (worker/notify/outbox.ts applicationRef).
      (await db.select({ personal: applications.applicant }).from(applications).where(eq(applications.number, reference.slice(3)))).map((r) => ({ ...r, anonymous: false }))
    : reference.startsWith('YY-')
      ? (await db.select({ personal: appointments.personal }).from(appointments).where(eq(appointments.reference, reference))).map((r) => ({ ...r, anonymous: false }))
      : await db.select({ personal: complaints.personal, anonymous: complaints.anonymous }).from(complaints).where(eq(complaints.reference, reference));
  if (!row || row.anonymous) return undefined;
  let personal: { email?: string; phone?: string };
  try {
    personal = await open<{ email?: string; phone?: string }>(env.PII_KEY, row.personal);
  } catch {
    return undefined; // purged by retention, or unreadable: nothing to send to
  }
  if (channel === 'email') return personal.email || undefined;
  return personal.phone && MOBILE.test(personal.phone) ? personal.phone : undefined;
}

async function staffAddress(env: Env, recipient: string, channel: 'email' | 'sms'): Promise<string | undefined> {
  const id = Number(recipient.replace(/^account:/, ''));
  const p = staffNotificationPrefs;
  const [prefs] = await dbOf(env)
    .select({ email: p.email, phone: p.phone })
    .from(p)
    .innerJoin(staffAccounts, eq(staffAccounts.id, p.accountId))
    .where(and(eq(p.accountId, id), eq(staffAccounts.active, true)));
  const sealed = channel === 'email' ? prefs?.email : prefs?.phone;
  if (!sealed) return undefined;
  try {
    return await open<string>(env.PII_KEY, sealed);
  } catch {
    return undefined;
  }
}

/** The signed one-click unsubscribe link of a citizen's channel. */
export async function unsubscribeLink(env: Env, reference: string, channel: 'email' | 'sms'): Promise<string> {
  const token = await hmac(env.PII_KEY, `unsubscribe:${reference}:${channel}`);
  return `${baseUrl(env)}/notify/unsubscribe?r=${encodeURIComponent(reference)}&c=${channel}&t=${token}`;
}

/** Ends a citizen's channel for this reference (the one-click link); idempotent. */
export async function unsubscribe(env: Env, reference: string, channel: 'email' | 'sms', now = clockNow()): Promise<void> {
  const s = notificationSubscriptions;
  await dbOf(env)
    .update(s)
    .set({ unsubscribedAt: now })
    .where(and(eq(s.reference, reference), eq(s.channel, channel), isNull(s.unsubscribedAt)));
}

export async function unsubscribeTokenOk(env: Env, reference: string, channel: string, token: string): Promise<boolean> {
  if (channel !== 'email' && channel !== 'sms') return false;
  return (await hmac(env.PII_KEY, `unsubscribe:${reference}:${channel}`)) === token;
}

type Outcome = 'sent' | 'skipped' | 'duplicate' | 'deferred' | 'retry' | 'failed' | 'busy';

/** One plain update of the row `id` (its lease released, its outcome recorded). */
async function settle(env: Env, id: number, set: Partial<typeof n.$inferInsert>): Promise<void> {
  await dbOf(env).update(n).set(set).where(eq(n.id, id));
}

async function release(env: Env, id: number, error: string | null): Promise<void> {
  await settle(env, id, { leaseUntil: null, error });
}

async function defer(env: Env, id: number, until: number, now: number, why: string): Promise<void> {
  await settle(env, id, { leaseUntil: null, notBefore: until, error: why });
  await env.NOTIFY_QUEUE.send({ id } satisfies NotifyMessage, { delaySeconds: delayOf(until, now) });
}

/** Delivers one outbox row; the queue message is acked unless the outcome is 'retry' or 'busy'. */
export async function deliverOne(env: Env, id: number, attempts: number, deps: Deps = {}, now = clockNow()): Promise<Outcome> {
  // Claim: only a queued row that nobody holds; `attempts` counts provider attempts.
  // One conditional update: of two deliveries at once, only one gets the row back.
  const db = dbOf(env);
  const [claimed]: Row[] = await db
    .update(n)
    .set({ leaseUntil: now + LEASE_MS, attempts: sql`${n.attempts} + 1` })
    .where(and(eq(n.id, id), eq(n.state, 'queued'), or(isNull(n.leaseUntil), lt(n.leaseUntil, now))))
    .returning();
  if (!claimed) {
    const [row] = await db.select({ state: n.state, leaseUntil: n.leaseUntil }).from(n).where(eq(n.id, id));
    if (row && row.state === 'queued' && row.leaseUntil && row.leaseUntil >= now) return 'busy';
    return 'duplicate'; // already sent, failed, skipped, or unknown: nothing to do
  }
  const row = claimed;
  const template = templateOf(row.template);
  if (!template || (row.channel === 'sms' && !template.sms)) {
    await settle(env, id, { state: 'failed', leaseUntil: null, error: 'NoTemplate' });
    return 'failed';
  }
  const address = row.audience === 'citizen' ? await citizenAddress(env, row.recipient, row.channel) : await staffAddress(env, row.recipient, row.channel);
  if (!address) {
    await settle(env, id, { state: 'skipped', leaseUntil: null, error: 'NoRecipient' });
    return 'skipped';
  }
  if (row.channel === 'sms' && row.audience === 'citizen' && !row.urgent) {
    const until = quietUntil(now);
    if (until !== undefined) {
      await defer(env, id, until, now, 'QuietHours');
      return 'deferred';
    }
  }
  const recipientHash = await hmac(env.PII_KEY, `recipient:${row.channel}:${address}`);
  const earlier = await db
    .select({ at: sql<number>`coalesce(${n.sentAt}, ${now})` })
    .from(n)
    .where(and(eq(n.recipientHash, recipientHash), eq(n.channel, row.channel), ne(n.id, id), or(eq(n.state, 'sent'), gte(n.leaseUntil, now))));
  await settle(env, id, { recipientHash });
  const limited = rateLimitedUntil(
    row.channel,
    earlier.map((e) => e.at),
    now,
  );
  if (limited !== undefined) {
    await defer(env, id, limited, now, 'RateLimited');
    return 'deferred';
  }
  const params = JSON.parse(row.params) as Params;
  let providerId: string;
  if (row.channel === 'email') {
    try {
      providerId = await sendMail(env, {
        to: address,
        subject: template.subject(params),
        text: template.text(params),
        ...(row.audience === 'citizen' ? { unsubscribe: await unsubscribeLink(env, row.recipient, 'email') } : {}),
      });
    } catch (error) {
      await release(env, id, `Email:${(error as Error).name}`);
      log('warn', 'notify.retry', { id, channel: 'email', attempts, error: (error as Error).name });
      return 'retry';
    }
  } else {
    const templateId = smsTemplateIds(env.SMS_TEMPLATE_IDS)[row.template];
    const result = await sendSms(
      smsConfig(env),
      { phone: address, templateId, params: template.sms!.params(params), sessionContext: `n${id}` },
      Math.floor(now / 1000),
      deps.fetcher,
    );
    if (!result.ok) {
      if (!result.retryable) {
        await settle(env, id, { state: 'failed', leaseUntil: null, error: result.code });
        log('warn', 'notify.refused', { id, channel: 'sms', code: result.code });
        return 'failed';
      }
      await release(env, id, result.code);
      log('warn', 'notify.retry', { id, channel: 'sms', attempts, code: result.code });
      return 'retry';
    }
    providerId = result.serialNo;
  }
  await settle(env, id, { state: 'sent', sentAt: now, providerId, leaseUntil: null, error: null });
  log('info', 'notify.sent', { id, event: row.event, channel: row.channel, audience: row.audience });
  return 'sent';
}

/** The queue consumer (worker/index.ts `queue`). */
export async function deliver(batch: MessageBatch<NotifyMessage>, env: Env, deps: Deps = {}): Promise<void> {
  if (batch.queue === DLQ_NAME || batch.queue.endsWith('-dlq')) return deadLetters(batch, env);
  for (const message of batch.messages) {
    const id = Number(message.body?.id);
    if (!Number.isInteger(id)) {
      message.ack();
      continue;
    }
    let outcome: Outcome;
    try {
      outcome = await deliverOne(env, id, message.attempts, deps);
    } catch (error) {
      log('error', 'notify.error', { id, error: (error as Error).name });
      outcome = 'retry';
    }
    if (outcome === 'retry') message.retry({ delaySeconds: backoffSeconds(message.attempts) });
    else if (outcome === 'busy') message.retry({ delaySeconds: LEASE_MS / 1000 });
    else message.ack();
  }
}

export const DLQ_NAME = 'efficiency-notify-dlq';

/** Messages the queue gave up on: recorded as failed (unless a late attempt did send). */
async function deadLetters(batch: MessageBatch<NotifyMessage>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    const id = Number(message.body?.id);
    if (Number.isInteger(id)) {
      await dbOf(env)
        .update(n)
        .set({ state: 'failed', leaseUntil: null, error: sql`coalesce(${n.error}, 'DeadLetter')` })
        .where(and(eq(n.id, id), eq(n.state, 'queued')));
      log('warn', 'notify.dead-letter', { id });
    }
    message.ack();
  }
}
