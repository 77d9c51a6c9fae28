// Helpers for the 电子监察 tests: a client with its secret, and signed requests to the machine API.
import { env, exports } from 'cloudflare:workers';
import { drizzle } from 'drizzle-orm/d1';
import { now } from '../../schema/clock.ts';
import * as tables from '../../schema/db/index.ts';
import { createClient, signRequest } from '../../worker/services/application-clients.ts';
import { BASE } from './helpers.ts';

export const db = () => drizzle(env.DB, { schema: tables });
export const PATH = '/api/applications/events';

export async function newClient(scope: { departments?: string[]; services?: string[] } = {}) {
  return createClient(env, db(), { name: '测试业务系统', departments: scope.departments ?? [], services: scope.services ?? [] });
}

export interface Signed {
  headers: Record<string, string>;
  body: string;
}

/** A request signed as the README says, at the clock's now (or `at`, Unix ms). */
export async function sign(client: { id: string; secret: string }, payload: unknown, at = now()): Promise<Signed> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const timestamp = String(Math.floor(at / 1000));
  const signature = await signRequest(client.secret, 'POST', PATH, timestamp, body);
  return { body, headers: { 'Content-Type': 'application/json', 'X-Client-Id': client.id, 'X-Timestamp': timestamp, 'X-Signature': signature } };
}

export function send(signed: Signed): Promise<Response> {
  return exports.default.fetch(new Request(`${BASE}${PATH}`, { method: 'POST', headers: signed.headers, body: signed.body }));
}

/** Posts events signed at `at` (a retry is signed again, later: the same signature twice is a replay). */
export async function post(client: { id: string; secret: string }, events: unknown[], at = now()) {
  const res = await send(await sign(client, { events }, at));
  return { res, json: (await res.json()) as { accepted: number; duplicates: number; refused: number; results: { id: string; status: string; reason?: string; late?: boolean; queryCode?: string }[] } };
}

let n = 0;
/** A fresh event id and application number per call. */
export const uid = (prefix = 'ev') => `${prefix}-${Date.now().toString(36)}-${(n++).toString(36)}-test`;
export const number = () => `BJ-T-${(n++).toString().padStart(6, '0')}`;
