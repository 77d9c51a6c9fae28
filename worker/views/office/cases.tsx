/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** Case pages of the console: the list with filters, one case with its history and actions. */
import type { Child } from 'hono/jsx';
import type { PersonalData } from '../../../schema/complaint.ts';
import type { FieldError } from '../../../schema/common.ts';
import {
  categories,
  channels,
  findings,
  reviewOutcomes,
  roles,
  sanctions,
  satisfaction,
  stages,
  type Category,
  type Channel,
  type Finding,
  type ReviewOutcome,
  type Sanction,
  type Satisfaction,
  type Stage,
} from '../../../schema/domain.ts';
import type { CaseAction } from '../../../schema/cases.ts';
import type { Staff } from '../../env.ts';
import { catalogue, departmentName } from '../../lib/catalogue.ts';
import { actionLabels } from '../../services/case-workflow.ts';
import { deadlineLabels, eventName, handlingOf, reviewAnswerBy, type CaseFilters, type CaseRow, type DeadlineState, type EventView } from '../../services/cases.ts';
import { fieldLabels, purposeLabels, WITHHELD, type AccessRow, type PartyRow, type Shield } from '../../services/protection.ts';
import { formatDate } from '../confirmation.tsx';
import { errorMap } from '../fields.tsx';
import { Choices, Select, Text, TextArea } from './fields.tsx';
import { caseForms, type CaseForm } from './case-forms.tsx';
import { BackLink, CsrfField, FilterForm, OfficeLayout, VersionedForm } from './layout.tsx';
import { formatStamp } from '../../../schema/format.ts';
import { Entry, OfficeTable, RowLink, Table } from '../records.tsx';

export const dateTime = (ms: number) => formatStamp(ms);

export function DeadlineBadge({ state }: { state: DeadlineState }) {
  if (state === 'none') return <span>—</span>;
  return <span class={`badge badge--${state}`}>{deadlineLabels[state]}</span>;
}

export function staffName(id: string | null): string {
  if (!id) return '（未记录）';
  const s = catalogue.staff.find((x) => x.id === id);
  if (s) return `${s.name}（${s.title}，${departmentName(s.department)}）`;
  return id.startsWith('account:') ? `账户 ${id.slice(8)}` : id;
}

export const departmentOptions = catalogue.departments.map((d) => ({ value: d.id, label: d.name }));
export const staffOptions = catalogue.staff.map((s) => ({ value: s.id, label: `${s.name}（${departmentName(s.department)}）` }));

