// 目标管理 (issue 14): the console. Targets CRUD with its Chinese 422s (inputs named in each case),
// who sees which targets, the review round draft → approved (leading group) → published, freezing
// (a change after publication moves the public page only through a correction with a note), and
// two corrections at once. The quarter under review is the last completed one by the run's clock.
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { now } from '../../schema/clock.ts';
import { lastCompletedQuarters, periodId, quarterOf } from '../../schema/targets.ts';
import { BASE } from './helpers.ts';
import { get, post, type Session, staffSessions } from './office-helpers.ts';

const P = lastCompletedQuarters(now(), 1)[0];
const PERIOD = periodId(P);
const Y = P.year;
const s = {} as Record<'sup' | 'leader' | 'admin' | 'handler' | 'intake' | 'other', Session>;

const valid = (over: Record<string, string | undefined> = {}) => ({
  year: String(Y),
  department: 'approval-section',
  title: '许可事项按时办结',
  measure: '全部许可在承诺时限内办结，超时件为零',
  points: '40',
  source: '限时办结制',
  due: `${Y}-12-31`,
  ...over,
});

async function count(): Promise<number> {
  return (await env.DB.prepare('select count(*) as n from targets').first<{ n: number }>())!.n;
}
async function ids(): Promise<Record<string, number>> {
  const { results } = await env.DB.prepare('select id, title from targets').all<{ id: number; title: string }>();
  return Object.fromEntries(results.map((r) => [r.title, r.id]));
}
const publicPage = async (path: string) => {
  const res = await exports.default.fetch(`${BASE}${path}`, { redirect: 'manual' });
  return { status: res.status, body: await res.text(), location: res.headers.get('Location') };
};

beforeAll(async () => {
  Object.assign(s, await staffSessions({
    sup: ['t-sup', 'supervisor', 'efficiency-office', 'zhao-li'],
    leader: ['t-leader', 'leader', null, 'wang-jianguo'],
    handler: ['t-handler', 'handler', 'real-estate', 'han-bing'],
    intake: ['t-intake', 'intake', 'efficiency-office', 'li-min'],
    other: ['t-other', 'handler', 'approval-section', 'chen-hong'],
    admin: ['t-admin', 'admin'],
  }));
}, 60_000);

describe('targets: validation (nothing written on a 4xx)', () => {
  it.each([
    ['everything empty', { year: '', department: '', title: '', measure: '', points: '', source: '', due: '' }, ['请选择责任处室', '请填写目标名称']],
    ['points 0', { points: '0' }, ['分值请写 1—100 的整数']],
    ['points "abc"', { points: 'abc' }, ['分值请写 1—100 的整数']],
    ['year 1999', { year: '1999' }, ['2020 年以后']],
    ['due in another year', { due: `${Y + 1}-03-31` }, [`完成期限应是 ${Y} 年内的一个日期`]],
    ['due "31/12"', { due: '31/12' }, ['YYYY-MM-DD']],
    ['department "nowhere"', { department: 'nowhere' }, ['没有这个处室']],
    ['person of another department (han-bing in approval-section)', { staffId: 'han-bing' }, ['这位工作人员不在所选处室']],
    ['a person not on the staff list', { staffId: 'nobody' }, ['没有这位工作人员']],
    ['a staff name in a published title (韩冰)', { title: '请韩冰牵头办结许可' }, ['不能写工作人员姓名（“韩冰”）']],
    ['a phone number in a published measure', { measure: '有问题打 13912345678 联系' }, ['不能写电话号码']],
    ['a title of 81 characters', { title: '长'.repeat(81) }, ['目标名称最多 80 个字']],
    ['an unknown field', { colour: 'red' }, ['不认识的字段“colour”']],
  ])('%s: 422 with the message saying what to fix', async (_name, over, messages) => {
    const before = await count();
    const res = await post('/office/targets/', s.sup, valid(over as Record<string, string>));
    expect(res.status).toBe(422);
    const body = await res.text();
    for (const m of messages) expect(body).toContain(m);
    expect(await count()).toBe(before);
  });

  it('creates department and individual targets; the year cannot be changed by an edit', async () => {
    for (const f of [
      valid(),
      valid({ title: '窗口一次性告知', points: '30' }),
      valid({ department: 'real-estate', title: '合同备案当日办结', points: '50' }),
      valid({ department: 'real-estate', staffId: 'han-bing', title: '个人咨询一次性告知', points: '20' }),
      valid({ staffId: 'chen-hong', title: '个人许可审查零差错', points: '20' }),
      valid({ title: '暂不需要的目标', points: '10' }),
    ]) {
      const res = await post('/office/targets/', s.sup, f);
      expect(res.status, f.title).toBe(303);
    }
    // A staff name is fine in an individual target (never published).
    expect(await count()).toBe(6);
    const id = (await ids())['窗口一次性告知'];
    const edit = await post(`/office/targets/items/${id}`, s.leader, valid({ title: '窗口一次性告知', points: '35' }));
    expect(edit.status).toBe(303);
    expect((await env.DB.prepare('select points from targets where id = ?').bind(id).first<{ points: number }>())!.points).toBe(35);
    const moved = await post(`/office/targets/items/${id}`, s.sup, valid({ year: String(Y + 1), due: `${Y + 1}-12-31`, title: '窗口一次性告知' }));
    expect(moved.status).toBe(422);
    expect(await moved.text()).toContain('目标的年度不能改');
  });
});

