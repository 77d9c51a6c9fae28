// The demo office's living data, as SQL. Each feature adds its part (cases in every stage,
// appointments, published bulletins); the statements run in one `wrangler d1 execute`.
import { demoComplaintsSql } from './seed-complaints.ts';
import { demoAppointmentsSql } from './seed/appointments.ts';
import { demoApplicationNotes, demoApplicationsSql } from './seed/applications.ts';
import { demoBulletinsSql } from './seed/bulletins.ts';
import { demoAccountNotes, demoCasesSql } from './seed/cases.ts';
import { demoInquiriesSql } from './seed/inquiries.ts';
import { demoDecisionNotes, demoDecisionsSql } from './seed/decisions.ts';
import { demoTargetNotes, demoTargetsSql } from './seed/targets.ts';
import { demoNotificationNotes, demoNotificationsSql } from './seed/notifications.ts';
import { demoNotesWritten, q } from './seed/sql.ts';
import { now as clockNow } from '../../schema/clock.ts';
import { shanghaiDate } from '../../schema/workdays.ts';

export const SEED_VERSION = '2026-12-demo-15';

/**
 * What a visitor can try on the demo, printed by the seed after `demoSeedSql()`: the demo accounts and
 * the references the seed just wrote (their YYMM is the month each was received, so they follow the
 * demo's day) with their access codes.
 */
export function demoNotes(): string[] {
  return [...demoAccountNotes, ...demoNotesWritten(), ...demoApplicationNotes, ...demoDecisionNotes, ...demoTargetNotes, ...demoNotificationNotes];
}

export async function demoSeedSql(): Promise<string> {
  const statements: string[] = [];
  // One instant for every part, so the references one part names in another (a reception-day booking,
  // a complaint with notifications) are the ones that part wrote.
  const now = clockNow();
  statements.push(`insert into app_meta (key, value) values ('seed', ${q(SEED_VERSION)});`);
  statements.push(...(await demoComplaintsSql(now)));
  statements.push(...(await demoBulletinsSql(now)));
  statements.push(...(await demoAppointmentsSql(now)));
  statements.push(...(await demoCasesSql(now)));
  statements.push(...(await demoDecisionsSql({}, now)));
  statements.push(...(await demoTargetsSql({}, now)));
  statements.push(...(await demoInquiriesSql(now)));
  statements.push(...(await demoApplicationsSql(now)));
  // After the complaints, accounts and applications it refers to.
  statements.push(...(await demoNotificationsSql(now)));
  // The seed's date, and an instant after every row it wrote: worker/cli/seed.ts replaces a demo of
  // an earlier day when nothing was created after it.
  const done = clockNow() + 1000;
  statements.push(`insert into app_meta (key, value) values ('seed-date', ${q(shanghaiDate(done))});`);
  statements.push(`insert into app_meta (key, value) values ('seed-at', ${q(String(done))});`);
  return `${statements.join('\n')}\n`;
}
