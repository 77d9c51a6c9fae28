// The demo office's living data, as SQL. Each feature adds its part (cases in every stage,
// appointments, published bulletins); the statements run in one `wrangler d1 execute`.
import { demoComplaints, demoComplaintsSql } from './seed-complaints.ts';
import { demoAppointmentNotes, demoAppointmentsSql } from './seed/appointments.ts';
import { demoBulletinsSql } from './seed/bulletins.ts';
import { demoAccountNotes, demoCaseNotes, demoCasesSql } from './seed/cases.ts';
import { demoDecisionNotes, demoDecisionsSql } from './seed/decisions.ts';
import { q } from './seed/sql.ts';

export const SEED_VERSION = '2026-11-demo-3';

/** What a visitor can try on the demo: printed by the seed. */
export const demoNotes = [...demoComplaints.map((c) => `demo complaint ${c.reference}, access code ${c.accessCode}`), ...demoAppointmentNotes, ...demoAccountNotes, ...demoCaseNotes, ...demoDecisionNotes];

export async function demoSeedSql(): Promise<string> {
  const statements: string[] = [];
  statements.push(`insert into app_meta (key, value) values ('seed', ${q(SEED_VERSION)});`);
  statements.push(...(await demoComplaintsSql()));
  statements.push(...(await demoBulletinsSql()));
  statements.push(...(await demoAppointmentsSql()));
  statements.push(...(await demoCasesSql()));
  statements.push(...(await demoDecisionsSql()));
  return `${statements.join('\n')}\n`;
}