describe('targets: who sees what', () => {
  const seen = async (who: Session) => {
    const body = await (await get(`/office/targets/?year=${Y}`, who)).text();
    return ['许可事项按时办结', '合同备案当日办结', '个人咨询一次性告知', '个人许可审查零差错'].filter((t) => body.includes(t));
  };
  it('leading roles see everything; admin every department but no one’s individual target', async () => {
    expect(await seen(s.sup)).toEqual(['许可事项按时办结', '合同备案当日办结', '个人咨询一次性告知', '个人许可审查零差错']);
    expect(await seen(s.leader)).toEqual(['许可事项按时办结', '合同备案当日办结', '个人咨询一次性告知', '个人许可审查零差错']);
    expect(await seen(s.admin)).toEqual(['许可事项按时办结', '合同备案当日办结']);
  });
  it('a department’s handler sees their department’s targets and only their own individual one', async () => {
    expect(await seen(s.handler)).toEqual(['合同备案当日办结', '个人咨询一次性告知']);
    expect(await seen(s.other)).toEqual(['许可事项按时办结', '个人许可审查零差错']);
    expect(await seen(s.intake)).toEqual([]);
  });
  it('only the supervisor and the leading group change targets', async () => {
    const id = (await ids())['窗口一次性告知'];
    for (const who of [s.handler, s.admin, s.intake]) {
      expect((await post('/office/targets/', who, valid({ title: '越权新增' }))).status).toBe(403);
      expect((await get(`/office/targets/items/${id}`, who)).status).toBe(403);
      expect((await post(`/office/targets/items/${id}/delete`, who, {})).status).toBe(403);
    }
    expect(await count()).toBe(6);
  });
});

