import { env, exports } from 'cloudflare:workers';
import data from '../../worker/generated/catalogue.json' with { type: 'json' };
import type { Catalogue } from '../../schema/catalogue.ts';
import { addCalendarDays, shanghaiDate } from '../../schema/workdays.ts';

export const catalogue = data as unknown as Catalogue;
export const BASE = 'http://portal.test';

/** The paths the built site's sitemap lists (the crawl and the privacy scan walk them all). */
export async function sitemapPaths(): Promise<string[]> {
  const xml = await (await env.ASSETS.fetch(`${BASE}/sitemap.xml`)).text();
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
}

let counter = 0;
/** A fresh client address per call, so the per-client limits of one test do not leak into another. */
export function ip(): string {
  counter++;
  return `198.51.${(counter >> 8) & 255}.${counter & 255}`;
}

/** A department with a service and a post of its own when the catalogue has one. */
export function target() {
  const service = catalogue.services[0];
  const department = service ? service.department : catalogue.departments[0].id;
  const post = catalogue.posts.find((p) => p.department === department);
  const other = catalogue.departments.find((d) => d.id !== department)!;
  return { department, service: service?.id, post: post?.id, other: other.id };
}

/** A valid named complaint as JSON. */
export function validComplaint(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const t = target();
  return {
    department: t.department,
    ...(t.service ? { service: t.service } : {}),
    ...(t.post ? { post: t.post } : {}),
    staffName: '王某某',
    category: 'overdue',
    occurredOn: addCalendarDays(shanghaiDate(), -2),
    description: '申请材料齐全，承诺五个工作日办结，已经过了十个工作日仍未办结，也没有人说明原因。',
    request: '请尽快办结并说明延误原因。',
    anonymous: false,
    name: '刘晓明',
    phone: '13912345678',
    email: 'liu.xiaoming@example.com',
    consent: true,
    ...overrides,
  };
}

export function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return exports.default.fetch(`${BASE}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': ip(), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The JSON shape as a urlencoded form, as a browser without JavaScript posts it. */
export function asForm(body: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(body)) if (v !== undefined) params.set(k, String(v));
  return params.toString();
}

export function postForm(path: string, form: string | URLSearchParams, headers: Record<string, string> = {}): Promise<Response> {
  return exports.default.fetch(`${BASE}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'CF-Connecting-IP': ip(), ...headers },
    body: String(form),
  });
}

export async function complaintCount(env: Env): Promise<number> {
  return (await env.DB.prepare('select count(*) as n from complaints').first<{ n: number }>())!.n;
}
