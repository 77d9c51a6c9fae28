/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The first-inquiry register's pages: the console list (my follow-ups / what I handle / the whole
 * register), the registration form, one inquiry with its action forms and history, and the
 * public tracking page. Every form works without JavaScript; errors come back as 422 with a summary.
 */
import { formatStamp } from '../../schema/format.ts';
import type { FieldError } from '../../schema/common.ts';
import { inquiryDefinitions, type InquiryFigures } from '../../schema/bulletin/inquiries.ts';
import { display } from '../../schema/bulletin/suppression.ts';
import {
  actionFields,
  deadlineStates,
  inquiryActions,
  inquiryChannels,
  inquiryEvents,
  inquiryLimitNames,
  inquiryOutcomes,
  inquiryPriorities,
  inquiryStatuses,
  type InquiryAction,
  type InquiryDeadlineState,
  type InquiryEvent,
  type InquiryPublicView,
} from '../../schema/inquiry.ts';
import { shanghaiDate } from '../../schema/workdays.ts';
import type { Staff } from '../env.ts';
import { catalogue, departmentName } from '../lib/catalogue.ts';
import { formatAccessCode } from '../lib/crypto.ts';
import type { InquiryEventRow, InquiryPersonal, InquiryRow, InquiryView, Registered } from '../services/inquiries.ts';
import { inquiryLimits } from '../services/inquiries.ts';
import { Choices, ErrorSummary, errorMap, Select, TextArea, TextField } from './fields.tsx';
import { Layout, NavLinks } from './layout.tsx';
import { BackLink, CsrfField, FilterForm, OfficeLayout, VersionedForm } from './office/layout.tsx';
import { LookupForm, NotFoundNotice } from './status-parts.tsx';
import { Table, Entry } from './records.tsx';


function staffName(id: string): string {
  return catalogue.staff.find((s) => s.id === id)?.name ?? id;
}

const views: Record<InquiryView, string> = { 'follow-ups': '我的督促（我是首问责任人）', handling: '交我办理', all: '全部登记' };

function StateTag({ state }: { state: InquiryDeadlineState }) {
  return <strong class={`tag tag--${state}`}>{deadlineStates[state]}</strong>;
}

export function InquiryListPage({ staff, csrf, rows, view }: { staff: Staff; csrf: string; rows: (InquiryRow & { state: InquiryDeadlineState })[]; view: InquiryView }) {
  const overdue = rows.filter((r) => r.state === 'overdue').length;
  const soon = rows.filter((r) => r.state === 'due-soon').length;
  return (
    <OfficeLayout title="首问登记" staff={staff} csrf={csrf} active="inquiries">
      <h1>首问登记</h1>
      <p>
        <a class="button" href="/office/inquiries/new">
          登记新的询问
        </a>
        {staff.role === 'supervisor' && (
          <>
            {' '}
            <a href="/office/inquiries/figures">月度数字</a>
          </>
        )}
      </p>
      <nav aria-label="登记列表">
        <NavLinks class="inline-list" items={(Object.keys(views) as InquiryView[]).map((v) => ({ id: v, href: `/office/inquiries/?view=${v}`, label: views[v] }))} current={(i) => i.id === view} />
      </nav>
      <h2>{views[view]}</h2>
      <p>
        已超期 {overdue} 件，即将到期 {soon} 件。首问责任人对转交他人的事项负督促责任，直到承办人记录办结。
      </p>
      {rows.length === 0 ? (
        <p>没有登记。</p>
      ) : (
        <Table class="table" head={['编号', '渠道', '办理方式', '首问责任人', '承办人', '时限', '状态']}>
          {rows.map((r) => (
            <tr>
              <td>
                <a href={`/office/inquiries/${r.id}`}>{r.reference}</a>
              </td>
              <td>{inquiryChannels.label(r.channel)}</td>
              <td>{inquiryOutcomes.label(r.outcome)}</td>
              <td>{staffName(r.firstReceiver)}</td>
              <td>{staffName(r.handler)}</td>
              <td>{formatStamp(r.dueAt)}</td>
              <td>
                <StateTag state={r.state} />
              </td>
            </tr>
          ))}
        </Table>
      )}
    </OfficeLayout>
  );
}

