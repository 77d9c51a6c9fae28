/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The form of each case action (issue 11): one entry per action, typed `Record<CaseAction, …>`, so
 * a new action without a form does not compile. CasePage frames each (heading, CSRF, version, button).
 */
import type { Child } from 'hono/jsx';
import type { PersonalData } from '../../../schema/complaint.ts';
import type { CaseAction } from '../../../schema/cases.ts';
import { findings, reviewOutcomes, sanctions } from '../../../schema/domain.ts';
import { catalogue, departmentName } from '../../lib/catalogue.ts';
import { handlingOf, limits, reviewAnswerBy, type CaseRow } from '../../services/cases.ts';
import { matchStaff } from '../../services/protection.ts';
import { formatDate } from '../confirmation.tsx';
import { Choices, Select, Text, TextArea } from './fields.tsx';
import { departmentOptions, staffName, staffOptions } from './cases.tsx';

/** What a form needs: the case, the complainant's data where shown, and its field helpers. */
export interface FormKit {
  row: CaseRow;
  personal?: PersonalData;
  /** The field's id, prefixed with the action so several forms share a page. */
  id: (field: string) => string;
  /** The answer kept after an error. */
  val: (field: string) => string | undefined;
  vals: (field: string) => string[];
  err: Partial<Record<string, string>>;
  note: (label: string, hint?: string) => Child;
}

export type CaseForm = (kit: FormKit) => { intro?: string; fields: Child };

