/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * Accountability decisions in the console (issue 14): the register, a proposal form, one decision
 * with its history and the forms of the actions open to the reader, the person's own decisions,
 * and the printable 告诫通知书.
 */
import type { Child } from 'hono/jsx';
import type { FieldError } from '../../../schema/common.ts';
import { appealOutcomes, decisionKinds, decisionStates, examResults, SELF_EXAM_DAYS, standbyOutcomes } from '../../../schema/decisions.ts';
import type { Staff } from '../../env.ts';
import { catalogue, departmentName } from '../../lib/catalogue.ts';
import {
  allowed,
  appealDeadline,
  bonusStopped,
  decisionActions,
  decisionEventSpecs,
  noticeNumber,
  overdue,
  staffName,
  type Decision,
  type DecisionAction,
  type AwardEntry,
  type BonusEntry,
  type DecisionDetail,
} from '../../services/decisions.ts';
import { errorMap } from '../fields.tsx';
import { dateTime } from './cases.tsx';
import { Choices, Select, Text, TextArea } from './fields.tsx';
import { CsrfField, OfficeLayout, PrintSheet, VersionedForm } from './layout.tsx';
import { Table, Entry } from '../records.tsx';

const kindOptions = decisionKinds.codes.map((k) => ({ value: k, label: decisionKinds.label(k) }));
const staffOptions = () => catalogue.staff.map((s) => ({ value: s.id, label: `${s.name}（${departmentName(s.department)}，${s.title}）` }));

function StateTag({ d, today }: { d: Decision; today: string }) {
  return (
    <>
      <span data-state={d.state}>{decisionStates.label(d.state)}</span>
      {overdue(d, today) && (
        <strong class="tag tag--overdue" data-overdue="">
          {d.kind === 'standby' ? ' 待岗期满未评议' : ' 书面检查逾期'}
        </strong>
      )}
      {bonusStopped(d) && <span data-bonus-stopped=""> · 停发岗位考核奖金</span>}
    </>
  );
}

export function DecisionsPage({ staff, csrf, rows, today, mine = false, notice }: { staff: Staff; csrf: string; rows: Decision[]; today: string; mine?: boolean; notice?: string }) {
  const title = mine ? '我的处理决定' : '问责处理决定';
  return (
    <OfficeLayout title={title} staff={staff} csrf={csrf} active={mine ? 'my-decisions' : 'decisions'} notice={notice}>
      <h1>{title}</h1>
      {mine ? (
        <p>这里列出对您作出的效能问责处理决定。书面告诫须在送达后 {SELF_EXAM_DAYS} 日内提交书面检查。</p>
      ) : (
        <p>
          依据效能告诫制度、被诉待岗制度和失职追究制度：监察室提出建议，领导小组审定，然后送达执行。仅效能办负责人、领导小组和系统管理员可见。
          {staff.role === 'supervisor' && (
            <>
              {' '}
              <a href="/office/decisions/new">提出处理建议</a>
            </>
          )}{' '}
          <a href="/office/decisions/register">评先资格登记和奖金扣发清单</a>
        </p>
      )}
      {rows.length === 0 ? (
        <p>目前没有处理决定。</p>
      ) : (
        <Table class="table" caption={title} captionClass="visually-hidden" head={['编号', '被处理人', '种类', '状态', '提出日期']}>
          {rows.map((d) => (
            <tr data-decision={d.id}>
              <td>
                <a href={`/office/decisions/${d.id}`}>第 {d.id} 号</a>
              </td>
              <td>
                {staffName(d.staffId)}（{departmentName(d.department)}）
              </td>
              <td>{decisionKinds.label(d.kind)}</td>
              <td>
                <StateTag d={d} today={today} />
              </td>
              <td>{dateTime(d.proposedAt).slice(0, 10)}</td>
            </tr>
          ))}
        </Table>
      )}
    </OfficeLayout>
  );
}

export interface ProposeValues {
  kind?: string;
  staffId?: string;
  facts?: string;
  basis?: string;
  caseReferences?: string;
  alertId?: string;
}

