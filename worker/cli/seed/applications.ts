// Demo 电子监察 (issue 12) for `npm start`: applications in every state (received, waiting for 补正,
// in progress, stopped for testing, a hearing stop and an extension, yellow cards, red cards with
// 督办 and 回告, not accepted without basis, approved, refused, withdrawn, a fee on a free service),
// dated in working days before the clock's today. Projections and cards come from the same pure
// rules the worker uses (schema/application.ts replay / cardFindings / nextCheck), and the demo
// business-system client has a fixed id and secret so the README's signed request runs as written.
import { BAD_RATING_FOLLOW_UP_DAYS, badLevels, cardActions, cardEvents, cardFindings, type CardAction, type CardState, nextCheck, replay, type ApplicationEventType, type StoredEvent } from '../../../schema/application.ts';
import type { Satisfaction } from '../../../schema/domain.ts';
import { now as clockNow } from '../../../schema/clock.ts';
import { addCalendarDays, deadline, shanghaiDate, type WorkCalendar } from '../../../schema/workdays.ts';
import type { Catalogue } from '../../../schema/catalogue.ts';
import { accessHash, seal } from '../../lib/crypto.ts';
import { eventData, q } from './sql.ts';
import { playActions, type PlayedStep } from '../../../schema/workflow.ts';
import type { Role } from '../../../schema/domain.ts';
import type { PerformanceFacts } from '../../../schema/bulletin/performance.ts';

/** The demo client of POST /api/applications/events (README, 电子监察). Demo only: never in production. */
export const DEMO_CLIENT = { id: 'ac-demo-bizsys', secret: 'demo-only-secret-do-not-use-in-production' };

type E = [type: ApplicationEventType, workingDaysAgo: number, data?: Record<string, unknown>];
interface Demo {
  number: string;
  code: string;
  service: string;
  events: E[];
  /** Card actions on the first red card: 督办, then 回告. */
  supervise?: boolean;
  answer?: boolean;
  /** The applicant's contact and the notice channels chosen (issue 15): the application's subscriptions. */
  contact?: { phone: string; email: string };
  /** Dated in working days before the last day of the previous month (the last published bulletin's month). */
  lastMonth?: boolean;
  /** The applicant's 好差评, given an hour after the conclusion. */
  rating?: Satisfaction;
}

