// Issue 11, point 6: the demo's cases are steps played through the case workflow's own registry
// (worker/cli/seed/cases.ts → services/case-replay.ts → case-workflow.ts checkStep / planStep), so a step the console
// would refuse fails the seed, and the seeded rows are ones the console can keep working on.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, type CaseEvent } from '../../schema/cases.ts';
import { now } from '../../schema/clock.ts';
import { makeCalendar } from '../../schema/workdays.ts';
import { demoCasesSql, demoStaff, type DemoStep, type Replay } from '../../worker/cli/seed/cases.ts';
import { replay } from '../../worker/services/case-replay.ts';
import type { Staff } from '../../worker/env.ts';
import { act, listCases } from '../../worker/services/cases.ts';
import { catalogue } from './helpers.ts';

// The seed imports the replay at run time under its own view of the type: the two must agree.
const asSeenBySeed: Replay = replay;

const supervisor: Staff = { accountId: 9001, username: 'steps-supervisor', name: '赵丽', role: 'supervisor', department: 'efficiency-office', staffId: 'zhao-li' };

/** One demo case played through `steps`, received 20 days ago. */
function play(steps: DemoStep[], stage = 'handling') {
  const t = now();
  return replay(
    { reference: 'XN-TEST-STEP01', channel: 'phone', category: 'overdue', department: 'real-estate', firstReceiver: 'li-min', stage: stage as never, steps },
    t - 20 * 86_400_000,
    { date: '2099-01-01', provisional: false },
    t,
    demoStaff,
  );
}
const intoHandling: DemoStep[] = [
  { action: 'accept', day: 1, by: 'li-min' },
  { action: 'register', day: 1, by: 'li-min' },
  { action: 'submit', day: 2, by: 'li-min', input: { note: '建议交房地产市场监管科办理' } },
  { action: 'approve', day: 3, by: 'zhao-li', input: { department: 'real-estate' } },
];

describe('a demo step the registry refuses fails the seed', () => {
  it('plays the usual path into handling: stage, deadline and the events the actions write', () => {
    expect(asSeenBySeed).toBe(replay);
    const { row, events } = play(intoHandling);
    expect(row.stage).toBe('handling');
    expect(row.handlingDepartment).toBe('real-estate');
    expect(row.version).toBe(5);
    // No handler named on the approval: the routing rule names whoever acts for the department's post (A), as `act` does.
    expect(events.map((e) => e.type)).toEqual(['received', 'accepted', 'registered', 'parties-confirmed', 'submitted', 'approved', 'transferred', 'assigned']);
    expect(row.assignee).toBe(catalogue.posts.find((p) => p.id === catalogue.departments.find((d) => d.id === 'real-estate')!.defaultPost)!.holderA);
    expect(events.find((e) => e.type === 'accepted')!.data).toEqual({ dueBy: row.dueBy });
  });

  it('routes past a person the complaint is about: the next who acts for the post (B) handles it', () => {
    const post = catalogue.posts.find((p) => p.id === catalogue.departments.find((d) => d.id === 'real-estate')!.defaultPost)!;
    const steps: DemoStep[] = [{ action: 'accept', day: 1, by: 'li-min' }, { action: 'register', day: 1, by: 'li-min', input: { concerned: post.holderA } }, ...intoHandling.slice(2)];
    const { row, events } = play(steps);
    expect(row.assignee).toBe(post.holderB);
    expect(events.find((e) => e.type === 'assigned')!.data).toEqual({ assignee: post.holderB });
  });

  it.each<[string, DemoStep[], RegExp]>([
    ['a step in the wrong stage (submit at reception)', [{ action: 'submit', day: 1, by: 'li-min', input: { note: '建议交办' } }], /step 1: li-min \(intake\) may not submit a case in stage reception/],
    ['a role the action does not allow (a handler accepting)', [{ action: 'accept', day: 1, by: 'han-bing' }], /step 1: han-bing \(handler\) may not accept/],
    ['a handler of another department (approval-section case seen by real-estate)', [...intoHandling.slice(0, 3), { action: 'approve', day: 3, by: 'zhao-li', input: { department: 'approval-section' } }, { action: 'note', day: 4, by: 'han-bing', input: { note: '已核查' } }], /step 5: han-bing \(handler\) may not note/],
    ['an input the form refuses (extension of 99 working days)', [...intoHandling, { action: 'request-extension', day: 5, by: 'han-bing', input: { days: 99, reason: '需要调取记录核实' } }], /step 5: request-extension refused: .*延长天数最多 30 个工作日/],
    ['an input the form refuses (sanctions without the staff member)', [...intoHandling, { action: 'conclude', day: 5, by: 'zhao-li', input: { finding: 'substantiated', sanctions: ['oral-admonition'], reply: '经查属实，已批评教育，特此答复。' } }], /step 5: conclude refused: .*给予处理时请选择被投诉的工作人员/],
    ['a condition the action sets (approving an extension nobody asked for)', [...intoHandling, { action: 'approve-extension', day: 5, by: 'zhao-li' }], /step 5: zhao-li \(supervisor\) may not approve-extension/],
    ['a person concerned the department does not have', [{ action: 'accept', day: 1, by: 'li-min' }, { action: 'register', day: 1, by: 'li-min', input: { concerned: '不存在的人' } }], /step 2: register refused/],
    ['a rating before the conclusion', [...intoHandling, { citizen: 'rated', day: 5, level: 'satisfied' }], /step 5: the complainant cannot rate now/],
  ])('throws on %s', (_label, steps, message) => {
    expect(() => play(steps)).toThrow(message);
  });

  it('throws when the steps end in another stage than the case declares', () => {
    expect(() => play(intoHandling, 'conclusion')).toThrow('demo case XN-TEST-STEP01: its steps end in stage handling, not conclusion');
  });
});