export function NewDecisionPage({ staff, csrf, values = {}, errors = [] }: { staff: Staff; csrf: string; values?: ProposeValues; errors?: FieldError[] }) {
  const err = errorMap(errors);
  return (
    <OfficeLayout title="提出处理建议" staff={staff} csrf={csrf} active="decisions" errors={errors}>
      <h1>提出处理建议（呈批）</h1>
      <p>根据调查情况提出处理建议，提交效能建设领导小组审定。</p>
      <form method="post" action="/office/decisions/new" novalidate>
        <CsrfField csrf={csrf} />
        <Select id="kind" name="kind" label="处理种类" empty="请选择" options={kindOptions} value={values.kind} error={err.kind} />
        <Select id="staffId" name="staffId" label="被处理人" empty="请选择" options={staffOptions()} value={values.staffId} error={err.staffId} />
        <TextArea id="facts" name="facts" label="事实" rows={5} value={values.facts} error={err.facts} />
        <Text id="basis" name="basis" label="依据" hint="例如：《效能告诫制度》第三条" value={values.basis} error={err.basis} />
        <Text id="caseReferences" name="caseReferences" label="相关案件编号（选填）" hint="多个编号用逗号分开" value={values.caseReferences} error={err.caseReferences} />
        <Text id="alertId" name="alertId" label="相关问责提醒编号（选填）" width="10" value={values.alertId} error={err.alertId} />
        <button class="button" type="submit">
          提交呈批
        </button>
      </form>
    </OfficeLayout>
  );
}

type FormProps = { id: string; err: Record<string, string>; values: Record<string, string>; d: Decision; today: string };

/** The fields of each action's form (the registry's input schemas, as a citizen of the console sees them). */
const actionFields = {
  approve: ({ id, err, values }) => <TextArea id={`${id}-note`} name="note" label="审定意见（选填）" value={values.note} error={err.note} />,
  reject: ({ id, err, values }) => <TextArea id={`${id}-note`} name="note" label="不予批准的理由（选填）" value={values.note} error={err.note} />,
  serve: ({ id, err, values, d, today }) => (
    <>
      <Text id={`${id}-servedOn`} name="servedOn" label={d.kind === 'standby' ? '送达日期（待岗自当日起 15 天）' : d.kind === 'skill-study' ? '送达日期（待岗学习自当日起一个星期）' : '送达日期'} hint="例如 2026-12-01" value={values.servedOn ?? today} error={err.servedOn} width="10" />
      <Choices id={`${id}-unitHeadTold`} name="unitHeadTold" kind="checkbox" label="告知所在办、站负责人" value={values.unitHeadTold} error={err.unitHeadTold} options={[{ value: 'yes', label: `已告知${departmentName(d.department)}负责人` }]} />
      {(d.kind === 'standby' || d.kind === 'skill-study') && <TextArea id={`${id}-studyPlan`} name="studyPlan" label="学习计划" value={values.studyPlan} error={err.studyPlan} />}
    </>
  ),
  'give-oral': ({ id, err, values, today }) => (
    <>
      <Text id={`${id}-givenOn`} name="givenOn" label="告诫日期" value={values.givenOn ?? today} error={err.givenOn} width="10" />
      <Text id={`${id}-givenBy`} name="givenBy" label="告诫人" value={values.givenBy} error={err.givenBy} />
    </>
  ),
  'submit-self-exam': ({ id, err, values }) => <TextArea id={`${id}-text`} name="text" label="书面检查" rows={10} value={values.text} error={err.text} />,
  'receive-self-exam': ({ id, err, values, today }) => (
    <>
      <Text id={`${id}-countersignedBy`} name="countersignedBy" label="审查签字的办、站负责人" value={values.countersignedBy} error={err.countersignedBy} />
      <Text id={`${id}-receivedOn`} name="receivedOn" label="签收日期" value={values.receivedOn ?? today} error={err.receivedOn} width="10" />
    </>
  ),
  'record-review': ({ id, err, values }) => (
    <>
      <Text id={`${id}-citizenReps`} name="citizenReps" label="参加评议的服务对象代表" value={values.citizenReps} error={err.citizenReps} />
      <Text id={`${id}-staffReps`} name="staffReps" label="参加评议的单位工作人员代表" value={values.staffReps} error={err.staffReps} />
      <TextArea id={`${id}-reviewResult`} name="reviewResult" label="群众评议结果" value={values.reviewResult} error={err.reviewResult} />
      <TextArea id={`${id}-assessment`} name="assessment" label="组织考评意见" value={values.assessment} error={err.assessment} />
      <Choices id={`${id}-outcome`} name="outcome" label="处理结果" value={values.outcome} error={err.outcome} options={standbyOutcomes.codes.map((o) => ({ value: o, label: standbyOutcomes.label(o) }))} />
    </>
  ),
  'record-exam': ({ id, err, values, today }) => (
    <>
      <Text id={`${id}-examOn`} name="examOn" label="考试日期" value={values.examOn ?? today} error={err.examOn} width="10" />
      <Choices id={`${id}-examResult`} name="examResult" label="考试结果" value={values.examResult} error={err.examResult} options={examResults.codes.map((o) => ({ value: o, label: examResults.label(o) }))} />
      <TextArea id={`${id}-note`} name="note" label="说明（选填）" value={values.note} error={err.note} />
    </>
  ),
  appeal: ({ id, err, values, d }) => (
    <TextArea id={`${id}-appealText`} name="appealText" label="申诉理由" hint={`申诉期限：${appealDeadline(d) ?? ''} 前（含当日）`} rows={6} value={values.appealText} error={err.appealText} />
  ),
  'decide-appeal': ({ id, err, values }) => (
    <>
      <Choices id={`${id}-appealOutcome`} name="appealOutcome" label="申诉处理结果" value={values.appealOutcome} error={err.appealOutcome} options={appealOutcomes.codes.map((o) => ({ value: o, label: appealOutcomes.label(o) }))} />
      <Select id={`${id}-newKind`} name="newKind" label="变更后的处理种类（仅“变更处理种类”时填写）" empty="不变更" options={kindOptions} value={values.newKind} error={err.newKind} />
      <TextArea id={`${id}-appealNote`} name="appealNote" label="申诉处理意见" value={values.appealNote} error={err.appealNote} />
    </>
  ),
} satisfies Record<DecisionAction, (p: FormProps) => Child>;