const demos: Demo[] = [
  { number: 'DEMO-2612-A01', code: 'DEMAPP0001', service: 'construction-permit', events: [['received', 0]] },
  { number: 'DEMO-2612-A02', code: 'DEMAPP0002', service: 'presale-permit', events: [['received', 1], ['correction-requested', 1, { materials: ['商品房预售方案', '工程施工进度证明'] }], ['stop-started', 1, { kind: 'correction' }]] },
  { number: 'DEMO-2612-A03', code: 'DEMAPP0003', service: 'public-rental-qualification', events: [['received', 2], ['accepted', 2], ['step-done', 2, { step: 0 }]] },
  {
    number: 'DEMO-2612-A04',
    code: 'DEMAPP0004',
    service: 'contractor-qualification',
    events: [['received', 9], ['accepted', 9], ['step-done', 9, { step: 0 }], ['step-done', 8, { step: 1 }], ['stop-started', 7, { kind: 'hearing' }], ['stop-ended', 5], ['extended', 4, { days: 5, reason: '申请人业绩材料需向外省核实', approvedBy: 'li-min' }]],
  },
  { number: 'DEMO-2612-A05', code: 'DEMAPP0005', service: 'maintenance-fund-use', events: [['received', 3], ['accepted', 3]] },
  { number: 'DEMO-2612-A06', code: 'DEMAPP0006', service: 'construction-permit', events: [['received', 2], ['accepted', 2], ['step-done', 2, { step: 0 }], ['step-done', 2, { step: 1 }], ['step-done', 1, { step: 2 }]] },
  { number: 'DEMO-2612-A07', code: 'DEMAPP0007', service: 'completion-filing', events: [['received', 4], ['accepted', 4], ['step-done', 4, { step: 0 }]], supervise: true, answer: true },
  { number: 'DEMO-2612-A08', code: 'DEMAPP0008', service: 'road-occupation', events: [['received', 8]], supervise: true },
  { number: 'DEMO-2612-A09', code: 'DEMAPP0009', service: 'developer-qualification', events: [['received', 2], ['not-accepted', 1, { reason: '申请材料不齐全' }]] },
  {
    number: 'DEMO-2612-A10',
    code: 'DEMAPP0010',
    service: 'sales-contract-filing',
    events: [['received', 3], ['accepted', 3], ['step-done', 3, { step: 0 }], ['step-done', 3, { step: 1 }], ['step-done', 2, { step: 2 }], ['concluded', 2, { outcome: 'approved' }]],
    contact: { phone: '13800000010', email: 'applicant.a10@example.com' },
  },
  {
    number: 'DEMO-2612-A11',
    code: 'DEMAPP0011',
    service: 'maintenance-fund-use',
    events: [['received', 6], ['accepted', 6], ['concluded', 3, { outcome: 'refused', reason: '使用方案未经业主大会表决通过', basis: '《住宅专项维修资金管理办法》第二十二条' }]],
  },
  { number: 'DEMO-2612-A12', code: 'DEMAPP0012', service: 'rental-subsidy', events: [['received', 5], ['accepted', 5], ['concluded', 4, { outcome: 'withdrawn' }]] },
  { number: 'DEMO-2612-A13', code: 'DEMAPP0013', service: 'quality-safety-registration', events: [['received', 1], ['accepted', 1], ['fee-charged', 1, { item: '资料费', amountYuan: 50 }]] },
  // Notifications (issue 15): the applicant chose SMS and e-mail; a red card names 韩冰 (demo-handler), 督办 pending 回告.
  { number: 'DEMO-2612-A15', code: 'DEMAPP0015', service: 'sales-contract-filing', events: [['received', 3], ['accepted', 3]], supervise: true, contact: { phone: '13800000015', email: 'applicant.a15@example.com' } },
  { number: 'DEMO-2612-A14', code: 'DEMAPP0014', service: 'fire-acceptance', events: [['received', 3], ['accepted', 3], ['step-done', 3, { step: 0 }], ['step-done', 3, { step: 1 }], ['stop-started', 2, { kind: 'testing', note: '消防设施检测' }]] },
  // Last month's work, so the last published bulletin's 绩效评估 has rates, cards and 好差评 whatever
  // the day of the month: eleven contract filings (two concluded late: red cards) and two subsidies.
  ...Array.from({ length: 11 }, (_, k): Demo => {
    const day = 1 + (k % 9);
    const late = k === 3 || k === 7;
    const levels: (Satisfaction | undefined)[] = ['very-satisfied', 'satisfied', 'satisfied', 'dissatisfied', 'basically-satisfied', 'very-satisfied', undefined, 'satisfied', undefined, 'very-satisfied', undefined];
    return {
      number: `DEMO-HIST-${String(k + 1).padStart(2, '0')}`,
      code: `DEMHIS${String(k + 1).padStart(4, '0')}`,
      service: 'sales-contract-filing',
      lastMonth: true,
      rating: levels[k],
      events: [['received', day + (late ? 3 : 0)], ['accepted', day + (late ? 3 : 0)], ['step-done', day, { step: 0 }], ['step-done', day, { step: 1 }], ['step-done', day, { step: 2 }], ['concluded', day, { outcome: 'approved' }]],
    };
  }),
  ...[2, 4].map((day, k): Demo => ({
    number: `DEMO-HIST-${12 + k}`,
    code: `DEMHIS00${12 + k}`,
    service: 'rental-subsidy',
    lastMonth: true,
    events: [['received', day + 10], ['accepted', day + 10], ['concluded', day, { outcome: k ? 'refused' : 'approved', ...(k ? { reason: '家庭收入超过保障标准', basis: '《示范市城镇住房保障家庭租赁补贴办法》第八条' } : {}) }]],
  })),
];

export const demoApplicationNotes = [
  ...demos.filter((d) => !d.lastMonth).map((d) => `demo application ${d.number}, query code ${d.code}`),
  `demo business-system client ${DEMO_CLIENT.id}, secret ${DEMO_CLIENT.secret} (README, 电子监察)`,
];

/** The date `n` working days before `from` (Monday–Friday past the calendar on file). */
function workingDaysBefore(calendar: WorkCalendar, from: string, n: number): string {
  let d = from;
  let left = n;
  while (left > 0) {
    d = addCalendarDays(d, -1);
    const year = calendar.years.get(Number(d.slice(0, 4)));
    const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
    const working = year ? year.on.has(d) || (!year.off.has(d) && wd !== 0 && wd !== 6) : wd !== 0 && wd !== 6;
    if (working) left--;
  }
  return d;
}