export const registerErrorIds: Record<string, string> = { channel: 'channel', priority: 'priority', outcome: 'outcome' };

export function RegisterPage({ staff, csrf, values, errors = [] }: { staff: Staff; csrf: string; values: Record<string, string>; errors?: FieldError[] }) {
  const err = errorMap(errors);
  const staffOptions = catalogue.departments.map((d) => ({
    label: d.name,
    options: catalogue.staff.filter((s) => s.department === d.id).map((s) => ({ value: s.id, label: `${s.name}（${s.title}）` })),
  }));
  const limitsHint = inquiryLimitNames.codes.map((n) => `${inquiryLimitNames.label(n)}（${inquiryLimits[n].source}）`).join('；');
  return (
    <OfficeLayout title="登记询问" staff={staff} csrf={csrf} active="inquiries" errors={errors} errorIds={registerErrorIds}>
      <h1>登记询问（首问登记）</h1>
      <p>谁第一个接待询问，谁就是首问责任人。几位工作人员同时在场时，职位最高者为首问责任人。</p>
      <form method="post" action="/office/inquiries/new" novalidate>
        <CsrfField csrf={csrf} />
        <Choices name="channel" label="渠道" value={values.channel} error={err.channel} options={inquiryChannels.codes.map((c) => ({ value: c, label: inquiryChannels.label(c) }))} />
        <Choices name="priority" label="缓急" hint={`适用的时限：${limitsHint}`} value={values.priority ?? 'ordinary'} error={err.priority} options={inquiryPriorities.codes.map((c) => ({ value: c, label: inquiryPriorities.label(c) }))} />
        <Select id="firstReceiver" label="首问责任人" hint="默认是登记人本人；有几位在场时选职位最高者" value={values.firstReceiver ?? staff.staffId ?? ''} error={err.firstReceiver} groups={staffOptions} />
        <TextField id="name" label="询问人姓名（选填）" hint="简单咨询可以不留姓名" value={values.name} error={err.name} autocomplete="off" />
        <TextField id="phone" label="询问人电话（选填）" value={values.phone} error={err.phone} type="tel" autocomplete="off" />
        <TextArea id="matter" label="所问事项" value={values.matter} error={err.matter} rows={4} />
        <Choices name="outcome" label="办理方式" value={values.outcome} error={err.outcome} options={inquiryOutcomes.codes.map((c) => ({ value: c, label: inquiryOutcomes.label(c) }))} />
        <fieldset class="fieldset">
          <legend class="fieldset__legend">当场答复：</legend>
          <TextField id="answer" label="答复要点" value={values.answer} error={err.answer} />
        </fieldset>
        <fieldset class="fieldset">
          <legend class="fieldset__legend">本人职责、需要时间办理：告知询问人的联系人和电话（时限按上面的缓急计算）</legend>
          <TextField id="contactName" label="联系人" value={values.contactName} error={err.contactName} />
          <TextField id="contactPhone" label="联系电话" value={values.contactPhone} error={err.contactPhone} type="tel" />
        </fieldset>
        <fieldset class="fieldset">
          <legend class="fieldset__legend">属其他处室：转交给（由该处室的在岗 A/B 岗或负责人承办）</legend>
          <Select id="department" label="承办处室" empty="请选择" value={values.department} error={err.department} options={catalogue.departments.map((d) => ({ value: d.id, label: d.name }))} />
        </fieldset>
        <fieldset class="fieldset">
          <legend class="fieldset__legend">不属本机关：告知询问人的承办机关</legend>
          <TextField id="agencyName" label="机关名称" value={values.agencyName} error={err.agencyName} />
          <TextField id="agencyAddress" label="地址" value={values.agencyAddress} error={err.agencyAddress} />
          <TextField id="agencyPhone" label="电话" value={values.agencyPhone} error={err.agencyPhone} type="tel" />
        </fieldset>
        <fieldset class="fieldset">
          <legend class="fieldset__legend">已向上级报告：</legend>
          <TextField id="reportTo" label="报告对象" value={values.reportTo} error={err.reportTo} />
          <TextField id="reportSentOn" label="报告发出日期（已告知询问人）" hint="例如 2026-12-01" value={values.reportSentOn} error={err.reportSentOn} />
        </fieldset>
        <TextField id="appointment" label="局长接待日预约编号（选填）" hint="接待日当场反映的事项，填写预约编号，例如 YY-2612-7KQ4M9" value={values.appointment} error={err.appointment} />
        <Choices name="giveCode" kind="checkbox" label="查询" value={values.giveCode} error={err.giveCode} options={[{ value: 'yes', label: '发给询问人首问编号和查询码，可在网上查询办理情况' }]} />
        <button class="button" type="submit">
          登记
        </button>
      </form>
    </OfficeLayout>
  );
}