export interface FailedAction {
  action: DecisionAction;
  errors: FieldError[];
  values: Record<string, string>;
}

export function DecisionPage({ staff, csrf, detail, today, failed, notice }: { staff: Staff; csrf: string; detail: DecisionDetail; today: string; failed?: FailedAction; notice?: string }) {
  const d = detail.decision;
  const own = staff.staffId === d.staffId;
  const board = ['supervisor', 'leader', 'admin'].includes(staff.role);
  const errors = failed ? failed.errors : [];
  const ids = failed ? Object.fromEntries(failed.errors.map((e) => [e.field, `${failed.action}-${e.field}`])) : {};
  const open = (Object.keys(decisionActions) as DecisionAction[]).filter((a) => allowed(a, d, staff));
  const number = noticeNumber(d);
  const events = own && !board ? detail.events.filter((e) => decisionEventSpecs[e.type].self) : detail.events;
  return (
    <OfficeLayout title={`处理决定第 ${d.id} 号`} staff={staff} csrf={csrf} active={own ? 'my-decisions' : 'decisions'} errors={errors} errorIds={ids} notice={notice}>
      <h1>
        处理决定第 {d.id} 号：{decisionKinds.label(d.kind)}
      </h1>
      <dl class="summary-list">
        <dt>被处理人</dt>
        <dd>
          {staffName(d.staffId)}（{departmentName(d.department)}）
        </dd>
        <dt>状态</dt>
        <dd>
          <StateTag d={d} today={today} />
        </dd>
        <dt>事实</dt>
        <dd class="prewrap">{d.facts}</dd>
        <dt>依据</dt>
        <dd>{d.basis}</dd>
        {/* The cases behind it are not shown to the person concerned (issue 10: they never see the case). */}
        {board && detail.links.length > 0 && (
          <>
            <dt>起因</dt>
            <dd>
              <ul>
                {detail.links.map((l) =>
                  l.kind === 'case' ? (
                    <li>
                      案件 {l.caseId ? <a href={`/office/cases/${l.caseId}`}>{l.ref}</a> : l.ref}
                    </li>
                  ) : (
                    <li>
                      问责提醒 <a href="/office/alerts/">第 {l.ref} 号</a>
                    </li>
                  ),
                )}
              </ul>
            </dd>
          </>
        )}
        {number && (
          <>
            <dt>告诫通知书</dt>
            <dd>
              <a href={`/office/decisions/${d.id}/notice`} data-notice-link="">
                {number}（打印）
              </a>
            </dd>
          </>
        )}
        <Entry term="送达日期" value={d.servedOn} />
        {d.selfExamDue && (
          <>
            <dt>书面检查期限</dt>
            <dd data-self-exam-due={d.selfExamDue}>
              {d.selfExamDue}（送达后 {SELF_EXAM_DAYS} 日内）{d.selfExamOn ? `，已于 ${d.selfExamOn} 提交` : ''}
              {d.countersignedBy ? `，${d.countersignedBy} 审查签字` : ''}
            </dd>
          </>
        )}
        {d.selfExamText && (
          <>
            <dt>书面检查</dt>
            <dd class="prewrap">{d.selfExamText}</dd>
          </>
        )}
        {d.givenOn && (
          <>
            <dt>口头告诫</dt>
            <dd>
              {d.givenOn}，告诫人 {d.givenBy}
            </dd>
          </>
        )}
        {d.standbyStart && d.kind === 'skill-study' && (
          <>
            <dt>待岗学习</dt>
            <dd data-standby-end={d.standbyEnd}>
              {d.standbyStart} 至 {d.standbyEnd}（一个星期），期满考试合格后再上岗
              {d.examResult ? `；${d.examOn} ${examResults.label(d.examResult)}` : ''}
            </dd>
          </>
        )}
        {d.standbyStart && d.kind === 'standby' && (
          <>
            <dt>待岗期</dt>
            <dd data-standby-end={d.standbyEnd}>
              {d.standbyStart} 至 {d.standbyEnd}（15 天）；待岗期间停发岗位考核奖金
            </dd>
            <dt>学习计划</dt>
            <dd class="prewrap">{d.studyPlan}</dd>
          </>
        )}
        {d.appealOn && (
          <>
            <dt>申诉</dt>
            <dd class="prewrap" data-appeal={d.appealOutcome ?? 'pending'}>
              {d.appealOn} 提出：{d.appealText}
              {'\n'}
              {d.appealOutcome
                ? `${d.appealDecidedOn} 领导小组决定：${appealOutcomes.label(d.appealOutcome)}${d.originalKind ? `（原为${decisionKinds.label(d.originalKind)}）` : ''}。${d.appealNote ?? ''}`
                : '待领导小组处理'}
            </dd>
          </>
        )}
        {d.outcome && (
          <>
            <dt>群众评议</dt>
            <dd class="prewrap">
              服务对象代表：{d.citizenReps}；单位工作人员代表：{d.staffReps}。{'\n'}
              {d.reviewResult}
            </dd>
            <dt>组织考评</dt>
            <dd class="prewrap">{d.assessment}</dd>
            <dt>处理结果</dt>
            <dd>{standbyOutcomes.label(d.outcome)}</dd>
          </>
        )}
      </dl>
      {open.map((a) => {
        const Fields = actionFields[a];
        const mine = failed?.action === a;
        return (
          <section aria-labelledby={`${a}-title`} class="action">
            <h2 id={`${a}-title`}>{decisionActions[a].label}</h2>
            <VersionedForm action={`/office/decisions/${d.id}/${a}`} csrf={csrf} version={d.version}>
              <Fields id={a} err={mine ? errorMap(failed.errors) : {}} values={mine ? failed.values : {}} d={d} today={today} />
              <button class="button" type="submit">
                {decisionActions[a].label}
              </button>
            </VersionedForm>
          </section>
        );
      })}
      <h2>处理经过</h2>
      <ol class="timeline">
        {events.map((e) => (
          <li data-event={e.type}>
            {dateTime(e.at)} {decisionEventSpecs[e.type].label}
            {e.actor ? `（${e.actor}）` : '（系统）'}
            {typeof e.data.note === 'string' && e.data.note ? `：${e.data.note}` : ''}
          </li>
        ))}
      </ol>
    </OfficeLayout>
  );
}

