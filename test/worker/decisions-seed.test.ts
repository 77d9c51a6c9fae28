// Issue 14: the demo seed has decisions in every state, each with a history that matches its version,
// and today's sweep finds nothing left to flag (the seeded overdue one is flagged already).
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { decisionStates } from '../../schema/decisions.ts';
import { makeCalendar, shanghaiDate } from '../../schema/workdays.ts';
import { demoCasesSql } from '../../worker/cli/seed/cases.ts';
import { demoDecisionsSql, type ReplayDecision } from '../../worker/cli/seed/decisions.ts';
import { replayDecision } from '../../worker/services/decision-replay.ts';
import { act, awardRegister, bonusList, sweepDecisions } from '../../worker/services/decisions.ts';
import type { Staff } from '../../worker/env.ts';
import { catalogue } from './helpers.ts';

// The seed imports the replay at run time under its own view of the type: the two must agree.
const asSeenBySeed: ReplayDecision = replayDecision;

beforeAll(async () => {
  const statements = [...(await demoCasesSql(undefined, { key: env.PII_KEY, catalogue, calendar: makeCalendar(catalogue.calendar), iterations: 1000 })), ...(await demoDecisionsSql({ iterations: 1000, catalogue }))];
  for (let i = 0; i < statements.length; i += 50) await env.DB.batch(statements.slice(i, i + 50).map((s) => env.DB.prepare(s)));
}, 60_000);

describe('the demo decisions', { timeout: 30_000 }, () => {
  it('cover every state, each with a history numbered 1..version', async () => {
    expect(asSeenBySeed).toBe(replayDecision);
    const { results } = await env.DB.prepare('select id, state, version, (select count(*) from decision_events e where e.decision_id = d.id) as n, (select max(seq) from decision_events e where e.decision_id = d.id) as top from decisions d').all<{ id: number; state: string; version: number; n: number; top: number }>();
    expect(new Set(results.map((r) => r.state))).toEqual(new Set(decisionStates.codes));
    for (const r of results) expect([r.n, r.top], `decision ${r.id}`).toEqual([r.version, r.version]);
    const { results: people } = await env.DB.prepare('select staff_id as s, department as d from decisions').all<{ s: string; d: string }>();
    for (const p of people) expect(p.d, p.s).toBe(catalogue.staff.find((x) => x.id === p.s)!.department);
    const { results: proposers } = await env.DB.prepare('select count(*) as n from decisions where proposed_by is null').all<{ n: number }>();
    expect(proposers[0].n).toBe(0);
  });

  it('leave nothing for today’s sweep, and fill the register and the bonus list', async () => {
    expect(await sweepDecisions(env)).toBe(0);
    const year = Number(shanghaiDate().slice(0, 4));
    const both = [...(await bonusList(env, year)), ...(await bonusList(env, year - 1))];
    expect(both.map((b) => b.kind).sort()).toContain('standby');
    const award = [...(await awardRegister(env, year)), ...(await awardRegister(env, year - 1))];
    expect(award.map((a) => a.staffId)).toContain('xiong-bin');
  });

  it('are the registry\'s own steps (worker/services/decision-replay.ts): what each action writes, and the console goes on from there', async () => {
    // A served written admonition's event names its self-examination day, as `serve` writes it.
    const served = await env.DB.prepare("select d.id, d.version, d.self_exam_due as due, e.data from decisions d join decision_events e on e.decision_id = d.id and e.type = 'served' where d.staff_id = 'han-bing'").first<{ id: number; version: number; due: string; data: string }>();
    expect(JSON.parse(served!.data)).toEqual({ servedOn: expect.any(String), selfExamDue: served!.due });
    // A decision changed on appeal was served as what it first was, then changed (kind and original kind).
    const changed = await env.DB.prepare("select kind, original_kind as originalKind, given_on as givenOn, (select group_concat(type) from decision_events e where e.decision_id = d.id) as types from decisions d where appeal_outcome = 'changed'").first();
    expect(changed).toEqual({ kind: 'oral-admonition', originalKind: 'circulated-criticism', givenOn: null, types: 'proposed,approved,served,appealed,appeal-decided' });
    // The person concerned hands in the self-examination at the seeded version.
    const account = (await env.DB.prepare("select id from staff_accounts where username = 'demo-handler'").first<{ id: number }>())!.id;
    const self: Staff = { accountId: account, username: 'demo-handler', name: '韩冰', role: 'handler', department: 'real-estate', staffId: 'han-bing' };
    expect(await act(env, self, served!.id, served!.version, 'submit-self-exam', { text: '本人认真检讨，今后坚决改正。' })).toEqual({ ok: true });
  });
});
