/**
 * Tracking by reference + access code (issue 11 part 5), shared by complaints and appointments: the
 * record behind the pair; the form side is lib/tracking-form.tsx.
 */
import { checkAccessCode } from './crypto.ts';

/** The row of `table` behind a reference and access code, or undefined: unknown and wrong look the same. */
export async function recordByCode<Row extends { access_hash: string }>(env: Env, table: 'complaints' | 'appointments', reference: string, code: string): Promise<Row | undefined> {
  const row = await env.DB.prepare(`select * from ${table} where reference = ?`).bind(reference).first<Row>();
  const ok = await checkAccessCode(reference, code, row?.access_hash);
  return ok && row ? row : undefined;
}