function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/**
 * The 告诫通知书 (seed 001, 行政告诫的程序 3), a page of its own sized for A4: the office, the number,
 * the person, the facts and basis, the self-examination duty and the leading group's signature.
 */
export function NoticePage({ detail, approvedOn }: { detail: DecisionDetail; approvedOn: string }) {
  const d = detail.decision;
  const office = catalogue.office;
  const number = noticeNumber(d)!;
  const head = catalogue.departments.find((x) => x.id === d.department);
  const due = d.selfExamDue ? chineseDate(d.selfExamDue) : undefined;
  return (
    <PrintSheet title={`告诫通知书 ${number}`} toolbar="通知书操作" back={{ href: `/office/decisions/${d.id}`, label: '返回处理决定' }} printHint="用浏览器“打印”即可打印本通知书（A4）" sheet={{ 'data-notice': number }}>
      <h1>告诫通知书</h1>
      <p class="number">{number}</p>
      <p class="to">{staffName(d.staffId)}同志：</p>
      <p>经调查核实：{d.facts}</p>
      <p>
        上述行为违反了机关效能建设有关规定。依据{d.basis}，经效能建设领导小组审定，决定对你给予书面告诫。
      </p>
      <p>
        请你在收到本通知书后{SELF_EXAM_DAYS}日内{due ? `（${due}前）` : ''}，将书面检查交所在办、站负责人{head ? `（${head.name}）` : ''}审查签字后，送交监察室。一年内受到行政告诫两次的，取消当年度评先资格。
      </p>
      <p class="sign">
        {office.name}机关效能建设领导小组
        <br />
        签发人：{detail.approver ?? ''}
        <br />
        {chineseDate(approvedOn)}
      </p>
      {d.servedOn && <p class="to">送达日期：{chineseDate(d.servedOn)}　　被告诫人签收：＿＿＿＿＿＿</p>}
    </PrintSheet>
  );
}