export function CaseListPage({ staff, csrf, rows, filters, notice }: { staff: Staff; csrf: string; rows: CaseRow[]; filters: CaseFilters; notice?: string }) {
  return (
    <OfficeLayout title="案件" staff={staff} csrf={csrf} active="cases" notice={notice}>
      <h1>案件</h1>
      {staff.role === 'handler' && <p>您只能看到交由{departmentName(staff.department)}办理的案件。</p>}
      {staff.role === 'intake' && (
        <p>
          <a class="button" href="/office/cases/new">
            登记电话、来访或来信投诉
          </a>
        </p>
      )}
      <FilterForm action="/office/cases/" class="office-filters" label="筛选案件">
        <Select id="f-stage" name="stage" label="环节" value={filters.stage} empty="全部" options={stages.codes.map((s) => ({ value: s, label: stages.label(s) }))} />
        <Select id="f-department" name="department" label="部门" value={filters.department} empty="全部" options={departmentOptions} />
        <Select id="f-category" name="category" label="类别" value={filters.category} empty="全部" options={categories.codes.map((c) => ({ value: c, label: categories.label(c) }))} />
        <Select
          id="f-deadline"
          name="deadline"
          label="期限"
          value={filters.deadline}
          empty="全部"
          options={[
            { value: 'overdue', label: '已超期' },
            { value: 'due-soon', label: '即将到期' },
          ]}
        />
        <Select
          id="f-pending"
          name="pending"
          label="复核与回访"
          value={filters.pending}
          empty="全部"
          options={[
            { value: 'review', label: '待复核' },
            { value: 'rating', label: '差评待回访' },
          ]}
        />
      </FilterForm>
      <OfficeTable caption={`共 ${rows.length} 件（已超期、即将到期的排在前面）`} head={['受理编号', '期限状态', '环节', '期限', '类别', '被投诉部门', '承办部门', '承办人', '渠道']}>
        {rows.map((r) => (
          <tr>
            <RowLink href={`/office/cases/${r.id}`}>{r.reference}</RowLink>
            <td>
              <DeadlineBadge state={r.deadlineState} />
              <PendingBadges row={r} />
            </td>
            <td>{stages.label(r.stage)}</td>
            <td>
              {r.stageDueBy && r.stageDueBy < r.dueBy ? (
                <>
                  {formatDate(r.stageDueBy)}
                  <span class="hint">（本环节）</span>
                </>
              ) : (
                <>
                  {formatDate(r.dueBy)}
                  {r.dueByProvisional && <span class="badge badge--provisional">暂定</span>}
                </>
              )}
            </td>
            <td>{categories.label(r.category as Category)}</td>
            <td>{departmentName(r.department)}</td>
            <td>{departmentName(handlingOf(r))}</td>
            <td>{r.assignee ? (catalogue.staff.find((s) => s.id === r.assignee)?.name ?? r.assignee) : '—'}</td>
            <td>{channels.label(r.channel as Channel)}</td>
          </tr>
        ))}
      </OfficeTable>
      {rows.length === 0 && <p>没有符合条件的案件。</p>}
    </OfficeLayout>
  );
}

/** 待复核 / 差评待回访: what a concluded case still waits for from the supervisor. */
export function PendingBadges({ row }: { row: CaseRow }) {
  return (
    <>
      {row.reviewRequestedAt !== null && (
        <>
          {' '}
          <span class="badge badge--due-soon">待复核</span>
        </>
      )}
      {row.ratingFollowUpDue && (
        <>
          {' '}
          <span class="badge badge--due-soon">差评待回访</span>
        </>
      )}
    </>
  );
}

function EventData({ e }: { e: EventView }) {
  const d = e.data as Record<string, string | string[] | number | null | undefined>;
  const items: [string, string][] = [];
  if (typeof d.channel === 'string') items.push(['渠道', channels.label(d.channel as Channel)]);
  if (typeof d.dueBy === 'string') items.push(['期限', formatDate(d.dueBy)]);
  if (typeof d.reason === 'string') items.push(['理由', d.reason]);
  if (typeof d.legalBasis === 'string') items.push(['依据', d.legalBasis]);
  if (typeof d.referral === 'string') items.push(['可向何处反映', d.referral]);
  if (typeof d.departmentName === 'string') items.push(['承办部门', d.departmentName]);
  if (typeof d.days === 'number') items.push(['申请延长', `${d.days} 个工作日`]);
  if (typeof d.newDueBy === 'string') items.push(['新的期限', formatDate(d.newDueBy)]);
  if (typeof d.outcome === 'string' && reviewOutcomes.codes.includes(d.outcome as ReviewOutcome)) items.push(['复核结果', reviewOutcomes.label(d.outcome as ReviewOutcome)]);
  if (typeof d.previousFinding === 'string') items.push(['原调查结论', findings.label(d.previousFinding as Finding)]);
  if (typeof d.finding === 'string') items.push([e.type.startsWith('review-') ? '复核后的调查结论' : '调查结论', findings.label(d.finding as Finding)]);
  if (Array.isArray(d.sanctions)) items.push(['处理方式', d.sanctions.length ? d.sanctions.map((s) => sanctions.label(s as Sanction)).join('、') : '无']);
  if (typeof d.staffConcerned === 'string') items.push(['被投诉工作人员', staffName(d.staffConcerned)]);
  if (typeof d.firstReceiver === 'string') items.push(['首问责任人（继续跟踪）', staffName(d.firstReceiver)]);
  if (typeof d.assignee === 'string') items.push(['承办人', staffName(d.assignee)]);
  if (e.type === 'parties-confirmed') items.push(['被投诉工作人员', typeof d.concerned === 'string' ? staffName(d.concerned) : '未涉及具体人员']);
  if (typeof d.textCleared === 'string') items.push(['事情经过和诉求', d.textCleared === 'yes' ? '已核对，可交被投诉部门阅读' : '含可识别投诉人的内容，不交被投诉部门阅读']);
  if (typeof d.person === 'string') items.push(['回避人', staffName(d.person)]);
  if (typeof d.reply === 'string') items.push(['答复', d.reply]);
  if (typeof d.note === 'string') items.push(['说明', d.note]);
  if (typeof d.level === 'string') items.push(['评价', satisfaction.entries[d.level as Satisfaction] ?? d.level]);
  if (typeof d.comment === 'string') items.push(['意见', d.comment]);
  if (typeof d.from === 'string' && typeof d.to === 'string') items.push(['期限', `${formatDate(d.from)} → ${formatDate(d.to)}`]);
  if (items.length === 0) return null;
  return (
    <dl class="summary-list">
      {items.map(([k, v]) => (
        <>
          <dt>{k}</dt>
          <dd class="prewrap">{v}</dd>
        </>
      ))}
    </dl>
  );
}

