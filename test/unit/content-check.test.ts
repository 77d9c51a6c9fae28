import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatProblem } from '../../schema/content/index.ts';
import { loadOffice, loadOfficeOrThrow } from '../../schema/content/load.ts';
import { receptionWarnings } from '../../schema/content/check.ts';
import { officeContentCheck } from '../../site/lib/content-check-integration.ts';

// A small valid office (test/fixtures/office) is copied for each test, broken in one place, and
// the exact message an editor would read is pinned.
const fixture = new URL('../fixtures/office/', import.meta.url).pathname;
let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'office-'));
  cpSync(fixture, root, { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function edit(file: string, change: (text: string) => string) {
  const path = join(root, 'content', file);
  writeFileSync(path, change(readFileSync(path, 'utf8')));
}

function messages(): string[] {
  return loadOffice(root).problems.map(formatProblem);
}

describe('content check', () => {
  it('accepts the valid fixture office', () => {
    expect(messages()).toEqual([]);
  });

  it('refuses a reception receiver who is not on the staff, and an exception dated outside its month or moved without a note', () => {
    edit('supervision.yaml', (t) =>
      t.replace('receivers: [wang-jianguo]', 'receivers: [wang-jianguo, wang-jianguoo]') + '  exceptions:\n    - month: 2027-03\n      date: 2027-04-07\n',
    );
    const m = messages();
    expect(m).toContain('content/supervision.yaml › reception.receivers.1：找不到人员“wang-jianguoo”：请写 content/staff/ 下已有文件的文件名（不含扩展名），或先新建该人员');
    expect(m).toContain('content/supervision.yaml › reception.exceptions.0.date：2027-04-07 不在 2027-03：例外的日期要在它所属的月份内');
    expect(m).toContain('content/supervision.yaml › reception.exceptions.0.note：取消或改期要向市民说明原因：请填写 note');
  });

  it('warns at build when the reception schedule runs out or the calendar does not cover the months published ahead', () => {
    const office = loadOfficeOrThrow(root);
    const lastYear = Math.max(...office.calendar.map((c) => c.data.year));
    // Dates taken from the calendar on file, not from the real date.
    expect(receptionWarnings(office, `${lastYear}-03-10`)).toEqual([]);
    expect(receptionWarnings(office, `${lastYear}-11-10`).join()).toContain(`content/calendar/${lastYear + 1}.yaml`);
    edit('supervision.yaml', (t) => t.replace('rotationFrom: 2026-12', `rotationFrom: 2026-12\n  approvedThrough: ${lastYear}-05`));
    const warnings = receptionWarnings(loadOfficeOrThrow(root), `${lastYear}-03-10`);
    expect(warnings.join()).toContain(`只审定到 ${lastYear} 年 5 月`);
    expect(warnings[0]).toMatch(/^content\/supervision\.yaml: reception: /);
  });

  it('refuses a committed limit longer than the statutory one, naming the fix', () => {
    edit('services/construction-permit.mdx', (t) => t.replace('committedDays: 3', 'committedDays: 9'));
    expect(messages()).toContain(
      'content/services/construction-permit.mdx › committedDays：承诺时限（9 个工作日）长于法定时限（7 个工作日）：承诺时限只能少于或等于法定时限，请把 committedDays 改为 7 或更小',
    );
  });

  it('refuses a reference to a department that does not exist', () => {
    edit('posts/approval-intake.yaml', (t) => t.replace('department: approval-section', 'department: approvals'));
    expect(messages()).toContain(
      'content/posts/approval-intake.yaml › department：找不到处室“approvals”：请写 content/departments/ 下已有文件的文件名（不含扩展名），或先新建该处室',
    );
  });

  it('refuses a service whose handler post does not exist', () => {
    edit('services/construction-permit.mdx', (t) => t.replace('handlerPost: approval-intake', 'handlerPost: approval-desk'));
    expect(messages()).toContain(
      'content/services/construction-permit.mdx › handlerPost：找不到岗位“approval-desk”：请写 content/posts/ 下已有文件的文件名（不含扩展名），或先新建该岗位',
    );
  });

  it('refuses a staff reference that does not exist', () => {
    edit('departments/approval-section.yaml', (t) => t.replace('head: chen-hong', 'head: chen-hongg'));
    expect(messages()).toContain(
      'content/departments/approval-section.yaml › head：找不到人员“chen-hongg”：请写 content/staff/ 下已有文件的文件名（不含扩展名），或先新建该人员',
    );
  });

  it('refuses a post without a B holder', () => {
    edit('posts/approval-intake.yaml', (t) => t.replace(/^holderB: .*\n/m, ''));
    expect(messages()).toEqual([
      'content/posts/approval-intake.yaml › holderB：每个岗位都要有 B 岗（备岗）承担人：请在 holderB 写人员编号（content/staff 下的文件名）',
    ]);
  });

  it('refuses a post whose A and B holders are the same person', () => {
    edit('posts/approval-intake.yaml', (t) => t.replace('holderB: chen-hong', 'holderB: sun-yue'));
    expect(messages()).toContain(
      'content/posts/approval-intake.yaml › holderB：A 岗和 B 岗是同一人（sun-yue）：AB岗位制要求 B 岗由另一名工作人员担任，请在 holderB 写另一人的编号',
    );
  });

  it('refuses a service without materials', () => {
    edit('services/construction-permit.mdx', (t) => t.replace(/materials:\n[\s\S]*?\nsteps:/, 'materials: []\nsteps:'));
    expect(messages()).toEqual([
      'content/services/construction-permit.mdx › materials：办事指南必须一次性告知所需材料：请在 materials 下至少列出一项材料',
    ]);
  });

  it('refuses a service without steps', () => {
    edit('services/construction-permit.mdx', (t) => t.replace(/steps:\n[\s\S]*?\nstatutoryDays:/, 'steps: []\nstatutoryDays:'));
    expect(messages()).toEqual([
      'content/services/construction-permit.mdx › steps：办事指南必须写明办理流程：请在 steps 下至少列出一个步骤（流程图由它生成）',
    ]);
  });

  it('refuses a malformed phone number', () => {
    edit('departments/approval-section.yaml', (t) => t.replace('phone: 0519-85600021', 'phone: 8560-0021x'));
    expect(messages()).toEqual([
      'content/departments/approval-section.yaml › phone：电话号码格式不对：固定电话写成“区号-号码”（如 0519-85681234），手机写 11 位数字',
    ]);
  });

  it('refuses a date that does not exist', () => {
    edit('rules/first-receiver.mdx', (t) => t.replace('effective: 2026-01-01', 'effective: "2026-02-30"'));
    expect(messages()).toEqual(['content/rules/first-receiver.mdx › effective：这一天不存在，请检查月份和日期']);
  });

  it('refuses a malformed date', () => {
    edit('rules/first-receiver.mdx', (t) => t.replace('effective: 2026-01-01', 'effective: 2026年1月1日'));
    expect(messages()).toEqual(['content/rules/first-receiver.mdx › effective：日期要写成 YYYY-MM-DD，例如 2026-03-01']);
  });

  it('fails the Astro build with every problem listed', () => {
    edit('services/construction-permit.mdx', (t) => t.replace('committedDays: 3', 'committedDays: 9'));
    const hook = officeContentCheck().hooks['astro:config:setup'] as (options: unknown) => void;
    const options = { config: { root: new URL(`file://${root}/`) }, command: 'build', logger: { warn() {} } };
    expect(() => hook(options)).toThrowError(/内容有 1 处错误，构建已停止：\n {2}- content\/services\/construction-permit\.mdx › committedDays/);
  });
});