export const caseForms = {
  accept: ({ note }) => {
    const intro = `受理后办结期限为 ${limits.conclusion} 个工作日，受理员须在 ${limits.registration} 个工作日内完成登记。`;
    const fields = note('备注（可选）');
    return { intro, fields };
  },
  decline: ({ id, val, err }) => {
    const intro = '理由、依据和去向会显示在投诉人的查询页面上（一次性告知）。';
    const fields = (
      <>
        <TextArea id={id('reason')} name="reason" label="不予受理的理由" value={val('reason')} error={err.reason} />
        <TextArea id={id('legalBasis')} name="legalBasis" label="依据" hint="写明所依据的规定及条款" value={val('legalBasis')} error={err.legalBasis} />
        <TextArea id={id('referral')} name="referral" label="可向何处反映" hint="写明应向哪个机关或部门反映，以及联系方式" value={val('referral')} error={err.referral} />
      </>
    );
    return { intro, fields };
  },
  register: ({ row, personal, id, val, vals, err, note }) => {
    const m = matchStaff(catalogue, row.department, personal?.staffName);
    const initialConcerned = m.kind === 'one' ? m.staff.name : (personal?.staffName ?? '');
    const intro = `请核对投诉人所述的被投诉人：系统按${departmentName(row.department)}公开的人员名单作出的匹配只是建议，以您确认的为准。被投诉人看不到本案。`;
    const fields = (
      <>
        <Text
          id={id('concerned')}
          name="concerned"
          label="被投诉工作人员（姓名）"
          hint={`写${departmentName(row.department)}工作人员的全名；未涉及具体人员的留空`}
          value={val('concerned') ?? initialConcerned}
          error={err.concerned}
          width="20"
        />
        <Choices
          id={id('textCleared')}
          name="textCleared"
          kind="radio"
          label="事情经过和诉求能否交被投诉部门阅读"
          hint="被投诉部门办理时看不到投诉人的姓名和联系方式；请确认事情经过和诉求中没有能认出投诉人的内容"
          value={vals('textCleared')}
          error={err.textCleared}
          options={[
            { value: 'yes', label: '已核对，不含能认出投诉人的内容，可以阅读' },
            { value: 'no', label: '含有能认出投诉人的内容，不交被投诉部门阅读' },
          ]}
        />
        {note('备注（可选）')}
      </>
    );
    return { intro, fields };
  },
  assign: ({ row, id, val, err }) => {
    const intro = `承办人须是${departmentName(handlingOf(row))}的工作人员，不能是被投诉人或已回避的人员。`;
    const fields = (
      <Select
        id={id('assignee')}
        name="assignee"
        label="承办人"
        value={val('assignee') ?? row.assignee ?? undefined}
        error={err.assignee}
        empty="请选择"
        options={staffOptions.filter((o) => catalogue.staff.find((s) => s.id === o.value)?.department === handlingOf(row))}
      />
    );
    return { intro, fields };
  },
  recuse: ({ id, val, err }) => {
    const intro = '与本案有利害关系（如系被投诉人的亲属、与投诉人相识）的，应当回避。回避后本案不再向您显示，理由只有效能办负责人可见。';
    const fields = <TextArea id={id('reason')} name="reason" label="回避理由" value={val('reason')} error={err.reason} />;
    return { intro, fields };
  },
  disclose: ({ id, val, err }) => {
    const intro = '被投诉部门办理时看不到投诉人的身份。确有必要（例如须当面核实）时，可以决定向其公开；理由记入办理经过，每次查看都有记录。';
    const fields = <TextArea id={id('reason')} name="reason" label="公开身份的理由" value={val('reason')} error={err.reason} />;
    return { intro, fields };
  },
  archive: ({ note }) => {
    const fields = note('备注（可选）');
    return { fields };
  },
  'approve-extension': ({ note }) => {
    const fields = note('备注（可选）');
    return { fields };
  },
  submit: ({ note }) => {
    const fields = note('拟办意见', '写明建议由哪个部门办理、怎样办理，供效能办负责人批示');
    return { fields };
  },
  approve: ({ id, val, err, note }) => {
    const fields = (
      <>
        <Select id={id('department')} name="department" label="交由哪个部门办理" hint="不选则由效能办直接办理；选择其他部门即转办" value={val('department')} error={err.department} empty="效能办直接办理" options={departmentOptions} />
        <Select id={id('assignee')} name="assignee" label="承办人（可选）" hint="须是承办部门的工作人员，不能是被投诉人" value={val('assignee')} error={err.assignee} empty="暂不指定" options={staffOptions} />
        {note('批示意见（可选）')}
      </>
    );
    return { fields };
  },
  transfer: ({ row, id, val, err, note }) => {
    const intro = `首问责任人 ${staffName(row.firstReceiver)} 继续跟踪督办。`;
    const fields = (
      <>
        <Select id={id('department')} name="department" label="转交部门" value={val('department')} error={err.department} empty="请选择" options={departmentOptions} />
        <Select id={id('assignee')} name="assignee" label="承办人（可选）" hint="须是转交部门的工作人员，不能是被投诉人；原承办人随转办解除" value={val('assignee')} error={err.assignee} empty="暂不指定" options={staffOptions} />
        {note('转办说明')}
      </>
    );
    return { intro, fields };
  },
  note: ({ note }) => {
    const fields = note('办理记录', '仅内部可见');
    return { fields };
  },
  'request-extension': ({ id, val, err }) => {
    const intro = `每件投诉只能延期一次，最多 ${limits.extension} 个工作日，须经效能办负责人批准；批准后理由和新期限会告知投诉人。`;
    const fields = (
      <>
        <Text id={id('days')} name="days" label="延长几个工作日" width="4" inputmode="numeric" value={val('days')} error={err.days} />
        <TextArea id={id('reason')} name="reason" label="延期理由" hint="投诉人会看到这段理由" value={val('reason')} error={err.reason} />
      </>
    );
    return { intro, fields };
  },
  'refuse-extension': ({ note }) => {
    const fields = note('不批准的理由');
    return { fields };
  },
  review: ({ row, id, val, vals, err }) => {
    const answerBy = reviewAnswerBy(row);
    const intro = `投诉人对办理结论有异议并申请复核（理由见下方办理经过）${answerBy ? `，请在 ${formatDate(answerBy)} 之前答复` : ''}。复核结果和答复会显示在投诉人的查询页面上。`;
    const fields = (
      <>
        <Choices
          id={id('outcome')}
          name="outcome"
          kind="radio"
          label="复核结果"
          value={vals('outcome')}
          error={err.outcome}
          options={reviewOutcomes.codes.map((o) => ({ value: o, label: reviewOutcomes.label(o) }))}
        />
        <Choices
          id={id('finding')}
          name="finding"
          kind="radio"
          label="新的调查结论（仅改变结论时选择）"
          hint={row.finding ? `原结论：${findings.label(row.finding)}` : undefined}
          value={vals('finding')}
          error={err.finding}
          options={findings.codes.map((f) => ({ value: f, label: findings.label(f) }))}
        />
        <Choices
          id={id('sanctions')}
          name="sanctions"
          kind="checkbox"
          label="新的处理方式（仅改变结论时选择，可多选，内部记录）"
          hint="改变结论后，这里所选的处理方式和人员取代原来的记录；不属实的不选"
          value={vals('sanctions')}
          error={err.sanctions}
          options={sanctions.codes.map((s) => ({ value: s, label: sanctions.label(s) }))}
        />
        <Select
          id={id('staffConcerned')}
          name="staffConcerned"
          label="被投诉的工作人员（仅改变结论时选择，内部记录）"
          hint={row.staffConcerned ? `原记录：${staffName(row.staffConcerned)}` : undefined}
          value={val('staffConcerned')}
          error={err.staffConcerned}
          empty="未涉及具体人员"
          options={staffOptions}
        />
        <TextArea id={id('reply')} name="reply" label="给投诉人的复核答复" hint="10—1000 字；投诉人会在查询页面看到这段答复" rows={5} value={val('reply')} error={err.reply} />
      </>
    );
    return { intro, fields };
  },
  'rating-follow-up': ({ note }) => {
    const intro = '投诉人给出了“不满意”或“非常不满意”的评价。请记录回访或核查的情况（仅内部可见，计入月度通报的差评复核率）。';
    const fields = note('回访情况', '写明何时、由谁、以何种方式回访，了解到什么，作了哪些改进');
    return { intro, fields };
  },
  conclude: ({ id, val, vals, err }) => {
    const fields = (
      <>
        <Choices id={id('finding')} name="finding" kind="radio" label="调查结论" value={vals('finding')} error={err.finding} options={findings.codes.map((f) => ({ value: f, label: findings.label(f) }))} />
        <Choices
          id={id('sanctions')}
          name="sanctions"
          kind="checkbox"
          label="处理方式（可多选，内部记录）"
          hint="不属实的不选"
          value={vals('sanctions')}
          error={err.sanctions}
          options={sanctions.codes.map((s) => ({ value: s, label: sanctions.label(s) }))}
        />
        <Select id={id('staffConcerned')} name="staffConcerned" label="被投诉的工作人员（内部记录，不对外公开）" value={val('staffConcerned')} error={err.staffConcerned} empty="未涉及具体人员" options={staffOptions} />
        <TextArea id={id('reply')} name="reply" label="给投诉人的答复" hint="投诉人会在查询页面看到这段答复" rows={5} value={val('reply')} error={err.reply} />
      </>
    );
    return { fields };
  },
} satisfies Record<CaseAction, CaseForm>;