export interface CasePageProps {
  staff: Staff;
  csrf: string;
  row: CaseRow;
  personal: PersonalData;
  /** Personal fields withheld from this viewer (the department complained about). */
  withheld?: string[];
  shield?: Shield;
  history: EventView[];
  actions: CaseAction[];
  /** The supervisor's view: who the case is hidden from and why, and who saw the complainant's data. */
  supervisor?: { parties: PartyRow[]; accessLog: AccessRow[] };
  /** The action whose form has errors, its errors and the answers to keep. */
  failed?: { action: CaseAction; errors: FieldError[]; values: Record<string, unknown> };
  notice?: string;
  /** Notification delivery state (worker/notify/views.tsx), shown under the history. */
  deliveries?: Child;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function ActionForm({ action, row, csrf, failed, personal }: { action: CaseAction; row: CaseRow; csrf: string; failed?: CasePageProps['failed']; personal?: PersonalData }) {
  const mine = failed?.action === action;
  const err = mine ? errorMap(failed!.errors) : {};
  const val = (k: string) => (mine ? str(failed!.values[k]) : undefined);
  const id = (k: string) => `${action}-${k}`;
  const vals = (k: string): string[] => {
    const v = mine ? failed!.values[k] : undefined;
    return Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];
  };
  const note = (label: string, hint?: string) => <TextArea id={id('note')} name="note" label={label} hint={hint} value={val('note')} error={err.note} />;
  const form: CaseForm = caseForms[action];
  const { intro, fields } = form({ row, personal, id, val, vals, err, note });
  return (
    <section class="office-action" aria-labelledby={`${action}-title`}>
      <h3 id={`${action}-title`}>{actionLabels[action]}</h3>
      {intro && <p class="hint">{intro}</p>}
      <VersionedForm action={`/office/cases/${row.id}/${action}`} csrf={csrf} version={row.version}>
        {fields}
        <button class={`button${action === 'decline' || action === 'refuse-extension' ? ' button--secondary' : ''}`} type="submit">
          {actionLabels[action]}
        </button>
      </VersionedForm>
    </section>
  );
}

