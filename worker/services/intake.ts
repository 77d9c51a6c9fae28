/**
 * Registering a complaint received by phone, visit or letter (首问负责制: the channel and the first
 * receiver are recorded). Same schema, sealing and reference numbers as a web filing; the access
 * code is shown once to the officer, who passes it on to the complainant.
 */
import type { ComplaintInput, PersonalData } from '../../schema/complaint.ts';
import { deadline, shanghaiDate } from '../../schema/workdays.ts';
import type { Staff } from '../env.ts';
import { calendar, catalogue } from '../lib/catalogue.ts';
import { accessHash, newAccessCode, newReference, seal } from '../lib/crypto.ts';
import { log } from '../lib/log.ts';
import { actorOf } from './cases.ts';

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
  now = Date.now(),
): Promise<Registered> {
  const today = shanghaiDate(now);
  const ack = deadline(calendar, today, catalogue.office.limits.acceptance);
  const personal: PersonalData = {
    name: input.name,
    phone: input.phone,
    email: input.email,
    staffName: input.staffName,
    description: input.description,
    request: input.request,
  };
  const sealed = await seal(env.PII_KEY, personal);
  for (let attempt = 0; attempt < 5; attempt++) {
    const reference = newReference(today);
    const accessCode = newAccessCode();
    try {
      await env.DB.batch([
        env.DB.prepare(
          `insert into complaints (reference, access_hash, channel, first_receiver, department, service, post, category, occurred_on, stage, anonymous,
             personal, received_at, acknowledge_by, acknowledge_by_provisional, due_by, due_by_provisional, created_at, updated_at)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'reception', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).bind(
          reference,
          await accessHash(reference, accessCode),
          channel,
          firstReceiver,
          input.department,
          input.service ?? null,
          input.post ?? null,
          input.category,
          input.occurredOn,
          input.anonymous ? 1 : 0,
          sealed,
          now,
          ack.date,
          ack.provisional ? 1 : 0,
          ack.date,
          ack.provisional ? 1 : 0,
          now,
          now,
        ),
        env.DB.prepare(
          `insert into complaint_events (complaint_id, at, actor, type, public, data)
           select id, ?, ?, 'received', 1, ? from complaints where reference = ?`,
        ).bind(now, actorOf(staff), JSON.stringify({ channel }), reference),
      ]);
    } catch (error) {
      if (String((error as Error).message).includes('complaints.reference')) continue;
      throw error;
    }
    const row = await env.DB.prepare('select id from complaints where reference = ?').bind(reference).first<{ id: number }>();
    log('info', 'case.registered', { reference, channel, accountId: staff.accountId });
    return { id: row!.id, reference, accessCode, acknowledgeBy: ack.date, acknowledgeByProvisional: ack.provisional };
  }
  throw new Error('could not draw a free reference number');
}
