// The demo office's living data, as SQL. Each feature adds its part (cases in every stage,
// appointments, published bulletins); the statements run in one `wrangler d1 execute`.
import { demoComplaints, demoComplaintsSql } from './seed-complaints.ts';
import { demoAppointmentNotes, demoAppointmentsSql } from './seed/appointments.ts';
import { demoApplicationNotes, demoApplicationsSql } from './seed/applications.ts';
import { demoBulletinsSql } from './seed/bulletins.ts';
import { demoAccountNotes, demoCaseNotes, demoCasesSql } from './seed/cases.ts';
import { demoInquiriesSql, demoInquiryNotes } from './seed/inquiries.ts';
import { demoDecisionNotes, demoDecisionsSql } from './seed/decisions.ts';
import { demoTargetNotes, demoTargetsSql } from './seed/targets.ts';
import { demoNotificationNotes, demoNotificationsSql } from './seed/notifications.ts';
import { q } from './seed/sql.ts';
import { now as clockNow } from '../../schema/clock.ts';
import { shanghaiDate } from '../../schema/workdays.ts';

export const SEED_VERSION = '2026-12-demo-14';

/** What a visitor can try on the demo: printed by the seed. */
export const demoNotes = [...demoComplaints.map((c) => `demo complaint ${c.reference}, access code ${c.accessCode}`), ...demoAppointmentNotes, ...demoAccountNotes, ...demoCaseNotes, ...demoApplicationNotes, ...demoInquiryNotes, ...demoDecisionNotes, ...demoTargetNotes, ...demoNotificationNotes];

export async function demoSeedSql(): Promise<string> {
  const statements: string[] = [];
  // One instant for the seeds whose rows the published bulletins summarise (applications, inquiries).
  const now = clockNow();
  statements.push(`insert into app_meta (key, value) values ('seed', ${q(SEED_VERSION)});`);
  statements.push(...(await demoComplaintsSql()));
  statements.push(...(await demoBulletinsSql(now)));
  statements.push(...(await demoAppointmentsSql()));
  statements.push(...(await demoCasesSql()));
  statements.push(...(await demoDecisionsSql()));
  statements.push(...(await demoTargetsSql()));
  statements.push(...(await demoInquiriesSql(now)));
  statements.push(...(await demoApplicationsSql(now)));
  // After the complaints, accounts and applications it refers to.
  statements.push(...(await demoNotificationsSql()));
  // The seed's date, and an instant after every row it wrote: worker/cli/seed.ts replaces a demo of
  // an earlier day when nothing was created after it.
  const done = clockNow() + 1000;
  statements.push(`insert into app_meta (key, value) values ('seed-date', ${q(shanghaiDate(done))});`);
  statements.push(`insert into app_meta (key, value) values ('seed-at', ${q(String(done))});`);
  return `${statements.join('\n')}\n`;
}
