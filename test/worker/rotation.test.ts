import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { app } from '../../worker/app.ts';
import { keyRing, open, seal } from '../../worker/lib/crypto.ts';
import { countAppendOnly, rotateAll, rotateColumn, sealedColumns } from '../../worker/lib/rotation.ts';
import { d1Port } from '../../worker/lib/sql-port.ts';
import { postJson, validComplaint } from './helpers.ts';
import { now as clockNow } from '../../schema/clock.ts';

const OLD = env.PII_KEY;
const NEW = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
const RING = `v2:${NEW},v1:${OLD}`;
const V3 = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
const port = d1Port(env.DB);

interface Filed {
  reference: string;
  accessCode: string;
  phone: string;
}
const filed: Filed[] = [];

async function personalColumn(): Promise<string[]> {
  return (await env.DB.prepare('select personal from complaints order by id').all<{ personal: string }>()).results.map((r) => r.personal);
}

beforeAll(async () => {
  for (let i = 0; i < 7; i++) {
    const phone = `1390000${String(1000 + i)}`;
    const res = await postJson('/api/complaints', validComplaint({ phone }), { 'Idempotency-Key': `rotation-test-${i}-${crypto.randomUUID()}` });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { reference: string; accessCode: string };
    filed.push({ ...body, phone });
  }
});

describe('the key ring in PII_KEY', () => {
  it('reads a bare key as v1 and a ring with the new key first', () => {
    expect(keyRing(OLD).primary.id).toBe('v1');
    const ring = keyRing(RING);
    expect(ring.primary).toEqual({ id: 'v2', secret: NEW });
    expect([...ring.keys.keys()]).toEqual(['v2', 'v1']);
  });

  it('refuses an empty ring, a repeated key id and a malformed id', () => {
    expect(() => keyRing(' , ')).toThrow(/empty/);
    expect(() => keyRing(`v2:${NEW},v2:${OLD}`)).toThrow(/twice/);
    expect(() => keyRing(`key2:${NEW}`)).toThrow(/key id/);
    expect(() => keyRing(`v0:${NEW}`)).toThrow(/key id/);
  });

  it('seals with the first key and opens values of every key in the ring, but not of a key left out', async () => {
    const before = await seal(OLD, { a: 1 });
    const after = await seal(RING, { a: 2 });
    expect(before.startsWith('v1.')).toBe(true);
    expect(after.startsWith('v2.')).toBe(true);
    expect(await open(RING, before)).toEqual({ a: 1 });
    expect(await open(`v2:${NEW}`, after)).toEqual({ a: 2 });
    await expect(open(`v2:${NEW}`, before)).rejects.toThrow(/no key v1/);
    await expect(open(OLD, after)).rejects.toThrow(/no key v2/);
  });
});

