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
import { now as clockNow } from '../../schema/clock.ts';
import { and, eq, isNull } from 'drizzle-orm';
import { notificationSubscriptions } from '../../schema/db/index.ts';
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

export interface Row {
  id: number;
  key: string;
  event: string;
  audience: 'citizen' | 'staff';
  recipient: string;
  subject: string | null;
  channel: 'email' | 'sms';
  template: string;
  params: string;
  urgent: number;
  state: string;
  attempts: number;
  not_before: number | null;
  lease_until: number | null;
}

/** Dependencies a test may replace; production uses the real fetch. */
export interface Deps {
  fetcher?: typeof fetch;
}

const LEASE_MS = 120_000;
const RELAY_BATCH = 100;

/** Hands pending rows to the queue, each with the delay its `not_before` asks for. */
export async function relay(env: Env, now = clockNow()): Promise<number> {
  const { results } = await env.DB.prepare("select id, not_before from notifications where state = 'pending' order by id limit ?")
    .bind(RELAY_BATCH)
    .all<{ id: number; not_before: number | null }>();
  if (results.length === 0) return 0;
  await env.NOTIFY_QUEUE.sendBatch(results.map((r) => ({ body: { id: r.id } satisfies NotifyMessage, delaySeconds: delayOf(r.not_before, now) })));
  // Only after the queue took them: if this update is lost, they are sent again and deduplicated.
  const ids = results.map((r) => r.id);
  await env.DB.prepare(`update notifications set state = 'queued', queued_at = ? where state = 'pending' and id in (${ids.map(() => '?').join(',')})`)
    .bind(now, ...ids)
    .run();
  return results.length;
}

function delayOf(notBefore: number | null, now: number): number {
  if (!notBefore || notBefore <= now) return 0;
  return Math.min(MAX_DELAY_SECONDS, Math.ceil((notBefore - now) / 1000));
}

/** A citizen's address for this channel, or undefined (none given, anonymous, unsubscribed, purged). */
async function citizenAddress(env: Env, reference: string, channel: 'email' | 'sms'): Promise<string | undefined> {
  const sub = await env.DB.prepare('select unsubscribed_at from notification_subscriptions where reference = ? and channel = ?')
    .bind(reference, channel)
    .first<{ unsubscribed_at: number | null }>();
  if (!sub || sub.unsubscribed_at !== null) return undefined;
  const row = reference.startsWith('BJ:')
    ? // An application (办件): its sealed applicant (worker/notify/outbox.ts applicationRef).
      await env.DB.prepare('select applicant as personal, 0 as anonymous from applications where number = ?').bind(reference.slice(3)).first<{ personal: string; anonymous: number }>()
    : reference.startsWith('YY-')
      ? await env.DB.prepare('select personal, 0 as anonymous from appointments where reference = ?').bind(reference).first<{ personal: string; anonymous: number }>()
      : await env.DB.prepare('select personal, anonymous from complaints where reference = ?').bind(reference).first<{ personal: string; anonymous: number }>();
  if (!row || row.anonymous === 1) return undefined;
  let personal: { email?: string; phone?: string };
  try {
    personal = await open<{ email?: string; phone?: string }>(env.PII_KEY, row.personal);
  } catch {
    return undefined; // purged by retention, or unreadable: nothing to send to
  }
  if (channel === 'email') return personal.email || undefined;
  return personal.phone && /^1[3-9]\d{9}$/.test(personal.phone) ? personal.phone : undefined;
}

async function staffAddress(env: Env, recipient: string, channel: 'email' | 'sms'): Promise<string | undefined> {
  const id = Number(recipient.replace(/^account:/, ''));
  const prefs = await env.DB.prepare('select p.email, p.phone from staff_notification_prefs p join staff_accounts a on a.id = p.account_id where p.account_id = ? and a.active = 1')
    .bind(id)
    .first<{ email: string | null; phone: string | null }>();
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

async function release(env: Env, id: number, error: string | null): Promise<void> {
  await env.DB.prepare('update notifications set lease_until = null, error = ? where id = ?').bind(error, id).run();
}

async function defer(env: Env, id: number, until: number, now: number, why: string): Promise<void> {
  await env.DB.prepare('update notifications set lease_until = null, not_before = ?, error = ? where id = ?').bind(until, why, id).run();
  await env.NOTIFY_QUEUE.send({ id } satisfies NotifyMessage, { delaySeconds: delayOf(until, now) });
}

/** Delivers one outbox row; the queue message is acked unless the outcome is 'retry' or 'busy'. */
export async function deliverOne(env: Env, id: number, attempts: number, deps: Deps = {}, now = clockNow()): Promise<Outcome> {
  // Claim: only a queued row that nobody holds; `attempts` counts provider attempts.
  const claimed = await env.DB.prepare(
    `update notifications set lease_until = ?1, attempts = attempts + 1
      where id = ?2 and state = 'queued' and (lease_until is null or lease_until < ?3) returning *`,
  )
    .bind(now + LEASE_MS, id, now)
    .first<Row>();
  if (!claimed) {
    const row = await env.DB.prepare('select state, lease_until from notifications where id = ?').bind(id).first<{ state: string; lease_until: number | null }>();
    if (row && row.state === 'queued' && row.lease_until && row.lease_until >= now) return 'busy';
    return 'duplicate'; // already sent, failed, skipped, or unknown: nothing to do
  }
  const row = claimed;
  const template = templateOf(row.template);
  if (!template || (row.channel === 'sms' && !template.sms)) {
    await env.DB.prepare("update notifications set state = 'failed', lease_until = null, error = 'NoTemplate' where id = ?").bind(id).run();
    return 'failed';
  }
  const address = row.audience === 'citizen' ? await citizenAddress(env, row.recipient, row.channel) : await staffAddress(env, row.recipient, row.channel);
  if (!address) {
    await env.DB.prepare("update notifications set state = 'skipped', lease_until = null, error = 'NoRecipient' where id = ?").bind(id).run();
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
  const { results: earlier } = await env.DB.prepare(
    `select coalesce(sent_at, ?3) as at from notifications
      where recipient_hash = ?1 and channel = ?2 and id <> ?4 and (state = 'sent' or lease_until >= ?3)`,
  )
    .bind(recipientHash, row.channel, now, id)
    .all<{ at: number }>();
  await env.DB.prepare('update notifications set recipient_hash = ? where id = ?').bind(recipientHash, id).run();
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
        await env.DB.prepare("update notifications set state = 'failed', lease_until = null, error = ? where id = ?").bind(result.code, id).run();
        log('warn', 'notify.refused', { id, channel: 'sms', code: result.code });
        return 'failed';
      }
      await release(env, id, result.code);
      log('warn', 'notify.retry', { id, channel: 'sms', attempts, code: result.code });
      return 'retry';
    }
    providerId = result.serialNo;
  }
  await env.DB.prepare("update notifications set state = 'sent', sent_at = ?, provider_id = ?, lease_until = null, error = null where id = ?").bind(now, providerId, id).run();
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
      await env.DB.prepare("update notifications set state = 'failed', lease_until = null, error = coalesce(error, 'DeadLetter') where id = ? and state = 'queued'").bind(id).run();
      log('warn', 'notify.dead-letter', { id });
    }
    message.ack();
  }
}
