// Demo complaints for `npm start`: received over the web, named and anonymous, with their personal
// data sealed under the local PII_KEY from .dev.vars, exactly as the worker would store them.
// Their access codes and reference suffixes are fixed (the reference's YYMM is the month each was
// received, as the worker writes it) and printed by the seed, so a visitor can try
// /track/ at once. The console issue adds cases in every later stage.
import type { PersonalData } from '../../schema/complaint.ts';
import { addCalendarDays, deadline, shanghaiDate } from '../../schema/workdays.ts';
import { devVar, localCatalogue } from './seed/local.ts';
import { complaintSql, datedReference, demoNote, eventSql } from './seed/sql.ts';
import { now as clockNow } from '../../schema/clock.ts';

interface DemoComplaint {
  reference: string;
  accessCode: string;
  daysAgo: number;
  category: string;
  anonymous: boolean;
  personal: PersonalData;
  accepted?: boolean;
}

export const demoComplaints: DemoComplaint[] = [
  {
    reference: 'XN-2611-DEM001',
    accessCode: 'DEM0C0DE01',
    daysAgo: 1,
    category: 'not-told-at-once',
    anonymous: false,
    personal: {
      name: '示例市民甲',
      phone: '13800000001',
      description: '到窗口递交申请，工作人员先说缺一份证明，补齐后再去又说缺另一份，前后跑了三趟，始终没有一次说清楚要带哪些材料。',
      request: '请一次性告知全部材料，并对窗口的做法作出说明。',
    },
  },
  {
    reference: 'XN-2611-DEM002',
    accessCode: 'DEM0C0DE02',
    daysAgo: 3,
    category: 'lunchtime-drinking',
    anonymous: true,
    personal: {
      description: '工作日中午在单位附近饭馆看到几名佩戴工作牌的人员饮酒，下午上班时仍有酒气，接待群众时说话含糊。',
      request: '请核查并按禁酒规定处理。',
    },
  },
  {
    reference: 'XN-2611-DEM003',
    accessCode: 'DEM0C0DE03',
    daysAgo: 8,
    category: 'overdue',
    anonymous: false,
    accepted: true,
    personal: {
      name: '示例市民乙',
      email: 'citizen.b@example.com',
      phone: '13800000003',
      staffName: '（不知道姓名）',
      description: '申请材料当场受理，窗口承诺五个工作日内办结，到现在已经过了十个工作日，打电话询问也没有人说明原因。',
      request: '请尽快办结，并告知延误的原因。',
    },
  },
];

/** A demo complaint's reference on the demo of `now` (`reference` as declared above, e.g. 'XN-2611-DEM003'). */
export function demoComplaintReference(reference: string, now = clockNow()): string {
  const c = demoComplaints.find((x) => x.reference === reference);
  if (!c) throw new Error(`no demo complaint ${reference}`);
  return datedReference(c.reference, now - c.daysAgo * 86_400_000);
}

export async function demoComplaintsSql(now = clockNow()): Promise<string[]> {
  const key = devVar('PII_KEY');
  const { catalogue, calendar } = localCatalogue();
  const limits = catalogue.office.limits;
  const statements: string[] = [];
  for (const [i, c] of demoComplaints.entries()) {
    const department = catalogue.departments[i % catalogue.departments.length];
    const receivedAt = now - c.daysAgo * 86_400_000;
    const reference = demoComplaintReference(c.reference, now);
    demoNote(`demo complaint ${reference}, access code ${c.accessCode}`);
    const day = shanghaiDate(receivedAt);
    const ack = deadline(calendar, day, limits.acceptance);
    const acceptedDay = addCalendarDays(day, 2);
    const due = c.accepted ? deadline(calendar, acceptedDay, limits.conclusion) : ack;
    statements.push(
      await complaintSql(key, {
        reference,
        accessCode: c.accessCode,
        channel: 'web',
        department: department.id,
        category: c.category,
        occurredOn: addCalendarDays(day, -2),
        stage: c.accepted ? 'acceptance' : 'reception',
        anonymous: c.anonymous,
        personal: c.personal,
        receivedAt,
        ack,
        due,
        version: c.accepted ? 2 : 1,
      }),
      eventSql(reference, receivedAt, 'citizen', 'received', { channel: 'web' }),
    );
    if (c.accepted) {
      statements.push(eventSql(reference, receivedAt + 2 * 86_400_000, department.head ?? 'system', 'accepted', { dueBy: due.date }));
    }
  }
  return statements;
}