export function RegisterPage({ staff, csrf, year, award, bonus }: { staff: Staff; csrf: string; year: number; award: AwardEntry[]; bonus: BonusEntry[] }) {
  return (
    <OfficeLayout title={`${year} 年评先资格和奖金扣发`} staff={staff} csrf={csrf} active="decisions">
      <h1>{year} 年评先资格登记和奖金扣发清单</h1>
      <p>
        按处理决定的最终状态统计（经申诉撤销的不计，变更的按变更后的种类计）。
        <a href={`/office/decisions/register?year=${year - 1}`}>上一年</a> · <a href={`/office/decisions/register?year=${year + 1}`}>下一年</a>
      </p>
      <h2>取消评先资格</h2>
      {award.length === 0 ? (
        <p>本年度没有人员被取消评先资格。</p>
      ) : (
        <Table class="table" data-award-register="" head={['姓名', '科室', '原因']}>
          {award.map((a) => (
            <tr data-staff={a.staffId}>
              <td>{staffName(a.staffId)}</td>
              <td>{departmentName(a.department)}</td>
              <td>{a.reasons.join('；')}</td>
            </tr>
          ))}
        </Table>
      )}
      <h2>奖金扣发（供财务）</h2>
      <p>
        <a href={`/office/decisions/bonus.csv?year=${year}`} download>
          下载 CSV
        </a>
      </p>
      {bonus.length === 0 ? (
        <p>本年度没有奖金扣发。</p>
      ) : (
        <Table class="table" data-bonus-list="" head={['处理决定', '姓名', '科室', '种类', '期间']}>
          {bonus.map((b) => (
            <tr data-decision={b.decisionId}>
              <td>
                <a href={`/office/decisions/${b.decisionId}`}>第 {b.decisionId} 号</a>
              </td>
              <td>{staffName(b.staffId)}</td>
              <td>{departmentName(b.department)}</td>
              <td>{decisionKinds.label(b.kind)}</td>
              <td>
                {b.from === b.to ? b.from : `${b.from} 至 ${b.to}`}
                {b.stopped ? '（停发中）' : ''}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </OfficeLayout>
  );
}
