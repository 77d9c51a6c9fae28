/**
 * Tracking by reference + access code (issue 11 part 5), shared by complaints and appointments: the
 * record behind the pair; the form side is lib/tracking-form.tsx.
 */
import { checkAccessCode } from './crypto.ts';

/**
 * `row` (looked up by `reference`, undefined when unknown) if `code` is its access code, else
 * undefined: an unknown reference costs the same work as a wrong code, so the two look the same.
 * Each service looks its row up its own way (appointments through drizzle, camelCase).
 */
export async function matchByCode<Row>(reference: string, code: string, row: Row | undefined, hash: string | undefined): Promise<Row | undefined> {
  const ok = await checkAccessCode(reference, code, hash);
  return ok && row ? row : undefined;
}

/** The complaint behind a reference and access code (its snake_case row), or undefined. */
export async function recordByCode<Row extends { access_hash: string }>(env: Env, table: 'complaints', reference: string, code: string): Promise<Row | undefined> {
  const row = await env.DB.prepare(`select * from ${table} where reference = ?`).bind(reference).first<Row>();
  return matchByCode(reference, code, row ?? undefined, row?.access_hash);
}