/** Each demo application's events and projection as of `now`, by the worker's own rules. */
function projected(now: number, catalogue: Catalogue, calendar: WorkCalendar) {
  const today = shanghaiDate(now);
  const lastMonthEnd = addCalendarDays(`${today.slice(0, 7)}-01`, -1);
  return demos.map((demo) => {
    const events: StoredEvent[] = demo.events.map(([type, ago, data = {}], i) => {
      const day = workingDaysBefore(calendar, demo.lastMonth ? lastMonthEnd : today, ago);
      const at = Math.min(Date.parse(`${day}T09:00:00+08:00`) + i * 600_000, now);
      return { type, occurredAt: at, recordedAt: at, seq: i, data: (type === 'received' ? { service: demo.service, channel: i % 2 ? 'online' : 'window', receiver: 'sun-yue' } : data) as StoredEvent['data'] };
    });
    const result = replay(catalogue, calendar, events, today);
    if (!result.ok) throw new Error(`demo ${demo.number}: ${result.reason}`);
    const service = catalogue.services.find((s) => s.id === demo.service)!;
    const p = result.projection;
    // Cards of last month's work were raised when it was concluded; the rest by today's sweep.
    const cardDay = demo.lastMonth && p.concludedOn ? p.concludedOn : today;
    const cards = cardFindings(p, service, calendar, cardDay).map((f) => ({ ...f, raisedOn: cardDay }));
    const ratedAt = demo.rating && p.concludedOn ? Math.min(events[events.length - 1].occurredAt + 3_600_000, now) : null;
    return { demo, events, p, service, cards, rating: demo.rating && ratedAt !== null ? { level: demo.rating, ratedAt } : null };
  });
}

/**
 * The anonymous facts of `month` that the worker's performance query (application-performance.ts)
 * reads from the rows this seed writes: the demo's published bulletins carry the same 绩效评估.
 * Cards are raised on the seed's day; the demo records no 好差评 yet.
 */
export function demoApplicationFacts(month: string, now: number, catalogue: Catalogue, calendar: WorkCalendar): PerformanceFacts {
  const today = shanghaiDate(now);
  const list = projected(now, catalogue, calendar);
  const inMonth = (day: string) => day.startsWith(`${month}-`);
  return {
    applications: list.map(({ p }) => ({ department: p.department, service: p.service, status: p.status, receivedOn: p.receivedOn, acceptedOn: p.acceptedOn ?? null, concludedOn: p.concludedOn ?? null, dueBy: p.dueBy?.date ?? null })),
    cards: list.flatMap(({ p, cards }) => cards.filter((c) => inMonth(c.raisedOn)).map((c) => ({ department: p.department, service: p.service, colour: c.colour }))),
    ratings: list.flatMap(({ p, rating }) => (rating && inMonth(shanghaiDate(rating.ratedAt)) ? [{ department: p.department, service: p.service, level: rating.level }] : [])),
  };
}

