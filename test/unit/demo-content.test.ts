import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatProblem, type Entry, type Rule } from '../../schema/content/index.ts';
import { loadOffice } from '../../schema/content/load.ts';
import { receptionPlan } from '../../schema/reception.ts';
import { isWorkingDay, makeCalendar, shanghaiDate } from '../../schema/workdays.ts';
import { now } from '../../schema/clock.ts';

// The shipped demo office (content/) is what visitors and the browser tests see first, so it must
// stay valid and carry the real figures of the seed rules, not placeholders.
const root = fileURLToPath(new URL('../../', import.meta.url));
const { content, problems } = loadOffice(root);

/** Every word of a rule a reader can see: title, aliases, summary, figures and articles. */
function ruleText(rule: Entry<Rule>): string {
  const { title, aliases, summary, figures } = rule.data;
  return [title, ...aliases, summary, ...figures.flatMap((f) => [f.label, f.value]), rule.body ?? ''].join('\n');
}

function findRule(name: string): Entry<Rule> | undefined {
  return content.rules.find((r) => r.data.title === name || r.data.aliases.includes(name));
}

describe('demo office content', () => {
  it('loads without a single problem', () => {
    expect(problems.map(formatProblem)).toEqual([]);
  });

  it('is marked as demo data', () => {
    expect(content.office.data.demo).toBe(true);
  });

  it('has at least five sections besides the efficiency office', () => {
    const others = content.departments.filter((d) => d.id !== 'efficiency-office');
    expect(content.departments.some((d) => d.id === 'efficiency-office')).toBe(true);
    expect(others.length).toBeGreaterThanOrEqual(5);
  });

  it('has at least twelve services, each with a legal basis, materials and steps', () => {
    expect(content.services.length).toBeGreaterThanOrEqual(12);
    for (const s of content.services) {
      expect(s.data.legalBasis.length, s.file).toBeGreaterThan(0);
      expect(s.data.materials.length, s.file).toBeGreaterThan(0);
      expect(s.data.steps.length, s.file).toBeGreaterThan(0);
    }
  });

  it('names handler and responsible posts from the service’s own section', () => {
    const posts = new Map(content.posts.map((p) => [p.id, p.data]));
    for (const s of content.services) {
      expect(posts.get(s.data.handlerPost)?.department, s.file).toBe(s.data.department);
      expect(posts.get(s.data.responsiblePost)?.department, s.file).toBe(s.data.department);
    }
  });

  const seedRules = [
    '首问负责制',
    '一次性告知制',
    '限时办结制',
    '服务承诺制',
    '公示制',
    '岗位目标责任制',
    'AB岗位制',
    '办事预约制',
    '被诉待岗制度',
    '效能告诫制度',
    '失职追究制度',
    '工作日中午禁酒制',
  ];
  it.each(seedRules)('publishes a rule page for %s', (name) => {
    const rule = findRule(name);
    expect(rule, `content/rules 下没有标题或别名为“${name}”的制度`).toBeDefined();
    expect(rule!.body?.trim().length ?? 0).toBeGreaterThan(0);
  });

  it('finds rules by the other names the seeds use', () => {
    expect(findRule('同岗替代制')?.data.title).toBe('AB岗位制');
    expect(findRule('办事办文限时制')?.data.title).toBe('限时办结制');
    expect(findRule('效能违规教育制度')?.data.title).toBe('效能告诫制度');
  });

  const figures: [string, RegExp[]][] = [
    ['被诉待岗制度', [/3 ?次/, /15 ?天/]],
    ['效能告诫制度', [/7 ?日/, /2 ?次/, /5 ?次/]],
    ['限时办结制', [/10 ?[天日]/, /10 ?分钟/, /3 ?小时/]],
    ['首问负责制', [/职位最高/, /联系人/]],
    ['AB岗位制', [/B 岗/, /科室负责人/]],
    ['失职追究制度', [/告诫/, /书面检查/, /通报批评/, /扣发奖金/, /行政处分/, /调离/, /免职/, /申诉/]],
    ['工作日中午禁酒制', [/批准/]],
  ];
  it.each(figures)('carries the real figures of %s', (name, patterns) => {
    const text = ruleText(findRule(name)!);
    for (const pattern of patterns) expect(text).toMatch(pattern);
  });

  it('describes every stage of the complaint workflow with its time limits', () => {
    const text = ruleText(findRule('效能投诉处理办法')!);
    for (const stage of ['接待', '受理', '登记', '呈批', '办理', '报结', '归档', '复核']) expect(text).toContain(stage);
    expect(text).toMatch(/5 个工作日/);
    expect(text).toMatch(/30 个工作日/);
  });

  it('publishes a reception day in each of the next six months, on a working Wednesday or a provisional one, whatever the date', () => {
    const calendar = makeCalendar(content.calendar.map((c) => c.data));
    const today = shanghaiDate(now());
    const plan = receptionPlan(content.supervision.data.reception, calendar, today);
    const months = new Set(plan.days.map((d) => d.month));
    // This month's day may already be over; every later month of the horizon has one.
    expect(months.size).toBeGreaterThanOrEqual(content.supervision.data.reception.monthsAhead - 1);
    for (const d of plan.days) {
      expect(new Date(`${d.date}T00:00:00Z`).getUTCDay(), d.date).toBe(3);
      expect(d.date >= today).toBe(true);
      if (!d.provisional) expect(isWorkingDay(calendar, d.date), d.date).toBe(true);
    }
  });
});
