/**
 * Idempotency-Key (one implementation for complaints and appointments): a retry with the same key
 * and the same request gets the very same 201 body (sealed: it holds the access code); the same key
 * with a different request is a conflict. Each workflow keeps its own table (its foreign key).
 */
import { eq } from 'drizzle-orm';
import { appointmentIdempotencyKeys, idempotencyKeys } from '../../schema/db/index.ts';
import { open, sha256 } from './crypto.ts';
import { dbOf } from './db.ts';

const tables = { complaints: idempotencyKeys, appointments: appointmentIdempotencyKeys };

/** A canonical fingerprint of the validated request, to tell a retry from a different request. */
export async function fingerprint(input: object): Promise<string> {
  const sorted = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)));
  return sha256(JSON.stringify(sorted));
}

/** The body first returned for `key`, or a conflict, or undefined when the key is new. */
export async function replay<Created>(
  env: Env,
  kind: keyof typeof tables,
  key: string,
  print: string,
): Promise<{ kind: 'replayed'; created: Created } | { kind: 'key-conflict' } | undefined> {
  const t = tables[kind];
  const [row] = await dbOf(env).select({ fingerprint: t.fingerprint, response: t.response }).from(t).where(eq(t.key, key));
  if (!row) return undefined;
  if (row.fingerprint !== print) return { kind: 'key-conflict' };
  return { kind: 'replayed', created: await open<Created>(env.PII_KEY, row.response) };
}
