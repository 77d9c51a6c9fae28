// The demo's monthly bulletins for `npm run db:seed`: historical cases of August–October 2026 and
// the bulletins published on them, sealed with the local PII_KEY from .dev.vars.
import { bulletinsSeedSql } from './bulletins-sql.ts';
import { devVar } from './local.ts';

export async function demoBulletinsSql(): Promise<string[]> {
  return bulletinsSeedSql(devVar('PII_KEY'));
}