/** `deps` lets the worker tests run the seed inside workerd (no files there). */
export async function demoApplicationsSql(now = clockNow(), deps?: { key: string; catalogue: Catalogue; calendar: WorkCalendar }): Promise<string[]> {
  // A computed specifier keeps the worker's type check (no Node types) out of local.ts, as in cases.ts.
  const local = './local.ts';
  const given =
    deps ??
    (await (async () => {
      const { devVar, localCatalogue } = (await import(/* @vite-ignore */ local)) as { devVar: (n: string) => string; localCatalogue: () => { catalogue: Catalogue; calendar: WorkCalendar } };
      return { key: devVar('PII_KEY'), ...localCatalogue() };
    })());
  const { catalogue, calendar, key } = given;
  const today = shanghaiDate(now);
  const out: string[] = [];
  out.push(
    `insert into application_clients (id, name, departments, services, secret, created_at) values (${q(DEMO_CLIENT.id)}, '演示业务系统（住建审批）', ${q(JSON.stringify(catalogue.departments.map((d) => d.id)))}, '[]', ${q(await seal(key, DEMO_CLIENT.secret))}, ${now});`,
  );
  let n = 0;
  for (const { demo, events, p, service, cards, rating } of projected(now, catalogue, calendar)) {
    const applicant = await seal(key, { kind: 'organisation', name: `示例申请单位${++n}`, ...(demo.contact ?? {}) });
    out.push(
      `insert into applications (number, service, department, channel, status, applicant, access_hash, received_on, accepted_on, concluded_on, due_by, due_provisional, statutory_by, step_due_by, stopped, next_check, late_events, version, updated_at) values (${[
        q(demo.number),
        q(p.service),
        q(p.department),
        q(p.channel),
        q(p.status),
        q(applicant),
        q(await accessHash(demo.number, demo.code)),
        q(p.receivedOn),
        q(p.acceptedOn ?? null),
        q(p.concludedOn ?? null),
        q(p.dueBy?.date ?? null),
        p.dueBy?.provisional ? 1 : 0,
        q(p.statutoryBy?.date ?? null),
        q(p.currentStep?.dueBy.date ?? null),
        p.stopped ? 1 : 0,
        q(nextCheck(p, calendar, today)),
        0,
        events.length,
        now,
      ].join(', ')});`,
    );
    if (demo.contact) {
      for (const channel of ['email', 'sms']) out.push(`insert into notification_subscriptions (reference, channel, created_at) values (${q(`BJ:${demo.number}`)}, ${q(channel)}, ${events[0].recordedAt});`);
    }
    for (const [i, e] of events.entries()) {
      out.push(
        `insert into application_events (application_id, source, event_id, type, occurred_at, recorded_at, late, data) select id, 'client:${DEMO_CLIENT.id}', ${q(`${demo.number}-${i}`)}, ${q(e.type)}, ${e.occurredAt}, ${e.recordedAt}, 0, ${q(JSON.stringify(e.data))} from applications where number = ${q(demo.number)};`,
      );
    }
    const post = catalogue.posts.find((x) => x.id === service.responsiblePost)!;
    let firstRed = true;
    if (rating) {
      const followUpBy = badLevels.has(rating.level) ? deadline(calendar, shanghaiDate(rating.ratedAt), BAD_RATING_FOLLOW_UP_DAYS).date : null;
      out.push(
        `insert into application_ratings (application_id, level, comment, rated_at, follow_up_by) select id, ${q(rating.level)}, null, ${rating.ratedAt}, ${q(followUpBy)} from applications where number = ${q(demo.number)};`,
      );
    }
    for (const f of cards) {
      const raisedAt = f.raisedOn === today ? now : Math.min(Date.parse(`${f.raisedOn}T18:00:00+08:00`), now);
      const red = f.colour === 'red' && firstRed;
      if (f.colour === 'red') firstRed = false;
      // 督办 and 回告 are steps through the card registry (schema/application.ts cardActions), from 'open'.
      const steps: PlayedStep<CardAction, Role>[] = red
        ? [
            ...(demo.supervise ? [{ action: 'supervise' as const, role: 'supervisor' as const, actor: 'console:demo', at: now, input: { instruction: '请说明原因，立即办理并回告', answerDays: 3 } }] : []),
            ...(demo.answer ? [{ action: 'answer' as const, role: 'handler' as const, actor: 'console:demo', at: now, input: { answer: '经办人外出培训未按 AB 岗交接，已补办并整改交接制度' } }] : []),
          ]
        : [];
      const played = { state: 'open' as CardState, answerBy: null as string | null, version: 1 };
      const events = playActions(cardActions, `demo card ${f.key}`, played, (r) => r.state, steps, () => ({ today, calendar }));
      out.push(
        `insert into application_cards (application_id, rule, colour, key, department, service, post, holder, via, detail, state, raised_on, raised_at, answer_by) select id, ${q(f.rule)}, ${q(f.colour)}, ${q(f.key)}, ${q(p.department)}, ${q(p.service)}, ${q(post.id)}, ${q(post.holderA)}, 'a', ${q(f.detail)}, ${q(played.state)}, ${q(f.raisedOn)}, ${raisedAt}, ${q(played.answerBy)} from applications where number = ${q(demo.number)};`,
      );
      const card = `(select c.id from application_cards c join applications a on a.id = c.application_id where a.number = ${q(demo.number)} and c.key = ${q(f.key)})`;
      out.push(`insert into application_card_events (card_id, at, actor, type, data) values (${card}, ${raisedAt}, 'system', 'raised', ${q(eventData(cardEvents, 'raised', {}, `card ${f.key}`))});`);
      for (const e of events) out.push(`insert into application_card_events (card_id, at, actor, type, data) values (${card}, ${e.at}, ${q(e.actor)}, ${q(e.event.type)}, ${q(eventData(cardEvents, e.event.type, e.event.data, `card ${f.key}`))});`);
    }
  }
  return out;
}
