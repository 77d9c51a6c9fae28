// Answering a complainant's review request (复核) and following up a bad rating (差评回访) in the
// console: who may, when, what the citizen sees, what the case file and the bulletin read.
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../schema/workdays.ts';
import { gatherCaseFacts } from '../../worker/services/bulletins.ts';
import { asForm, postForm, postJson } from './helpers.ts';
import { caseStep, get, post, registerByPhone, type Session, staffSessions } from './office-helpers.ts';

let intake: Session;
let supervisor: Session;
let handler: Session;

beforeAll(async () => {
  ({ intake, supervisor, handler } = await staffSessions({
    intake: ['rv-intake', 'intake', 'efficiency-office', 'li-min'],
    supervisor: ['rv-super', 'supervisor', 'efficiency-office', 'zhao-li'],
    handler: ['rv-handler', 'handler', 'real-estate', 'han-bing'],
  }));
});

async function caseRow(id: number) {
  return (await env.DB.prepare('select c.*, f.finding, f.sanctions, f.staff_concerned, f.unit, f.concluded_on from complaints c left join case_files f on f.complaint_id = c.id where c.id = ?')
    .bind(id)
    .first<Record<string, unknown>>())!;
}

const step = caseStep;

async function eventsOf(id: number) {
  const { results } = await env.DB.prepare('select type, public, data from complaint_events where complaint_id = ? order by id').bind(id).all<{ type: string; public: number; data: string }>();
  return results;
}

/** A phone complaint taken through the console to its conclusion (substantiated, oral admonition of xie-na). */
async function concludedCase(finding = 'substantiated') {
  const registered = await registerByPhone(intake);
  const { id, reference } = registered;
  const accessCode = registered.accessCode.replace('-', '');
  expect((await step(intake, id, 'accept')).status).toBe(303);
  expect((await step(intake, id, 'register')).status).toBe(303);
  expect((await step(intake, id, 'submit', { note: '建议交房地产科办理' })).status).toBe(303);
  expect((await step(supervisor, id, 'approve', { department: 'real-estate' })).status).toBe(303);
  const outcome: Record<string, string> =
    finding === 'unsubstantiated'
      ? { finding, reply: '经查不属实：窗口已按规定一次性告知，特此答复。' }
      : { finding, sanctions: 'oral-admonition', staffConcerned: 'xie-na', reply: '经查属实，已对经办人员告诫，备案已于今日办结。' };
  expect((await step(supervisor, id, 'conclude', outcome)).status).toBe(303);
  return { id, reference, accessCode };
}

async function askForReview(reference: string, accessCode: string) {
  const res = await postJson('/api/track/review', { reference, accessCode, reason: '我认为结论不对：经办人员至今没有向我说明延误原因，也没有道歉。' });
  expect(res.status).toBe(200);
}

async function rate(reference: string, accessCode: string, level: string) {
  const res = await postJson('/api/track/rating', { reference, accessCode, level });
  expect(res.status).toBe(200);
}

async function casePage(s: Session, id: number): Promise<string> {
  const res = await get(`/office/cases/${id}`, s);
  expect(res.status).toBe(200);
  return res.text();
}

const upheld = { outcome: 'upheld', reply: '经另行指定人员复查，原结论无误，维持原结论；延误原因已另行电话说明。' };

