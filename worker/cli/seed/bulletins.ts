// The demo's monthly bulletins for `npm run db:seed`: historical cases of the last three complete
// months and the bulletins published on them, sealed with the local PII_KEY from .dev.vars. Their
// 绩效评估 and 首问登记 sections come from the demo applications and inquiries the seed writes.
import { now as clockNow } from '../../../schema/clock.ts';
import { demoApplicationFacts } from './applications.ts';
import { bulletinsSeedSql } from './bulletins-sql.ts';
import { demoDates, historicalCases } from './bulletins-data.ts';
import { demoInquiryFacts } from './inquiries.ts';
import { devVar, localCatalogue } from './local.ts';

export async function demoBulletinsSql(now = clockNow()): Promise<string[]> {
  const { catalogue, calendar } = localCatalogue();
  const dates = demoDates(now);
  return bulletinsSeedSql(devVar('PII_KEY'), dates, historicalCases(dates), (month) => ({
    applications: demoApplicationFacts(month, now, catalogue, calendar),
    inquiries: demoInquiryFacts(month, now, catalogue, calendar),
  }));
}