export function CasePage({ staff, csrf, row, personal, withheld = [], shield, history, actions, failed, notice, supervisor, deliveries }: CasePageProps) {
  const errors = failed?.errors.map((e) => ({ ...e, field: `${failed.action}-${e.field}` })) ?? [];
  const outcomeSanctions = row.sanctions;
  return (
    <OfficeLayout title={`案件 ${row.reference}`} staff={staff} csrf={csrf} active="cases" errors={errors} notice={notice}>
      <BackLink href="/office/cases/">返回案件列表</BackLink>
      <h1>案件 {row.reference}</h1>
      <dl class="summary-list">
        <dt>当前环节</dt>
        <dd data-stage={row.stage}>{stages.label(row.stage)}</dd>
        <dt>期限状态</dt>
        <dd>
          <DeadlineBadge state={row.deadlineState} />
        </dd>
        <dt>办结期限</dt>
        <dd>
          {formatDate(row.dueBy)}
          {row.dueByProvisional && <span class="hint">（暂定：超出已录入的工作日历，暂按周一至周五推算）</span>}
        </dd>
        <Entry term="本环节期限" value={row.stageDueBy && formatDate(row.stageDueBy)} />
        <dt>渠道</dt>
        <dd>{channels.label(row.channel as Channel)}</dd>
        <dt>首问责任人</dt>
        <dd>{staffName(row.firstReceiver)}（负责跟踪督办直至办结）</dd>
        <dt>被投诉部门</dt>
        <dd>{departmentName(row.department)}</dd>
        <dt>承办部门</dt>
        <dd>{departmentName(handlingOf(row))}</dd>
        <dt>承办人</dt>
        <dd>{row.assignee ? staffName(row.assignee) : '（未指定）'}</dd>
        <dt>类别</dt>
        <dd>{categories.label(row.category as Category)}</dd>
        <dt>发生日期</dt>
        <dd>{formatDate(row.occurredOn)}</dd>
        <dt>收到时间</dt>
        <dd>{dateTime(row.receivedAt)}</dd>
        {row.extensionState && row.extensionState !== 'none' && (
          <>
            <dt>延期</dt>
            <dd>
              {{ requested: '已申请，待批准', approved: '已批准', refused: '未批准' }[row.extensionState]}
              {row.extensionDays ? `（${row.extensionDays} 个工作日）` : ''}
            </dd>
          </>
        )}
        {row.finding && (
          <>
            <dt>调查结论</dt>
            <dd>{findings.label(row.finding)}</dd>
            <dt>处理方式</dt>
            <dd>{outcomeSanctions.length ? outcomeSanctions.map((s) => sanctions.label(s)).join('、') : '无'}</dd>
          </>
        )}
        {row.reviewRequestedAt !== null && (
          <>
            <dt>复核申请</dt>
            <dd>
              <span class="badge badge--due-soon">待复核</span> 投诉人于 {dateTime(row.reviewRequestedAt)} 申请复核，请在 {formatDate(reviewAnswerBy(row)!)} 之前答复
            </dd>
          </>
        )}
        {row.ratingFollowUpDue && (
          <>
            <dt>差评回访</dt>
            <dd>
              <span class="badge badge--due-soon">差评待回访</span> 投诉人对办理结果不满意，尚未记录回访
            </dd>
          </>
        )}
      </dl>

      <h2>投诉内容</h2>
      {shield?.shielded && (
        <p class="panel panel--notice" data-shield="on">
          本案投诉的是您所在的部门。为保护投诉人，
          {shield.showIdentity ? `投诉人的身份已按“${purposeLabels[shield.purpose]}”向您公开，您的每次查看都有记录。` : '投诉人的姓名和联系方式不向您显示。'}
          {!shield.showText && '事情经过和诉求须经受理员核对后才向您显示。'}
        </p>
      )}
      <dl class="summary-list">
        <dt>投诉方式</dt>
        <dd>{row.anonymous ? '匿名' : '实名'}</dd>
        <Entry term="投诉人" value={personal.name} />
        <Entry term="联系电话" value={personal.phone} />
        <Entry term="电子邮箱" value={personal.email} />
        <Entry term="投诉人身份" value={withheld.some((f) => f === 'name' || f === 'phone' || f === 'email') && WITHHELD} />
        <Entry term="被投诉人（投诉人所述）" value={personal.staffName} />
        <dt>事情经过</dt>
        <dd class="prewrap">{personal.description}</dd>
        <dt>诉求</dt>
        <dd class="prewrap">{personal.request}</dd>
        <dt>投诉人是否同意被投诉部门知悉其身份</dt>
        <dd>{row.identityConsent ? '同意' : '未同意'}</dd>
      </dl>

      {supervisor && <SupervisorPanel parties={supervisor.parties} accessLog={supervisor.accessLog} />}

      <h2>可进行的操作</h2>
      {actions.length === 0 ? (
        <p>您的角色在本环节没有可进行的操作。</p>
      ) : (
        <div class="office-actions">
          {actions.map((a) => (
            <ActionForm action={a} row={row} csrf={csrf} failed={failed} personal={personal} />
          ))}
        </div>
      )}

      <h2>办理经过（不可更改）</h2>
      <ol class="history">
        {history.map((e) => (
          <li>
            <p class="history__what">
              {eventName(e.type)}
              {!e.public && <span class="history__internal">（内部）</span>}
            </p>
            <p class="history__meta">
              <time datetime={new Date(e.at).toISOString()}>{dateTime(e.at)}</time> · {e.actorName}
            </p>
            <EventData e={e} />
          </li>
        ))}
      </ol>
      {deliveries}
    </OfficeLayout>
  );
}