describe('answering a review request (复核)', () => {
  it('shows the pending request on the case page and in the list, and only the supervisor gets the form', async () => {
    const { id, reference, accessCode } = await concludedCase();
    expect(await casePage(supervisor, id)).not.toContain('action="/office/cases/' + id + '/review"');
    await askForReview(reference, accessCode);
    const page = await casePage(supervisor, id);
    expect(page).toContain(`action="/office/cases/${id}/review"`);
    expect(page).toContain('待复核');
    expect(page).toContain('经办人员至今没有向我说明延误原因'); // the citizen's sealed reason, opened for staff
    expect(await casePage(intake, id)).not.toContain(`/office/cases/${id}/review"`);
    const list = await (await get('/office/cases/?pending=review', supervisor)).text();
    expect(list).toContain(reference);
    expect(list).toContain('待复核');
    const api = (await (await get(`/api/office/cases/${id}`, supervisor)).json()) as { case: { reviewPending: boolean; reviewAnswerBy: string }; actions: string[] };
    expect(api.case.reviewPending).toBe(true);
    expect(api.case.reviewAnswerBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(api.actions).toContain('review');
  });

  it('upholding the conclusion shows 复核结论 and the reply on the tracking page and API, and the case leaves the 待复核 list', async () => {
    const { id, reference, accessCode } = await concludedCase();
    await askForReview(reference, accessCode);
    const res = await step(supervisor, id, 'review', upheld);
    expect(res.status).toBe(303);
    const row = await caseRow(id);
    expect(row.stage).toBe('conclusion');
    expect(row.finding).toBe('substantiated');
    const events = await eventsOf(id);
    const answer = events.find((e) => e.type === 'review-concluded')!;
    expect(answer.public).toBe(1);
    expect(JSON.parse(answer.data)).toEqual({ outcome: 'upheld', reply: upheld.reply });

    const page = await (await postForm('/track/', asForm({ reference, accessCode }))).text();
    expect(page).toContain('复核结论');
    expect(page).toContain('维持原结论');
    expect(page).toContain(upheld.reply);
    const timeline = (await (await postJson('/api/track', { reference, accessCode })).json()) as { events: { type: string; label: string; data: Record<string, string> }[]; canReview: boolean };
    const e = timeline.events.find((x) => x.type === 'review-concluded')!;
    expect(e.label).toBe('复核结论');
    expect(e.data).toEqual({ outcome: 'upheld', outcomeLabel: '维持原结论', reply: upheld.reply });
    expect(timeline.canReview).toBe(false);

    expect(await (await get('/office/cases/?pending=review', supervisor)).text()).not.toContain(reference);
    expect(await casePage(supervisor, id)).not.toContain(`action="/office/cases/${id}/review"`);
  });

  it('changing the finding updates the case file the alerts read, in the same write, and tells the citizen the new finding only', async () => {
    const { id, reference, accessCode } = await concludedCase();
    await askForReview(reference, accessCode);
    const before = await caseRow(id);
    const res = await step(supervisor, id, 'review', { outcome: 'changed', finding: 'partly-substantiated', reply: '经复查，延误部分属实，但材料问题系申请人补件所致，结论改为部分属实。' });
    expect(res.status).toBe(303);
    const row = await caseRow(id);
    expect(row.finding).toBe('partly-substantiated');
    expect(JSON.parse(String(row.sanctions))).toEqual([]);
    expect(row.staff_concerned).toBeNull();
    expect(row.concluded_on).toBe(before.concluded_on);
    expect(row.version).toBe(Number(before.version) + 1);
    const events = await eventsOf(id);
    expect(events.find((e) => e.type === 'review-outcome')).toMatchObject({ public: 0 });
    expect(JSON.parse(events.find((e) => e.type === 'review-outcome')!.data)).toMatchObject({ previousFinding: 'substantiated', finding: 'partly-substantiated' });

    const timeline = (await (await postJson('/api/track', { reference, accessCode })).json()) as { events: { type: string; data: Record<string, string> }[] };
    const e = timeline.events.find((x) => x.type === 'review-concluded')!;
    expect(e.data.finding).toBe('partly-substantiated');
    expect(e.data.findingLabel).toBe('部分属实');
    expect(JSON.stringify(timeline)).not.toContain('xie-na');
    expect(JSON.stringify(timeline)).not.toContain('review-outcome');
    const page = await (await postForm('/track/', asForm({ reference, accessCode }))).text();
    expect(page).toContain('改变结论');
    expect(page).toContain('新的调查结论');
  });

  it('a changed finding with new sanctions records them and the staff member concerned for the alerts', async () => {
    const { id, reference, accessCode } = await concludedCase('unsubstantiated');
    await askForReview(reference, accessCode);
    const res = await step(supervisor, id, 'review', {
      outcome: 'changed',
      finding: 'substantiated',
      sanctions: 'written-admonition',
      staffConcerned: 'xie-na',
      reply: '经复查，原结论有误：经办人员确有拖延，改为属实并已书面告诫。',
    });
    expect(res.status).toBe(303);
    const row = await caseRow(id);
    expect(row.finding).toBe('substantiated');
    expect(JSON.parse(String(row.sanctions))).toEqual(['written-admonition']);
    expect(row.staff_concerned).toBe('xie-na');
    expect(row.unit).toBe('real-estate');
  });

  it('is refused without a request, a second time, for a handler or intake, with a stale version — and nothing is written', async () => {
    const { id, reference, accessCode } = await concludedCase();
    // No request yet: 409, no event.
    let res = await step(supervisor, id, 'review', upheld);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('没有待答复的复核申请');
    await askForReview(reference, accessCode);
    // Handler (of the handling department) and intake: 403.
    expect((await step(handler, id, 'review', upheld)).status).toBe(403);
    expect((await step(intake, id, 'review', upheld)).status).toBe(403);
    // Stale version: 409.
    const { version } = (await caseRow(id)) as { version: number };
    res = await post(`/office/cases/${id}/review`, supervisor, { ...upheld, version: version - 1 });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('已被他人更新');
    expect((await eventsOf(id)).filter((e) => e.type === 'review-concluded')).toHaveLength(0);
    // Answered once; a second answer with the fresh version is refused.
    expect((await step(supervisor, id, 'review', upheld)).status).toBe(303);
    res = await step(supervisor, id, 'review', upheld);
    expect(res.status).toBe(409);
    // The first form's version is stale by now: also 409, never a second answer.
    res = await post(`/office/cases/${id}/review`, supervisor, { ...upheld, version });
    expect(res.status).toBe(409);
    expect((await eventsOf(id)).filter((e) => e.type === 'review-concluded')).toHaveLength(1);
  });

  it('answers bad input with 422, an error summary linking to the fields and the answers kept, and writes nothing', async () => {
    const { id, reference, accessCode } = await concludedCase();
    await askForReview(reference, accessCode);
    const before = await caseRow(id);
    const cases: [Record<string, string>, string, string][] = [
      [{ outcome: 'upheld', reply: '' }, 'reply', '请填写给投诉人的复核答复'],
      [{ outcome: 'upheld', reply: '维持。' }, 'reply', '至少写 10 个字'],
      [{ outcome: 'upheld', reply: '维'.repeat(1001) }, 'reply', '最多 1000 个字'],
      [{ outcome: 'maybe', reply: upheld.reply }, 'outcome', '请选择复核结果'],
      [{ reply: upheld.reply }, 'outcome', '请选择复核结果'],
      [{ outcome: 'changed', reply: upheld.reply }, 'finding', '改变结论时请选择新的调查结论'],
      [{ outcome: 'changed', finding: 'mostly', reply: upheld.reply }, 'finding', '请从列表中选择新的调查结论'],
      [{ outcome: 'changed', finding: 'substantiated', reply: upheld.reply }, 'finding', '与原结论（属实）相同'],
      [{ outcome: 'changed', finding: 'unsubstantiated', sanctions: 'oral-admonition', staffConcerned: 'xie-na', reply: upheld.reply }, 'sanctions', '不能给予处理'],
      [{ outcome: 'changed', finding: 'partly-substantiated', sanctions: 'oral-admonition', reply: upheld.reply }, 'staffConcerned', '请选择被投诉的工作人员'],
      [{ outcome: 'changed', finding: 'partly-substantiated', staffConcerned: 'nobody', reply: upheld.reply }, 'staffConcerned', '请从名单中选择'],
      [{ outcome: 'upheld', finding: 'unsubstantiated', reply: upheld.reply }, 'finding', '维持原结论时不填'],
      [{ outcome: 'upheld', reply: '复核\u0007答复内容足够长了吧' }, 'reply', '无法识别的字符'],
    ];
    for (const [fields, field, message] of cases) {
      const res = await step(supervisor, id, 'review', fields);
      expect(res.status, JSON.stringify(fields)).toBe(422);
      const page = await res.text();
      expect(page).toContain('<title>错误：');
      expect(page).toContain(`href="#review-${field}"`);
      expect(page).toContain(message);
      if (fields.reply && fields.reply.length < 200 && field !== 'reply') expect(page).toContain(fields.reply);
    }
    const after = await caseRow(id);
    expect(after.version).toBe(before.version);
    expect(after.finding).toBe('substantiated');
    expect((await eventsOf(id)).filter((e) => e.type === 'review-concluded')).toHaveLength(0);
  });

  it('works through the JSON console API with X-CSRF-Token: 422 field errors, 200, then 409', async () => {
    const { id, reference, accessCode } = await concludedCase();
    await askForReview(reference, accessCode);
    const call = (body: unknown, csrf = supervisor.csrf) =>
      exports.default.fetch(`http://portal.test/api/office/cases/${id}/actions/review`, {
        method: 'POST',
        headers: { Cookie: supervisor.cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const { version } = (await caseRow(id)) as { version: number };
    expect((await call({ version, ...upheld }, 'wrong-token')).status).toBe(403);
    const invalid = await call({ version, outcome: 'changed', reply: upheld.reply });
    expect(invalid.status).toBe(422);
    expect(((await invalid.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['finding']);
    const ok = await call({ version, outcome: 'changed', finding: 'partly-substantiated', sanctions: ['oral-admonition'], staffConcerned: 'xie-na', reply: upheld.reply });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ stage: 'conclusion' });
    expect((await call({ version: version + 1, ...upheld })).status).toBe(409);
  });

  it('an archived case can still be reviewed, and stays archived', async () => {
    const { id, reference, accessCode } = await concludedCase();
    expect((await step(supervisor, id, 'archive')).status).toBe(303);
    await askForReview(reference, accessCode);
    expect((await step(supervisor, id, 'review', upheld)).status).toBe(303);
    expect((await caseRow(id)).stage).toBe('archive');
  });
});

describe('following up a bad rating (差评回访)', () => {
  const followUp = { note: '已于次日电话回访投诉人，说明延误原因并致歉；已要求窗口每日清理积压件。' };

  it('is offered only for 不满意 and 非常不满意, once, by the supervisor, and records an internal rating-reviewed event', async () => {
    const good = await concludedCase();
    await rate(good.reference, good.accessCode, 'basically-satisfied');
    expect(await casePage(supervisor, good.id)).not.toContain(`/office/cases/${good.id}/rating-follow-up"`);
    const res = await step(supervisor, good.id, 'rating-follow-up', followUp);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('没有待回访的差评');

    for (const level of ['dissatisfied', 'very-dissatisfied']) {
      const bad = await concludedCase();
      await rate(bad.reference, bad.accessCode, level);
      const page = await casePage(supervisor, bad.id);
      expect(page).toContain(`action="/office/cases/${bad.id}/rating-follow-up"`);
      expect(page).toContain('差评待回访');
      expect(await (await get('/office/cases/?pending=rating', supervisor)).text()).toContain(bad.reference);
      expect((await step(handler, bad.id, 'rating-follow-up', followUp)).status).toBe(403);
      expect((await step(intake, bad.id, 'rating-follow-up', followUp)).status).toBe(403);
      const empty = await step(supervisor, bad.id, 'rating-follow-up', { note: '' });
      expect(empty.status).toBe(422);
      expect(await empty.text()).toContain('href="#rating-follow-up-note"');
      expect((await step(supervisor, bad.id, 'rating-follow-up', followUp)).status).toBe(303);
      const events = (await eventsOf(bad.id)).filter((e) => e.type === 'rating-reviewed');
      expect(events).toHaveLength(1);
      expect(events[0].public).toBe(0);
      expect(JSON.parse(events[0].data)).toEqual(followUp);
      expect((await step(supervisor, bad.id, 'rating-follow-up', followUp)).status).toBe(409);
      expect(await (await get('/office/cases/?pending=rating', supervisor)).text()).not.toContain(bad.reference);
      // Internal: the citizen's tracking page does not show it.
      const tracking = await (await postForm('/track/', asForm({ reference: bad.reference, accessCode: bad.accessCode }))).text();
      expect(tracking).not.toContain('回访');
    }
  });
});

describe('the monthly bulletin', () => {
  it('counts a followed-up 差评 and an answered review as reviewed, and a 差评 without either as not', async () => {
    const followed = await concludedCase();
    await rate(followed.reference, followed.accessCode, 'very-dissatisfied');
    expect((await step(supervisor, followed.id, 'rating-follow-up', { note: '已电话回访并向投诉人说明整改情况。' })).status).toBe(303);

    const reviewed = await concludedCase();
    await rate(reviewed.reference, reviewed.accessCode, 'dissatisfied');
    await askForReview(reviewed.reference, reviewed.accessCode);
    // An answered review also follows up the bad rating: the follow-up action is no longer offered.
    expect((await step(supervisor, reviewed.id, 'review', upheld)).status).toBe(303);
    expect(await casePage(supervisor, reviewed.id)).not.toContain(`/office/cases/${reviewed.id}/rating-follow-up"`);

    const waiting = await concludedCase();
    await rate(waiting.reference, waiting.accessCode, 'dissatisfied');

    const month = shanghaiDate().slice(0, 7);
    const facts = await gatherCaseFacts(env.DB, month);
    const bad = facts.filter((f) => f.rating && (f.rating.level === 'dissatisfied' || f.rating.level === 'very-dissatisfied') && f.rating.on.startsWith(month));
    // Every bad rating of this file: the two above that were reviewed, the waiting one and those of earlier tests (all followed up).
    expect(bad.filter((f) => !f.rating!.reviewed)).toHaveLength(1);
    expect(bad.filter((f) => f.rating!.reviewed).length).toBeGreaterThanOrEqual(2);
  });
});