export function RegisteredPage({ staff, csrf, registered }: { staff: Staff; csrf: string; registered: Registered }) {
  return (
    <OfficeLayout title="已登记" staff={staff} csrf={csrf} active="inquiries">
      <div class="panel panel--confirmation">
        <h1 class="panel__title">已登记</h1>
        <p class="panel__body">
          首问编号 <strong>{registered.reference}</strong>
        </p>
        {registered.accessCode && (
          <p>
            查询码 <strong>{formatAccessCode(registered.accessCode)}</strong>（只显示这一次，请告知询问人；可在 /inquiries/track/ 查询）
          </p>
        )}
      </div>
      <p>
        办理时限：{registered.status === 'closed' ? '已办结' : `${formatStamp(registered.dueAt)} 前${registered.dueProvisional ? '（暂按周一至周五计算，节假日安排公布后重算）' : ''}`}
      </p>
      <p>
        <a href={`/office/inquiries/${registered.id}`}>查看这条登记</a> · <a href="/office/inquiries/new">再登记一条</a>
      </p>
    </OfficeLayout>
  );
}

function OutcomeDetails({ row }: { row: InquiryRow }) {
  const d = JSON.parse(row.outcomeData) as {
    answer?: string;
    contact?: { name: string; phone: string; department?: string; post?: string };
    agency?: { name: string; address: string; phone: string };
    report?: { to: string; sentOn: string };
    appointment?: string;
  };
  return (
    <>
      <Entry term="答复要点" value={d.answer} />
      {d.contact && (
        <>
          <dt>告知的联系人</dt>
          <dd>
            {d.contact.department ? `${d.contact.department} ${d.contact.post ?? ''} ` : ''}
            {d.contact.name}，{d.contact.phone}
          </dd>
        </>
      )}
      {d.agency && (
        <>
          <dt>承办机关</dt>
          <dd>
            {d.agency.name}，{d.agency.address}，{d.agency.phone}
          </dd>
        </>
      )}
      <Entry term="接待日预约" value={d.appointment} />
      {d.report && (
        <>
          <dt>报告</dt>
          <dd>
            {d.report.to}，{d.report.sentOn} 发出
          </dd>
        </>
      )}
    </>
  );
}

