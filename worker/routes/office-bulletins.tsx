/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * /office/bulletins/: the supervisor previews a month computed live, publishes it (computed once
 * and frozen) and publishes corrections as new versions with a required note.
 */
import { textProblem } from '../../schema/common.ts';
import { MONTH_PATTERN } from '../../schema/bulletin/document.ts';
import { staffApp } from '../office/auth.ts';
import { html, messagePage, officeForm } from '../office/pages.tsx';
import { listPublished, monthEnded, previousMonth, versionsOf } from '../services/bulletins.ts';
import { computeMonth, publishBulletin } from '../services/bulletin-month.ts';
import { page } from '../views/layout.tsx';
import { BulletinListPage, BulletinMonthPage, monthLabel } from '../views/office/bulletins.tsx';
import { now as clockNow } from '../../schema/clock.ts';

/** Notes are public: long enough to say what and why, short enough to read. */
const NOTE_MIN = 10;
const NOTE_MAX = 1000;

/** The last `n` months, newest first, ending with the current one. */
function recentMonths(n: number, now = clockNow()): string[] {
  const out: string[] = [];
  let m = previousMonth(now);
  const [y, mm] = m.split('-').map(Number);
  out.push(mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, '0')}`);
  for (let i = 0; i < n - 1; i++) {
    out.push(m);
    const [yy, mo] = m.split('-').map(Number);
    m = mo === 1 ? `${yy - 1}-12` : `${yy}-${String(mo - 1).padStart(2, '0')}`;
  }
  return out;
}

export const officeBulletins = staffApp('supervisor');

officeBulletins
  .get('/', async (c) => {
    const published = await listPublished(c.env.DB);
    const months = [...new Set([...recentMonths(13), ...published.map((p) => p.month)])].sort().reverse();
    return html(200, page(<BulletinListPage staff={c.var.staff} csrf={c.var.csrf} published={published} months={months} />));
  })
  .get('/:month', async (c) => {
    const month = c.req.param('month');
    if (!MONTH_PATTERN.test(month)) return html(404, messagePage(c.var.staff, c.var.csrf, '没有这个月份', '地址中的月份应写成 YYYY-MM，如 2026-10。', '/office/bulletins/'));
    const done = c.req.query('published');
    const notice = done && /^\d+$/.test(done) ? `已发布${monthLabel(month)}通报第 ${done} 版，开放数据接口已可查询；公开网站的页面需导出并重新构建后更新。` : undefined;
    const [preview, versions] = await Promise.all([computeMonth(c.env.DB, month), versionsOf(c.env.DB, month)]);
    return html(200, page(<BulletinMonthPage staff={c.var.staff} csrf={c.var.csrf} month={month} preview={preview} versions={versions} ended={monthEnded(month)} notice={notice} />));
  })
  .post('/:month/publish', async (c) => {
    const staff = c.var.staff;
    const month = c.req.param('month');
    if (!MONTH_PATTERN.test(month)) return html(404, messagePage(staff, c.var.csrf, '没有这个月份', '地址中的月份应写成 YYYY-MM，如 2026-10。', '/office/bulletins/'));
    const back = `/office/bulletins/${month}`;
    const form = await officeForm(c, '未能发布', back, []);
    const version = String(form.version ?? '');
    if (!/^[1-9]\d{0,3}$/.test(version)) return html(400, messagePage(staff, c.var.csrf, '未能发布', '表单内容不完整，请返回通报页面刷新后再试。', back));
    const note = String(form.note ?? '').trim();
    const expectedVersion = Number(version);
    const again = async (status: number, message: string) => {
      const [preview, versions] = await Promise.all([computeMonth(c.env.DB, month), versionsOf(c.env.DB, month)]);
      return html(
        status,
        page(<BulletinMonthPage staff={staff} csrf={c.var.csrf} month={month} preview={preview} versions={versions} ended={monthEnded(month)} errors={[{ field: 'note', message }]} note={note} />),
      );
    };
    if (expectedVersion > 1) {
      // A published version is frozen for good: refuse what would corrupt the feed and CSV (issue 17, item 4).
      const problem = textProblem('更正说明', note);
      if (problem) return again(422, problem);
      if (note.length < NOTE_MIN) return again(422, `请写明更正说明：改了什么、为什么改（至少 ${NOTE_MIN} 个字）`);
      if (note.length > NOTE_MAX) return again(422, `更正说明最多 ${NOTE_MAX} 个字，请精简`);
    }
    const outcome = await publishBulletin(c.env.DB, month, { by: String(staff.accountId), note: expectedVersion > 1 ? note : undefined, expectedVersion });
    if (outcome.kind === 'not-ended') return html(422, messagePage(staff, c.var.csrf, '未能发布', `${monthLabel(month)}尚未结束，月份结束后才能发布通报。`, back));
    if (outcome.kind === 'note-required') return again(422, '请写明更正说明：改了什么、为什么改');
    if (outcome.kind === 'conflict') {
      return html(409, messagePage(staff, c.var.csrf, '未能发布', `该月通报已有第 ${outcome.latest} 版（可能刚由他人发布），请返回查看后再决定是否更正。`, back));
    }
    return c.redirect(`${back}?published=${outcome.version.version}`, 303);
  });