describe('targets: the quarterly review round', () => {
  const base = `/office/targets/quarters/${PERIOD}`;
  const state = async () => (await env.DB.prepare('select state, version from target_rounds where year = ? and quarter = ?').bind(P.year, P.quarter).first<{ state: string; version: number }>())!;

  it('opens once (a second open is 409); a future quarter cannot be opened', async () => {
    expect((await post(`${base}/open`, s.handler, {})).status).toBe(403);
    expect((await post(`${base}/open`, s.sup, {})).status).toBe(303);
    expect((await post(`${base}/open`, s.leader, {})).status).toBe(409);
    const next = quarterOf(now() + 100 * 86_400_000);
    const future = await post(`/office/targets/quarters/${periodId(next)}/open`, s.sup, {});
    expect(future.status).toBe(422);
    expect(await future.text()).toContain('这个季度还没有开始');
    expect((await state()).state).toBe('draft');
  });

  it('refuses bad checks with what to fix (inputs named)', async () => {
    const t = await ids();
    const cases: [string, Record<string, string>, string][] = [
      ['no status', { target: String(t['许可事项按时办结']), note: '按时完成' }, '请选择完成情况'],
      ['status "finished"', { target: String(t['许可事项按时办结']), status: 'finished', note: '按时完成' }, '请选择完成情况'],
      ['score 41 over the 40 points', { target: String(t['许可事项按时办结']), status: 'done', score: '41', note: '按时完成' }, '得分不能超过该目标的分值 40'],
      ['a phone number in a published note', { target: String(t['许可事项按时办结']), status: 'done', note: '详情请致电 0519-85600021' }, '不能写电话号码'],
      ['a name in a published note (陈红)', { target: String(t['许可事项按时办结']), status: 'done', note: '陈红同志负责，已完成' }, '不能写工作人员姓名'],
      ['no note', { target: String(t['许可事项按时办结']), status: 'done' }, '请填写检查说明'],
      ['target 999999', { target: '999999', status: 'done', note: '按时完成' }, '没有这个目标'],
    ];
    for (const [name, fields, message] of cases) {
      const res = await post(`${base}/check`, s.sup, fields);
      expect(res.status, name).toBe(422);
      expect(await res.text(), name).toContain(message);
    }
    expect((await env.DB.prepare('select count(*) as n from target_checks').first<{ n: number }>())!.n).toBe(0);
    expect((await post(`${base}/check`, s.handler, { target: String(t['许可事项按时办结']), status: 'done', note: '按时完成' })).status).toBe(403);
  });

  it('approval needs every department target checked, and the leading group', async () => {
    const t = await ids();
    expect((await post(`${base}/check`, s.sup, { target: String(t['许可事项按时办结']), status: 'done', score: '40', note: '全部按时办结' })).status).toBe(303);
    const early = await post(`${base}/approve`, s.leader, { version: '1' });
    expect(early.status).toBe(422);
    expect(await early.text()).toMatch(/还有 \d+ 个处室目标没有检查/);
    expect((await post(`${base}/publish`, s.sup, { version: '1' })).status).toBe(409);
    for (const [title, status, note] of [
      ['窗口一次性告知', 'in-progress', '书面告知单正在推广'],
      ['合同备案当日办结', 'mostly', '个别复杂件次日办结'],
      ['暂不需要的目标', 'not-done', '本季度未启动'],
      ['个人咨询一次性告知', 'done', '韩冰本季度无属实投诉'],
    ]) {
      expect((await post(`${base}/check`, s.leader, { target: String(t[title]), status, note })).status, title).toBe(303);
    }
    expect((await post(`${base}/approve`, s.sup, { version: '1' })).status).toBe(403);
    expect((await post(`${base}/approve`, s.leader, { version: '7' })).status).toBe(409);
    expect((await post(`${base}/approve`, s.leader, { version: '1' })).status).toBe(303);
    expect(await state()).toEqual({ state: 'approved', version: 2 });
    const late = await post(`${base}/check`, s.sup, { target: String(t['窗口一次性告知']), status: 'done', note: '补记完成' });
    expect(late.status).toBe(409);
    expect(await late.text()).toContain('已经审定');
    expect((await publicPage(`/targets/${PERIOD}/`)).status).toBe(404);
    expect((await publicPage(`/api/targets/${PERIOD}`)).status).toBe(404);
  });

  it('publishes once (the second publish is 409); the public page shows departments, no individual target', async () => {
    const both = await Promise.all([post(`${base}/publish`, s.sup, { version: '2' }), post(`${base}/publish`, s.leader, { version: '2' })]);
    expect(both.map((r) => r.status).sort()).toEqual([303, 409]);
    expect((await state()).state).toBe('published');
    const page = await publicPage(`/targets/${PERIOD}/`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('行政审批科');
    expect(page.body).toContain('书面告知单正在推广');
    for (const hidden of ['个人咨询一次性告知', '个人许可审查零差错', '韩冰', '陈红', 'han-bing', 'chen-hong']) expect(page.body).not.toContain(hidden);
    const json = (await (await exports.default.fetch(`${BASE}/api/targets/${PERIOD}`)).json()) as { version: number; data: { departments: { department: string; counts: { total: number; notDone: number } }[] } };
    expect(json.version).toBe(1);
    expect(json.data.departments.map((d) => d.department)).toEqual(['approval-section', 'real-estate']);
    expect(json.data.departments[0].counts).toMatchObject({ total: 3, notDone: 1 });
  });

  it('freezes: editing a target or the table never moves the published page', async () => {
    const t = await ids();
    expect((await post(`/office/targets/items/${t['许可事项按时办结']}`, s.sup, valid({ title: '改过的目标名称' }))).status).toBe(303);
    const page = await publicPage(`/targets/${PERIOD}/`);
    expect(page.body).toContain('许可事项按时办结');
    expect(page.body).not.toContain('改过的目标名称');
    await expect(env.DB.prepare('update target_results set data = ?').bind('{}').run()).rejects.toThrow(/frozen/);
    await expect(env.DB.prepare('delete from target_results').run()).rejects.toThrow(/frozen/);
    await expect(env.DB.prepare("insert into target_results (year, quarter, version, published_at, published_by, data) values (?, ?, 2, 0, 'x', '{}')").bind(P.year, P.quarter).run()).rejects.toThrow(/note/);
    const draftForm = await post(`${base}/check`, s.sup, { target: String(t['窗口一次性告知']), status: 'done', note: '补记完成' });
    expect(draftForm.status).toBe(409);
  });

  it('corrects with a note only; the page shows the correction and keeps version 1', async () => {
    const t = await ids();
    const fields = { target: String(t['窗口一次性告知']), status: 'done', note: '季度末已全面推行书面告知单', expectedVersion: '2' };
    const noNote = await post(`${base}/correct`, s.sup, fields);
    expect(noNote.status).toBe(422);
    expect(await noNote.text()).toContain('请填写更正说明');
    const personal = await post(`${base}/correct`, s.sup, { ...fields, target: String(t['个人咨询一次性告知']), correction: '更正个人目标的检查结果' });
    expect(personal.status).toBe(422);
    expect(await personal.text()).toContain('个人目标不对外通报');
    expect((await post(`${base}/correct`, s.handler, { ...fields, correction: '越权更正' })).status).toBe(403);
    const note = '更正：窗口一次性告知实为完成，检查时漏看了季度末的推行记录。';
    // Two officers correcting at once from the same page: one version 2, never two.
    const both = await Promise.all([post(`${base}/correct`, s.sup, { ...fields, correction: note }), post(`${base}/correct`, s.leader, { ...fields, status: 'mostly', correction: '另一份更正说明，内容不同' })]);
    expect(both.map((r) => r.status).sort()).toEqual([303, 409]);
    const { results } = await env.DB.prepare('select version, note from target_results where year = ? and quarter = ? order by version').bind(P.year, P.quarter).all<{ version: number; note: string | null }>();
    expect(results.map((r) => r.version)).toEqual([1, 2]);
    const winner = results[1].note!;
    const page = await publicPage(`/targets/${PERIOD}/`);
    expect(page.body).toContain('本通报已更正');
    expect(page.body).toContain(winner);
    const v1 = await publicPage(`/targets/${PERIOD}/?version=1`);
    expect(v1.body).toContain('书面告知单正在推广');
    expect(v1.body).not.toContain('本通报已更正');
    const json = (await (await exports.default.fetch(`${BASE}/api/targets/${PERIOD}?version=1`)).json()) as { version: number; latestVersion: number };
    expect(json).toMatchObject({ version: 1, latestVersion: 2 });
    // A stale page (expects version 2 again) is refused, not a silent third version.
    expect((await post(`${base}/correct`, s.sup, { ...fields, correction: note })).status).toBe(409);
  });

  it('deletes a target only while no review has checked it', async () => {
    const t = await ids();
    const kept = await post(`/office/targets/items/${t['暂不需要的目标']}/delete`, s.sup, {});
    expect(kept.status).toBe(409);
    expect(await kept.text()).toContain('已有季度检查记录');
    expect((await post('/office/targets/', s.sup, valid({ title: '新建后删除', points: '5' }))).status).toBe(303);
    expect((await post(`/office/targets/items/${(await ids())['新建后删除']}/delete`, s.sup, {})).status).toBe(303);
    expect((await ids())['新建后删除']).toBeUndefined();
  });

  it('the handler reads their department’s results in the console, not the others’ and not another person’s', async () => {
    const body = await (await get(`${base}/`, s.handler)).text();
    expect(body).toContain('合同备案当日办结');
    expect(body).toContain('个人咨询一次性告知');
    expect(body).not.toContain('书面告知单');
    expect(body).not.toContain('个人许可审查零差错');
    expect(body).not.toContain('发布更正');
  });
});
