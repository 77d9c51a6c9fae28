// The demo's monthly bulletins for `npm run db:seed`: historical cases of August–October 2026 and
// the bulletins published on them, sealed with the local PII_KEY from .dev.vars.
import { readFileSync } from 'node:fs';
import { root } from '../wrangler.ts';
import { bulletinsSeedSql } from './bulletins-sql.ts';

export async function demoBulletinsSql(): Promise<string[]> {
  const line = readFileSync(`${root}.dev.vars`, 'utf8').split('\n').find((l) => l.startsWith('PII_KEY='));
  if (!line) throw new Error('PII_KEY missing from .dev.vars: run node worker/cli/dev-vars.ts');
  return bulletinsSeedSql(line.slice('PII_KEY='.length).trim());
}
