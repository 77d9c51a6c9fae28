// Demo complaints for `npm start`: received over the web, named and anonymous, with their personal
// data sealed under the local PII_KEY from .dev.vars, exactly as the worker would store them.
// Their references and access codes are fixed and printed by the seed, so a visitor can try
// /track/ at once. The console issue adds cases in every later stage.
import { readFileSync } from 'node:fs';
import type { Catalogue } from '../../schema/catalogue.ts';
import type { PersonalData } from '../../schema/complaint.ts';
import { addCalendarDays, deadline, makeCalendar, shanghaiDate } from '../../schema/workdays.ts';
import { accessHash, seal } from '../lib/crypto.ts';
import { root } from './wrangler.ts';

function q(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function devVar(name: string): string {
  const text = readFileSync(`${root}.dev.vars`, 'utf8');
  const line = text.split('\n').find((l) => l.startsWith(`${name}=`));
  if (!line) throw new Error(`${name} missing from .dev.vars: run node worker/cli/dev-vars.ts`);
  return line.slice(name.length + 1).trim();
}

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
      staffName: '（不知道姓名）',
      description: '申请材料当场受理，窗口承诺五个工作日内办结，到现在已经过了十个工作日，打电话询问也没有人说明原因。',
      request: '请尽快办结，并告知延误的原因。',
    },
  },
];

export async function demoComplaintsSql(now = Date.now()): Promise<string[]> {
  const key = devVar('PII_KEY');
  const catalogue = JSON.parse(readFileSync(`${root}worker/generated/catalogue.json`, 'utf8')) as Catalogue;
  const calendar = makeCalendar(catalogue.calendar);
  const limits = catalogue.office.limits;
  const statements: string[] = [];
  for (const [i, c] of demoComplaints.entries()) {
    const department = catalogue.departments[i % catalogue.departments.length];
    const receivedAt = now - c.daysAgo * 86_400_000;
    const day = shanghaiDate(receivedAt);
    const ack = deadline(calendar, day, limits.acceptance);
    const acceptedDay = addCalendarDays(day, 2);
    const due = c.accepted ? deadline(calendar, acceptedDay, limits.conclusion) : ack;
    statements.push(
      `insert into complaints (reference, access_hash, channel, department, category, occurred_on, stage, anonymous, personal,
        received_at, acknowledge_by, acknowledge_by_provisional, due_by, due_by_provisional, created_at, updated_at, version)
       values (${q(c.reference)}, ${q(await accessHash(c.reference, c.accessCode))}, 'web', ${q(department.id)}, ${q(c.category)},
        ${q(addCalendarDays(day, -2))}, ${q(c.accepted ? 'acceptance' : 'reception')}, ${c.anonymous ? 1 : 0}, ${q(await seal(key, c.personal))},
        ${receivedAt}, ${q(ack.date)}, ${ack.provisional ? 1 : 0}, ${q(due.date)}, ${due.provisional ? 1 : 0}, ${receivedAt}, ${receivedAt}, ${c.accepted ? 2 : 1});`,
      `insert into complaint_events (complaint_id, at, actor, type, public, data)
       select id, ${receivedAt}, 'citizen', 'received', 1, ${q(JSON.stringify({ channel: 'web' }))} from complaints where reference = ${q(c.reference)};`,
    );
    if (c.accepted) {
      const at = receivedAt + 2 * 86_400_000;
      statements.push(
        `insert into complaint_events (complaint_id, at, actor, type, public, data)
         select id, ${at}, ${q(department.head ?? 'system')}, 'accepted', 1, ${q(JSON.stringify({ dueBy: due.date }))} from complaints where reference = ${q(c.reference)};`,
      );
    }
  }
  return statements;
}