/** Who the case is hidden from (and why), and every display of the complainant's data: the supervisor's only. */
function SupervisorPanel({ parties, accessLog }: { parties: PartyRow[]; accessLog: AccessRow[] }) {
  const kinds = { suggested: '投诉所述（待受理员确认）', concerned: '被投诉人（已确认）', recused: '自行回避' } as const;
  return (
    <>
      <h2>回避人员</h2>
      {parties.length === 0 ? (
        <p>本案没有需要回避的人员。</p>
      ) : (
        <Table class="office-table" data-table="parties" caption="以下人员看不到本案（列表、统计、接口和直接访问均不显示）" head={['人员', '原因', '理由', '记录时间']}>
          {parties.map((p) => (
            <tr>
              <td>{staffName(p.person)}</td>
              <td>{kinds[p.kind]}</td>
              <td class="prewrap">{p.reason ?? '—'}</td>
              <td>{dateTime(p.at)}</td>
            </tr>
          ))}
        </Table>
      )}
      <h2>个人信息查看记录</h2>
      {accessLog.length === 0 ? (
        <p>还没有工作人员查看过投诉人的个人信息。</p>
      ) : (
        <Table class="office-table" data-table="access-log" caption="每次向工作人员显示投诉人的个人信息都记录在此，不能更改" head={['时间', '查看人', '依据', '显示的内容']}>
          {accessLog.map((a) => (
            <tr>
              <td>{dateTime(a.at)}</td>
              <td>
                {a.displayName ?? staffName(a.person)}
                {a.username ? `（${a.username}）` : ''}
              </td>
              <td>{purposeLabels[a.purpose]}</td>
              <td>{a.fields.map((f) => fieldLabels[f] ?? f).join('、')}</td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}

export function NewCasePage({ staff, csrf, values, errors }: { staff: Staff; csrf: string; values: Record<string, string>; errors: FieldError[] }) {
  const err = errorMap(errors);
  return (
    <OfficeLayout title="登记投诉" staff={staff} csrf={csrf} active="cases" errors={errors}>
      <h1>登记电话、来访或来信投诉</h1>
      <p>按首问负责制，接到投诉的工作人员就是首问责任人：请如实登记，并把受理编号和查询码告诉投诉人。</p>
      <form method="post" action="/office/cases/new" novalidate>
        <CsrfField csrf={csrf} />
        <Choices id="channel" name="channel" kind="radio" label="投诉渠道" value={values.channel ? [values.channel] : []} error={err.channel} options={(['phone', 'visit', 'letter'] as const).map((c) => ({ value: c, label: channels.label(c) }))} />
        <Select id="firstReceiver" name="firstReceiver" label="首问责任人" hint="第一个接到投诉的工作人员" value={values.firstReceiver ?? staff.staffId ?? ''} error={err.firstReceiver} empty="请选择" options={staffOptions} />
        <Select id="department" name="department" label="被投诉的部门" value={values.department} error={err.department} empty="请选择" options={departmentOptions} />
        <Select id="category" name="category" label="投诉类别" value={values.category} error={err.category} empty="请选择" options={categories.codes.map((c) => ({ value: c, label: categories.label(c) }))} />
        <Text id="staffName" name="staffName" label="被投诉工作人员姓名（可选）" value={values.staffName} error={err.staffName} width="20" />
        <Text id="occurredOn" name="occurredOn" label="事情发生的日期" hint="例如 2026-03-01" value={values.occurredOn} error={err.occurredOn} width="10" />
        <TextArea id="description" name="description" label="事情经过" rows={5} value={values.description} error={err.description} />
        <TextArea id="request" name="request" label="投诉人的诉求" value={values.request} error={err.request} />
        <Choices
          id="anonymous"
          name="anonymous"
          kind="radio"
          label="实名还是匿名"
          value={values.anonymous ? [values.anonymous] : []}
          error={err.anonymous}
          options={[
            { value: 'false', label: '实名' },
            { value: 'true', label: '匿名' },
          ]}
        />
        <Text id="name" name="name" label="投诉人姓名（实名必填）" value={values.name} error={err.name} width="20" />
        <Text id="phone" name="phone" label="联系电话" value={values.phone} error={err.phone} width="20" inputmode="tel" />
        <Text id="email" name="email" label="电子邮箱（可选）" value={values.email} error={err.email} width="20" />
        <Choices
          id="identityConsent"
          name="identityConsent"
          kind="checkbox"
          label="是否同意被投诉部门知悉投诉人身份"
          hint="默认不同意：被投诉的部门办理时看不到投诉人的姓名和联系方式；被投诉人本人在任何情况下都看不到本案"
          value={values.identityConsent ? ['true'] : []}
          error={err.identityConsent}
          options={[{ value: 'true', label: '投诉人明确表示同意' }]}
        />
        <Choices
          id="consent"
          name="consent"
          kind="checkbox"
          label="个人信息告知"
          value={values.consent ? ['true'] : []}
          error={err.consent}
          options={[{ value: 'true', label: '已向投诉人说明个人信息保护规定，投诉人同意登记' }]}
        />
        <button class="button" type="submit">
          登记
        </button>
      </form>
    </OfficeLayout>
  );
}

export function RegisteredPage({ staff, csrf, id, reference, accessCode, acknowledgeBy }: { staff: Staff; csrf: string; id: number; reference: string; accessCode: string; acknowledgeBy: string }) {
  return (
    <OfficeLayout title="投诉已登记" staff={staff} csrf={csrf} active="cases">
      <div class="panel panel--confirmation">
        <h1 class="panel__title">投诉已登记</h1>
        <div class="panel__body">
          受理编号 <strong class="reference">{reference}</strong>
        </div>
      </div>
      <p>
        请把受理编号和查询码告诉投诉人：查询码 <strong class="access-code">{`${accessCode.slice(0, 5)}-${accessCode.slice(5)}`}</strong>。查询码只在此显示一次，系统不保存明文。
      </p>
      <p>是否受理将在 {formatDate(acknowledgeBy)} 之前决定。投诉人可在本网站“查询办理进度”页面凭编号和查询码查看进展。</p>
      <p>
        <a href={`/office/cases/${id}`}>打开该案件</a> · <a href="/office/cases/new">继续登记</a>
      </p>
    </OfficeLayout>
  );
}

export { roles };