export function InquiryPage(props: {
  staff: Staff;
  csrf: string;
  row: InquiryRow;
  state: InquiryDeadlineState;
  personal: InquiryPersonal;
  history: InquiryEventRow[];
  errors?: FieldError[];
  values?: Record<string, string>;
  notice?: string;
}) {
  const { staff, csrf, row, state, personal, history, errors = [], values = {} } = props;
  const err = errorMap(errors);
  const actions = (Object.keys(inquiryActions) as InquiryAction[]).filter((a) => (inquiryActions[a].states as readonly string[]).includes(row.status) && (inquiryActions[a].roles as readonly string[]).includes(staff.role));
  const limit = inquiryLimits[row.limitName];
  return (
    <OfficeLayout title={`首问登记 ${row.reference}`} staff={staff} csrf={csrf} active="inquiries" errors={errors} notice={props.notice}>
      <h1>首问登记 {row.reference}</h1>
      <dl class="summary-list">
        <dt>状态</dt>
        <dd>
          {inquiryStatuses.label(row.status)} <StateTag state={state} />
        </dd>
        <dt>渠道 / 缓急</dt>
        <dd>
          {inquiryChannels.label(row.channel)} / {inquiryPriorities.label(row.priority)}
        </dd>
        <dt>适用时限</dt>
        <dd>
          {inquiryLimitNames.label(row.limitName)}（依据：{limit.source}），{formatStamp(row.dueAt)} 前
          {row.dueProvisional ? '（暂定）' : ''}
        </dd>
        <dt>接待时间</dt>
        <dd>{formatStamp(row.receivedAt)}</dd>
        <dt>首问责任人</dt>
        <dd>
          {staffName(row.firstReceiver)}（{departmentName(row.department)}）
        </dd>
        <dt>承办人</dt>
        <dd>
          {staffName(row.handler)}（{departmentName(row.handlerDepartment)}）
        </dd>
        <dt>办理方式</dt>
        <dd>{inquiryOutcomes.label(row.outcome)}</dd>
        <OutcomeDetails row={row} />
        <dt>询问人</dt>
        <dd>{[personal.name, personal.phone].filter(Boolean).join('，') || '未留姓名'}</dd>
        <dt>所问事项</dt>
        <dd>{personal.matter}</dd>
        <Entry term="已转为效能投诉" value={row.complaintReference} />
      </dl>
      {actions.map((a) => (
        <VersionedForm action={`/office/inquiries/${row.id}/${a}`} csrf={csrf} version={row.version}>
          <h2>{inquiryActions[a].label}</h2>
          {actionFields[a].map((f) => (
            <TextArea id={f} label={f === 'reply' ? '办结情况（如何答复了询问人）' : '督促情况'} value={values[f]} error={err[f]} rows={3} />
          ))}
          <button class="button" type="submit">
            {inquiryActions[a].label}
          </button>
        </VersionedForm>
      ))}
      <h2>经过</h2>
      <ol class="timeline">
        {history.map((e) => {
          const data = JSON.parse(e.data) as Record<string, unknown>;
          const text = typeof data.reply === 'string' ? data.reply : typeof data.note === 'string' ? data.note : '';
          return (
            <li>
              {formatStamp(e.at)} · {inquiryEvents[e.type as InquiryEvent]?.label ?? e.type} · {e.actor === 'system' ? '系统' : staffName(e.actor)}
              {text && <p>{text}</p>}
            </li>
          );
        })}
      </ol>
      <BackLink href="/office/inquiries/">返回首问登记</BackLink>
    </OfficeLayout>
  );
}

export function InquiryTrackForm({ values, errors, notFound }: { values: Partial<Record<string, string>>; errors: FieldError[]; notFound?: boolean }) {
  return (
    <Layout title="查询询问办理情况" path="/inquiries/track/" hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} />
      <h1>查询询问办理情况</h1>
      {notFound && <NotFoundNotice title="查不到这条登记">首问编号或查询码不正确。请核对后重试。</NotFoundNotice>}
      <p>请输入工作人员登记您的询问时告知的首问编号和查询码。</p>
      <LookupForm action="/inquiries/track/" referenceLabel="首问编号" referenceExample="SW-2612-7KQ4M9" reference={values.reference} err={errorMap(errors)} />
    </Layout>
  );
}