describe('the seeded demo cases', { timeout: 30_000 }, () => {
  beforeAll(async () => {
    const statements = await demoCasesSql(undefined, { key: env.PII_KEY, catalogue, calendar: makeCalendar(catalogue.calendar), iterations: 1000 });
    for (let i = 0; i < statements.length; i += 50) await env.DB.batch(statements.slice(i, i + 50).map((s) => env.DB.prepare(s)));
  }, 60_000);

  it('keep every stage and deadline state of the demo, dated from today', async () => {
    const rows = await listCases(env, supervisor, {});
    // By suffix: the middle of a demo reference is the year and month the case was received.
    const bySuffix = new Map(rows.map((r) => [r.reference.slice(-6), r]));
    const stageOf = (n: number) => bySuffix.get(`CAS0${String(n).padStart(2, '0')}`)!;
    expect([1, 2, 3, 4, 5, 6, 7, 8, 11, 13].map((n) => stageOf(n).stage)).toEqual([
      'reception',
      'acceptance',
      'registration',
      'approval',
      'handling',
      'handling',
      'handling',
      'conclusion',
      'archive',
      'conclusion',
    ]);
    expect([2, 3, 4, 5].map((n) => stageOf(n).deadlineState)).toEqual(['on-time', 'on-time', 'on-time', 'on-time']);
    expect(stageOf(6).deadlineState).toBe('overdue');
    expect(stageOf(7).deadlineState).toBe('due-soon');
    expect(stageOf(5).extensionState).toBe('approved');
    expect(stageOf(13).reviewRequestedAt).not.toBeNull();
    expect(stageOf(15).ratingFollowUpDue).toBe(false);
  });

  it('write every event with the data its registry entry declares', async () => {
    const { results } = await env.DB.prepare("select e.type, e.data from complaint_events e join complaints c on c.id = e.complaint_id where c.reference like 'XN-____-CAS0%'").all<{ type: CaseEvent; data: string }>();
    expect(results.length).toBeGreaterThan(60);
    for (const e of results) expect(caseEvents[e.type].data.safeParse(JSON.parse(e.data)).success, `${e.type} ${e.data}`).toBe(true);
  });

  it('carry the version the console expects: the pending review and a note on the extended case go through', async () => {
    const rows = await listCases(env, supervisor, {});
    const review = rows.find((r) => r.reference.endsWith('-CAS013'))!;
    expect(await act(env, supervisor, review.id, 'review', { version: review.version, outcome: 'upheld', reply: '经复查，原结论认定事实清楚，维持原结论。' })).toEqual({ kind: 'done', stage: 'conclusion' });
    const extended = rows.find((r) => r.reference.endsWith('-CAS005'))!;
    expect(await act(env, supervisor, extended.id, 'note', { version: extended.version, note: '已电话催办' })).toEqual({ kind: 'done', stage: 'handling' });
  });
});