describe('rotating the personal-data key', () => {
  it('re-seals every complaint and idempotency response, in batches, keeping every value', async () => {
    const plainBefore = await Promise.all((await personalColumn()).map((v) => open(OLD, v)));
    const batches: number[] = [];
    const report = await rotateAll(port, RING, { batchSize: 3, onBatch: (c, done) => c.table === 'complaints' && batches.push(done) });

    expect(report.keyId).toBe('v2');
    const complaints = report.columns.find((c) => c.table === 'complaints')!;
    expect(complaints).toMatchObject({ resealed: 7, remaining: 0 });
    expect(report.columns.find((c) => c.table === 'idempotency_keys')).toMatchObject({ resealed: 7, remaining: 0 });
    expect(batches).toEqual([3, 6, 7]);

    const after = await personalColumn();
    expect(after.every((v) => v.startsWith('v2.'))).toBe(true);
    // The new key alone opens everything: the old one could now leave the ring.
    expect(await Promise.all(after.map((v) => open(`v2:${NEW}`, v)))).toEqual(plainBefore);
    const responses = (await env.DB.prepare('select response from idempotency_keys').all<{ response: string }>()).results;
    for (const r of responses) expect(((await open(`v2:${NEW}`, r.response)) as { reference: string }).reference).toMatch(/^XN-/);
  });

  it('changes nothing when run again (idempotent)', async () => {
    const before = await personalColumn();
    const report = await rotateAll(port, RING);
    expect(report.columns.every((c) => c.resealed === 0 && c.remaining === 0)).toBe(true);
    expect(await personalColumn()).toEqual(before);
  });

  it('resumes where a stopped run left off', async () => {
    const ring3 = `v3:${V3},v2:${NEW}`;
    const column = sealedColumns[0];
    await expect(
      rotateColumn(port, ring3, column, {
        batchSize: 2,
        onBatch: () => {
          throw new Error('power cut');
        },
      }),
    ).rejects.toThrow('power cut');
    const half = await personalColumn();
    expect(half.filter((v) => v.startsWith('v3.')).length).toBe(2);
    expect(half.filter((v) => v.startsWith('v2.')).length).toBe(5);
    const resumed = await rotateColumn(port, ring3, column, { batchSize: 2 });
    expect(resumed).toMatchObject({ resealed: 5, remaining: 0 });
    expect((await personalColumn()).every((v) => v.startsWith('v3.'))).toBe(true);
  });

  it('the worker with the new ring answers tracking with the complainant’s own data', async () => {
    for (const f of filed.slice(0, 3)) {
      const res = await app.request(
        'http://portal.test/api/track',
        { method: 'POST', headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': '203.0.113.9' }, body: JSON.stringify({ reference: f.reference, accessCode: f.accessCode }) },
        { ...env, PII_KEY: `v3:${V3}` },
      );
      expect(res.status).toBe(200);
      expect(((await res.json()) as { submitted: { phone?: string } }).submitted.phone).toBe(f.phone);
    }
  });

  it('counts sealed values inside append-only histories, which it cannot rewrite', async () => {
    const id = (await env.DB.prepare('select id from complaints order by id limit 1').first<{ id: number }>())!.id;
    await env.DB.prepare("insert into complaint_events (complaint_id, at, actor, type, public, data) values (?, ?, 'citizen', 'rated', 1, ?)")
      .bind(id, clockNow(), JSON.stringify({ level: 'satisfied', comment: await seal(OLD, '评价里的一句话') }))
      .run();
    expect(await countAppendOnly(port, RING)).toEqual({ v1: 1 });
    await expect(env.DB.prepare('update complaint_events set data = ? where complaint_id = ?').bind('{}', id).run()).rejects.toThrow(/append-only/);
  });

  it('refuses a ring whose old key is missing instead of writing anything', async () => {
    await env.DB.prepare('update complaints set personal = ? where id = (select min(id) from complaints)').bind(await seal(OLD, { description: 'x', request: 'y' })).run();
    const before = await personalColumn();
    await expect(rotateColumn(port, `v4:${NEW}`, sealedColumns[0])).rejects.toThrow(/no key/);
    expect(await personalColumn()).toEqual(before);
  });
});


describe('the phone hash key ring (PHONE_HASH_KEY, issue 17 item 11)', () => {
  it('re-hashes appointment phones under the new key, and fills hashes missing from rows booked before migration 0011', async () => {
    const { rehashPhones } = await import('../../worker/lib/rotation.ts');
    const { phoneHashes } = await import('../../worker/lib/crypto.ts');
    const { validAppointment } = await import('./appointments-helpers.ts');
    const phone = '13600000009';
    for (let i = 0; i < 2; i++) expect((await postJson('/api/appointments', validAppointment({ phone }))).status).toBe(201);
    await env.DB.prepare("update appointments set phone_hash = null where id = (select min(id) from appointments)").run();
    const newKey = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
    const ring = `v2:${newKey},v1:${env.PHONE_HASH_KEY}`;
    const report = await rehashPhones(port, env.PII_KEY, ring, { batchSize: 1 });
    expect(report).toMatchObject({ keyId: 'v2', remaining: 0 });
    const [v2] = await phoneHashes(ring, phone);
    const { results } = await env.DB.prepare('select phone_hash from appointments').all<{ phone_hash: string }>();
    expect(results.filter((r) => r.phone_hash === v2)).toHaveLength(2);
    expect(results.every((r) => r.phone_hash.startsWith('v2.'))).toBe(true);
  });
});