export function InquiryStatusPage({ view, creds, consentError }: { view: InquiryPublicView; creds?: { reference: string; accessCode: string }; consentError?: string }) {
  return (
    <Layout title={`询问办理情况 ${view.reference}`} path="/inquiries/track/" hasErrors={Boolean(consentError)}>
      <ErrorSummary errors={consentError ? [{ field: 'consent', message: consentError }] : []} />
      <h1>询问办理情况</h1>
      <dl class="summary-list">
        <dt>首问编号</dt>
        <dd>{view.reference}</dd>
        <dt>渠道</dt>
        <dd>{view.channel}</dd>
        <dt>登记日期</dt>
        <dd>{view.receivedOn}</dd>
        <dt>办理方式</dt>
        <dd>{view.outcome}</dd>
        <dt>状态</dt>
        <dd>
          {view.status}
          {view.overdue ? '（已超过办理时限）' : ''}
        </dd>
        <dt>办理时限</dt>
        <dd>{formatStamp(view.dueAt)} 前</dd>
        {view.contact && (
          <>
            <dt>联系人</dt>
            <dd>
              {view.contact.name}，{view.contact.phone}
            </dd>
          </>
        )}
      </dl>
      <h2>经过</h2>
      <ol class="timeline">
        {view.events.map((e) => (
          <li>
            {shanghaiDate(e.at)} {e.label}
          </li>
        ))}
      </ol>
      {view.complaint ? (
        <p>
          已转为效能投诉，受理编号 {view.complaint}，可在 <a href="/track/">投诉查询</a> 查看进度。
        </p>
      ) : (
        view.overdue &&
        creds && (
          <form method="post" action="/inquiries/track/complaint" novalidate>
            <h2>超过时限仍未办结：转为效能投诉</h2>
            <p>一步转为“超过时限”类效能投诉，效能办会登记首问责任人并督促办理。投诉内容自动写明首问编号和所问事项{view.named ? '，并使用您登记时留下的姓名和电话（实名投诉）' : '（匿名投诉）'}。</p>
            <input type="hidden" name="reference" value={creds.reference} />
            <input type="hidden" name="accessCode" value={creds.accessCode} />
            <Choices name="consent" kind="checkbox" label="个人信息保护" error={consentError} options={[{ value: 'yes', label: '我已阅读并同意个人信息保护说明，同意将这次询问转为效能投诉' }]} />
            <button class="button" type="submit">
              转为效能投诉
            </button>
          </form>
        )
      )}
    </Layout>
  );
}

export function ConvertedPage({ reference, accessCode, inquiry }: { reference: string; accessCode: string; inquiry: string }) {
  return (
    <Layout title="已转为效能投诉" path="/inquiries/track/">
      <div class="panel panel--confirmation">
        <h1 class="panel__title">已转为效能投诉</h1>
        <p class="panel__body">
          受理编号 <strong>{reference}</strong>
        </p>
        <p class="panel__body">
          查询码 <strong>{formatAccessCode(accessCode)}</strong>
        </p>
      </div>
      <p>查询码只显示这一次，请记下或打印本页。首问登记 {inquiry} 已与这件投诉关联，效能办会登记首问责任人并督促办理。</p>
      <p>
        <a href="/track/">查询投诉进度</a>
      </p>
    </Layout>
  );
}

export function FiguresPage({ staff, csrf, month, figures }: { staff: Staff; csrf: string; month: string; figures: InquiryFigures }) {
  const t = figures.byChannelAndOutcome;
  const pct = (r: { percent: number | null; n: number }) => (r.percent === null ? `不足 10 件，不公布（${r.n} 件）` : `${r.percent}%（${r.n} 件）`);
  return (
    <OfficeLayout title={`首问登记月度数字 ${month}`} staff={staff} csrf={csrf} active="inquiries">
      <h1>首问登记月度数字：{month}</h1>
      <p>与月度通报同一规则：不足 5 件的格子不显示具体数字，比例不足 10 件不公布。</p>
      <FilterForm action="/office/inquiries/figures" submit="查看">
        <TextField id="month" label="月份" hint="YYYY-MM" value={month} width="10" />
      </FilterForm>
      <dl class="summary-list">
        <dt>登记件数</dt>
        <dd>{figures.received}</dd>
        <dt>当场答复</dt>
        <dd>{pct(figures.answeredOnTheSpot)}</dd>
        <dt>按时办结</dt>
        <dd>{pct(figures.closedOnTime)}</dd>
      </dl>
      <Table class="table" caption="按渠道和办理方式" head={['渠道', ...t.cols, '合计']}>
        {t.rows.map((r, i) => (
          <tr>
            <th scope="row">{r}</th>
            {t.cells[i].map((cell) => (
              <td>{display(cell)}</td>
            ))}
            <td>{t.rowTotals[i]}</td>
          </tr>
        ))}
      </Table>
      <ul>
        {Object.values(inquiryDefinitions).map((d) => (
          <li>{d}</li>
        ))}
      </ul>
    </OfficeLayout>
  );
}
