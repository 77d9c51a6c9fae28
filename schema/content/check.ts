import type { ContentProblem, Entry, OfficeContent } from './index.ts';
import { receptionPlan } from '../reception.ts';
import { makeCalendar, shanghaiDate } from '../workdays.ts';
import { now } from '../clock.ts';

/**
 * What the office must update before the published reception days run out (the schedule's
 * approvedThrough, or a year's holiday calendar not on file), as of the clock's today. Warnings, not
 * errors: the build goes on (provisional days are still published and say so), but says it loudly.
 */
export function receptionWarnings(content: OfficeContent, today = shanghaiDate(now())): string[] {
  if (content.calendar.length === 0) return [];
  const plan = receptionPlan(content.supervision.data.reception, makeCalendar(content.calendar.map((c) => c.data)), today);
  return plan.warnings.map((w) => `${content.supervision.file}: reception: ${w}`);
}

/**
 * Rules that span files: references between departments, posts, staff and services, and the
 * efficiency rules themselves (committed limit <= statutory limit, A and B holders distinct).
 * Each problem names the file, the field and what to write instead.
 */
export function checkOffice(
  content: OfficeContent,
  /** Ids of every file present, valid or not, so a broken file is reported once, not again as missing. */
  present: Partial<Record<'departments' | 'posts' | 'staff' | 'rules', ReadonlySet<string>>> = {},
): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const add = (entry: Entry<unknown>, field: string, message: string) =>
    problems.push({ file: entry.file, field, message });

  const departments = new Map(content.departments.map((e) => [e.id, e]));
  const posts = new Map(content.posts.map((e) => [e.id, e]));
  const staff = new Map(content.staff.map((e) => [e.id, e]));
  const ids = (name: keyof typeof present, map: Map<string, unknown>) => present[name] ?? new Set(map.keys());
  const known = {
    departments: ids('departments', departments),
    posts: ids('posts', posts),
    staff: ids('staff', staff),
  };

  const mustBe = (
    map: ReadonlySet<string>,
    entry: Entry<unknown>,
    field: string,
    value: string | undefined,
    kind: '处室' | '岗位' | '人员' | '制度',
    folder: string,
  ) => {
    if (value === undefined || map.has(value)) return;
    add(entry, field, `找不到${kind}“${value}”：请写 content/${folder}/ 下已有文件的文件名（不含扩展名），或先新建该${kind}`);
  };

  for (const d of content.departments) {
    mustBe(known.staff, d, 'head', d.data.head, '人员', 'staff');
    mustBe(known.posts, d, 'defaultPost', d.data.defaultPost, '岗位', 'posts');
    const defaultPost = posts.get(d.data.defaultPost);
    if (defaultPost && defaultPost.data.department !== d.id) {
      add(d, 'defaultPost', `岗位“${d.data.defaultPost}”属于“${defaultPost.data.department}”，不属于本处室：请写本处室的岗位`);
    }
    for (const [i, s] of d.data.slots.entries()) {
      if (s.start >= s.end) add(d, `slots.${i}`, `预约时段的开始时间 ${s.start} 要早于结束时间 ${s.end}`);
    }
  }

  for (const p of content.posts) {
    mustBe(known.departments, p, 'department', p.data.department, '处室', 'departments');
    mustBe(known.staff, p, 'holderA', p.data.holderA, '人员', 'staff');
    mustBe(known.staff, p, 'holderB', p.data.holderB, '人员', 'staff');
    if (p.data.holderA === p.data.holderB) {
      add(p, 'holderB', `A 岗和 B 岗是同一人（${p.data.holderA}）：AB岗位制要求 B 岗由另一名工作人员担任，请在 holderB 写另一人的编号`);
    }
  }

  for (const s of content.staff) {
    mustBe(known.departments, s, 'department', s.data.department, '处室', 'departments');
  }

  const codes = new Map<string, string>();
  for (const s of content.services) {
    const { data } = s;
    mustBe(known.departments, s, 'department', data.department, '处室', 'departments');
    mustBe(known.posts, s, 'handlerPost', data.handlerPost, '岗位', 'posts');
    mustBe(known.posts, s, 'responsiblePost', data.responsiblePost, '岗位', 'posts');
    if (data.committedDays > data.statutoryDays) {
      add(
        s,
        'committedDays',
        `承诺时限（${data.committedDays} 个工作日）长于法定时限（${data.statutoryDays} 个工作日）：承诺时限只能少于或等于法定时限，请把 committedDays 改为 ${data.statutoryDays} 或更小`,
      );
    }
    const stepDays = data.steps.reduce((sum, step) => sum + step.days, 0);
    if (stepDays > data.committedDays) {
      add(
        s,
        'steps',
        `各步骤时限合计 ${stepDays} 个工作日，超过承诺时限 ${data.committedDays} 个工作日：请缩短步骤时限或核对承诺时限`,
      );
    }
    for (const [i, step] of data.steps.entries()) {
      // An ascii actor is a post id; Chinese text (申请人, 窗口) is a plain description.
      if (/^[a-z0-9-]+$/.test(step.actor)) mustBe(known.posts, s, `steps.${i}.actor`, step.actor, '岗位', 'posts');
    }
    const seen = codes.get(data.code);
    if (seen) add(s, 'code', `事项编码 ${data.code} 已被 ${seen} 使用：每个事项的编码必须唯一`);
    else codes.set(data.code, s.file);
  }

  for (const c of content.commitments) {
    mustBe(known.departments, c, 'department', c.data.department, '处室', 'departments');
  }

  const rules = present.rules ?? new Set(content.rules.map((e) => e.id));
  for (const r of content.rules) {
    if (r.data.status === 'replaced' && !r.data.replacedBy) {
      add(r, 'replacedBy', '已被替代的制度要写明由哪项制度替代：请在 replacedBy 写该制度的文件名');
    }
    mustBe(rules, r, 'replacedBy', r.data.replacedBy, '制度', 'rules');
  }

  const reception = content.supervision.data.reception;
  for (const [i, receiver] of reception.receivers.entries()) {
    mustBe(known.staff, content.supervision, `reception.receivers.${i}`, receiver, '人员', 'staff');
  }
  const months = new Set<string>();
  for (const [i, e] of reception.exceptions.entries()) {
    mustBe(known.staff, content.supervision, `reception.exceptions.${i}.receiver`, e.receiver, '人员', 'staff');
    if (months.has(e.month)) add(content.supervision, `reception.exceptions.${i}.month`, `${e.month} 已有一条例外：每个月只写一条，把要改的内容合在一起`);
    months.add(e.month);
    if (e.date && !e.date.startsWith(`${e.month}-`)) add(content.supervision, `reception.exceptions.${i}.date`, `${e.date} 不在 ${e.month}：例外的日期要在它所属的月份内`);
    if ((e.cancelled || e.date) && !e.note) add(content.supervision, `reception.exceptions.${i}.note`, '取消或改期要向市民说明原因：请填写 note');
  }

  for (const c of content.calendar) {
    const { year } = c.data;
    if (c.id !== String(year)) add(c, 'year', `文件名 ${c.id} 与 year: ${year} 不一致：请把文件命名为 ${year}.yaml`);
    const off = new Set<string>();
    for (const [i, h] of c.data.holidays.entries()) {
      for (const [j, day] of h.days.entries()) {
        if (!day.startsWith(`${year}-`)) add(c, `holidays.${i}.days.${j}`, `${day} 不在 ${year} 年：请把它移到对应年份的日历文件`);
        off.add(day);
      }
    }
    for (const [i, day] of c.data.workdays.entries()) {
      if (!day.startsWith(`${year}-`)) add(c, `workdays.${i}`, `${day} 不在 ${year} 年：请把它移到对应年份的日历文件`);
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
      if (weekday !== 0 && weekday !== 6) add(c, `workdays.${i}`, `${day} 本来就是工作日：workdays 只列调休上班的周六、周日`);
      if (off.has(day)) add(c, `workdays.${i}`, `${day} 同时写在 holidays 和 workdays 中：请只保留一处`);
    }
  }

  return problems;
}
