/**
 * Business-system clients of the machine API (POST /api/applications/events): created by an admin,
 * scoped to departments or services, each with a signing secret shown once and kept sealed with
 * PII_KEY (an HMAC check needs the secret itself, so a one-way hash cannot serve).
 *
 * A request is signed with HMAC-SHA-256 under the secret over
 *   `${METHOD}\n${path}\n${timestamp}\n${body}`
 * (timestamp: Unix seconds, also sent as X-Timestamp), hex, in X-Signature, with the client id in
 * X-Client-Id. A timestamp more than REPLAY_WINDOW_S away from the server's clock is refused, and so
 * is a signature already seen inside the window (replay): a retry is signed again with a new
 * timestamp; the events' own ids make it harmless.
 */
import { eq } from 'drizzle-orm';
import { now as clockNow } from '../../schema/clock.ts';
import { applicationClients, applicationNonces } from '../../schema/db/applications.ts';
import { base64url, open, randomCrockford, seal } from '../lib/crypto.ts';
import type { Db, Scope } from './applications.ts';

export const REPLAY_WINDOW_S = 300;

export interface NewClient {
  name: string;
  departments: string[];
  services: string[];
}

/** Creates a client; the secret is returned this once and never shown again. */
export async function createClient(env: Env, db: Db, input: NewClient, now = clockNow()): Promise<{ id: string; secret: string }> {
  const id = `ac-${randomCrockford(12).toLowerCase()}`;
  const secret = base64url(crypto.getRandomValues(new Uint8Array(32)));
  await db.insert(applicationClients).values({
    id,
    name: input.name,
    departments: JSON.stringify(input.departments),
    services: JSON.stringify(input.services),
    secret: await seal(env.PII_KEY, secret),
    createdAt: now,
  });
  return { id, secret };
}

export async function revokeClient(db: Db, id: string, now = clockNow()): Promise<boolean> {
  const r = await db.update(applicationClients).set({ revokedAt: now }).where(eq(applicationClients.id, id)).run();
  return (r.meta.changes ?? 0) > 0;
}

export async function listClients(db: Db) {
  return db.select({ id: applicationClients.id, name: applicationClients.name, departments: applicationClients.departments, services: applicationClients.services, createdAt: applicationClients.createdAt, revokedAt: applicationClients.revokedAt }).from(applicationClients).all();
}

const encoder = new TextEncoder();

/** The hex HMAC-SHA-256 a client sends: the same function the README's example computes. */
export async function signRequest(secret: string, method: string, path: string, timestamp: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(`${method.toUpperCase()}\n${path}\n${timestamp}\n${body}`)));
  return [...mac].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export type Verified = { ok: true; clientId: string; scope: Scope } | { ok: false; status: 401 | 409; title: string; detail: string };

const refuse = (status: 401 | 409, title: string, detail: string): Verified => ({ ok: false, status, title, detail });

/** Checks the signature headers of a request; on success the signature is remembered (replay). */
export async function verifyRequest(
  env: Env,
  db: Db,
  request: { clientId?: string; timestamp?: string; signature?: string; method: string; path: string; body: string },
  now = clockNow(),
): Promise<Verified> {
  const { clientId, timestamp, signature } = request;
  if (!clientId || !timestamp || !signature) return refuse(401, '缺少签名', '请求头要有 X-Client-Id、X-Timestamp（Unix 秒）和 X-Signature（HMAC-SHA256，十六进制）');
  if (!/^\d{9,11}$/.test(timestamp)) return refuse(401, '时间戳格式不对', 'X-Timestamp 应为 Unix 秒，例如 1796000000');
  if (Math.abs(now / 1000 - Number(timestamp)) > REPLAY_WINDOW_S) return refuse(401, '时间戳超出允许范围', `X-Timestamp 与服务器时间相差超过 ${REPLAY_WINDOW_S} 秒：请校准业务系统的时钟，并用新的时间戳重新签名`);
  if (!/^[0-9a-f]{64}$/.test(signature)) return refuse(401, '签名格式不对', 'X-Signature 应为 64 位小写十六进制的 HMAC-SHA256');
  const client = await db.select().from(applicationClients).where(eq(applicationClients.id, clientId)).get();
  // An unknown client and a wrong signature answer alike, after the same work.
  const secret = client && client.revokedAt === null ? await open<string>(env.PII_KEY, client.secret) : base64url(new Uint8Array(32));
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  const given = new Uint8Array(signature.match(/../g)!.map((h) => parseInt(h, 16)));
  const valid = await crypto.subtle.verify('HMAC', key, given, encoder.encode(`${request.method.toUpperCase()}\n${request.path}\n${timestamp}\n${request.body}`));
  if (!client || client.revokedAt !== null || !valid) return refuse(401, '签名无效', '请用该客户端的密钥对“方法\\n路径\\n时间戳\\n请求体”计算 HMAC-SHA256；客户端已停用时也会这样答复');
  const fresh = await db
    .insert(applicationNonces)
    .values({ signature, expiresAt: now + 2 * REPLAY_WINDOW_S * 1000 })
    .onConflictDoNothing()
    .run();
  if ((fresh.meta.changes ?? 0) === 0) return refuse(409, '重复的请求', '这个签名已经用过（重放）：重试时请用新的时间戳重新签名；事件 id 不变即可避免重复');
  return { ok: true, clientId: client.id, scope: { departments: JSON.parse(client.departments) as string[], services: JSON.parse(client.services) as string[] } };
}

