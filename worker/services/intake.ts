/**
 * Registering a complaint received by phone, visit or letter (首问负责制: the channel and the first
 * receiver are recorded). Same schema, sealing and reference numbers as a web filing; the access
 * code is shown once to the officer, who passes it on to the complainant.
 */
import { eq } from 'drizzle-orm';
import { complaints } from '../../schema/db/index.ts';
import { dbOf } from '../lib/db.ts';
import type { ComplaintInput } from '../../schema/complaint.ts';
import type { Staff } from '../env.ts';
import { log } from '../lib/log.ts';
import { actorOf } from './cases.ts';
import { insertComplaint } from './complaints.ts';
import { now as clockNow } from '../../schema/clock.ts';

export interface Registered {
  id: number;
  reference: string;
  accessCode: string;
  acknowledgeBy: string;
  acknowledgeByProvisional: boolean;
}

export async function registerComplaint(
  env: Env,
  staff: Staff,
  input: ComplaintInput,
  channel: 'phone' | 'visit' | 'letter',
  firstReceiver: string,
  now = clockNow(),
): Promise<Registered> {
  const { reference, accessCode, ack } = await insertComplaint(env, input, { channel, firstReceiver, actor: actorOf(staff) }, now);
  const [row] = await dbOf(env).select({ id: complaints.id }).from(complaints).where(eq(complaints.reference, reference));
  log('info', 'case.registered', { reference, channel, accountId: staff.accountId });
  return { id: row!.id, reference, accessCode, acknowledgeBy: ack.date, acknowledgeByProvisional: ack.provisional };
}
