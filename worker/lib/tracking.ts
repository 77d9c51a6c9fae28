/**
 * Tracking by reference + access code (issue 11 part 5), shared by complaints and appointments: the
 * record behind the pair; the form side is lib/tracking-form.tsx.
 */
import { checkAccessCode } from './crypto.ts';

/**
 * `row` (looked up by `reference`, undefined when unknown) if `code` is its access code, else
 * undefined: an unknown reference costs the same work as a wrong code, so the two look the same.
 * Each service looks its row up through drizzle, camelCase, and hands it here with its hash.
 */
export async function matchByCode<Row>(reference: string, code: string, row: Row | undefined, hash: string | undefined): Promise<Row | undefined> {
  const ok = await checkAccessCode(reference, code, hash);
  return ok && row ? row : undefined;
}
