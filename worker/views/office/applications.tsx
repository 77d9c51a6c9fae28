/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * 电子监察 in the console (issue 12): the list of applications and cards with filters, the window
 * clerk's form (keyboard order = reading order, no script), one application's file with its events,
 * deadlines and cards, and the card actions from the registry (`Record<CardAction, …>`).
 */
import { formatStamp } from '../../../schema/format.ts';
import {
  applicationEvents as registry,
  cardActions,
  cardEvents,
  cardRules,
  cardStateLabels,
  cardStates,
  channelLabels,
  channels,
  eventTypes,
  outcomeLabels,
  statusLabels,
  stopLabels,
  type ApplicationStatus,
  type CardAction,
  type CardState,
} from '../../../schema/application.ts';
import type { FieldError } from '../../../schema/common.ts';
import { satisfaction, type Satisfaction } from '../../../schema/domain.ts';
import type { Child } from 'hono/jsx';
import type { Staff } from '../../env.ts';
import { catalogue, departmentName } from '../../lib/catalogue.ts';
import type { ApplicationFile, ApplicationRow, CardRow } from '../../services/application-cards.ts';
import type { PerformanceRow } from '../../services/application-performance.ts';
import { ErrorSummary, errorMap, SuccessNotice } from '../fields.tsx';
import { Choices, Select, Text, TextArea } from './fields.tsx';
import { CsrfField, FilterForm, OfficeLayout } from './layout.tsx';
import { Table, Entry } from '../records.tsx';

const serviceName = (id: string) => catalogue.services.find((s) => s.id === id)?.name ?? id;
const staffName = (id: string) => catalogue.staff.find((s) => s.id === id)?.name ?? id;
const postTitle = (id: string) => catalogue.posts.find((p) => p.id === id)?.title ?? id;
const viaLabel: Record<string, string> = { a: 'A 岗', b: 'B 岗（A 岗不在岗）', 'stand-in': '负责人批准的代岗人（A 岗不在岗）', head: '部门负责人（A、B 岗均不在岗）' };

const departmentOptions = catalogue.departments.map((d) => ({ value: d.id, label: d.name }));
const serviceOptions = catalogue.services.map((s) => ({ value: s.id, label: `${s.code} ${s.name}` }));

export interface ListProps {
  staff: Staff;
  csrf: string;
  filters: Record<string, string | undefined>;
  applications: ApplicationRow[];
  cards: CardRow[];
  notice?: string;
}

export function ApplicationsPage({ staff, csrf, filters, applications, cards, notice }: ListProps) {
  return (
    <OfficeLayout title="电子监察" staff={staff} csrf={csrf} active="applications">
      <h1>电子监察</h1>
      <SuccessNotice notice={notice} />
      <p>
        <a class="button" href="/office/applications/new">
          窗口录入办件
        </a>
        {staff.role === 'admin' || staff.role === 'supervisor' ? (
          <>
            {' '}
            <a href="/office/applications/clients/">业务系统接入</a> <a href="/office/applications/performance">月度绩效</a>
          </>
        ) : null}
      </p>
      <FilterForm action="/office/applications/" class="filters">
        <Select id="department" label="部门" empty="全部部门" options={departmentOptions} value={filters.department} />
        <Select id="service" label="事项" empty="全部事项" options={serviceOptions} value={filters.service} />
        <Select id="colour" label="预警颜色" empty="全部" options={[{ value: 'yellow', label: '黄牌' }, { value: 'red', label: '红牌' }]} value={filters.colour} />
        <Select id="state" label="预警状态" empty="全部" options={cardStates.map((s) => ({ value: s, label: cardStateLabels[s] }))} value={filters.state} />
        <Select id="status" label="办件状态" empty="全部" options={Object.entries(statusLabels).map(([value, label]) => ({ value, label }))} value={filters.status} />
      </FilterForm>
      <h2>黄牌和红牌（{cards.length}）</h2>
      {cards.length === 0 ? (
        <p>没有符合条件的预警。</p>
      ) : (
        <Table class="table" head={['颜色', '办件', '规则', '责任岗位和责任人', '状态', '产生日期']}>
          {cards.map((c) => (
            <tr>
              <td>{c.colour === 'red' ? '红牌' : '黄牌'}</td>
              <td>
                <a href={`/office/applications/${c.number}`}>{c.number}</a>
                <br />
                {serviceName(c.service)}
              </td>
              <td>
                {cardRules[c.rule as keyof typeof cardRules]?.label}
                <br />
                {c.detail}
              </td>
              <td>
                {departmentName(c.department)} {postTitle(c.post)}：{staffName(c.holder)}（{viaLabel[c.via]}）
              </td>
              <td>
                {cardStateLabels[c.state as CardState]}
                {c.answerBy && c.state === 'supervised' ? `，${c.answerBy} 前回告` : ''}
              </td>
              <td>{c.raisedOn}</td>
            </tr>
          ))}
        </Table>
      )}
      <h2>办件（最近 {applications.length} 件）</h2>
      {applications.length === 0 ? (
        <p>没有符合条件的办件。</p>
      ) : (
        <Table class="table" head={['办件编号', '事项', '收件', '状态', '承诺办结']}>
          {applications.map((a) => (
            <tr>
              <td>
                <a href={`/office/applications/${a.number}`}>{a.number}</a>
              </td>
              <td>{serviceName(a.service)}</td>
              <td>{a.receivedOn}</td>
              <td>
                {statusLabels[a.status as ApplicationStatus]}
                {a.stopped ? '（计时暂停）' : ''}
                {a.lateEvents ? `（补录 ${a.lateEvents} 条）` : ''}
              </td>
              <td>
                {a.dueBy ?? '—'}
                {a.dueProvisional ? '（暂定）' : ''}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </OfficeLayout>
  );
}

export interface ClerkValues {
  key: string;
  number?: string;
  service?: string;
  channel?: string;
  applicantKind?: string;
  applicantName?: string;
  idNumber?: string;
  phone?: string;
  email?: string;
  /** The channels the applicant chose for status notices: 'email', 'sms'. */
  notify?: string[];
  decision?: string;
  materials?: string;
}

/** The window clerk's form: one page, fields in the order the clerk fills them, Enter submits. */
export function ClerkForm({ staff, csrf, values, errors = [] }: { staff: Staff; csrf: string; values: ClerkValues; errors?: FieldError[] }) {
  const e = errorMap(errors);
  return (
    <OfficeLayout title="窗口录入办件" staff={staff} csrf={csrf} active="applications" hasErrors={errors.length > 0}>
      <h1>窗口录入办件</h1>
      <ErrorSummary errors={errors} ids={{ applicantKind: 'applicantKind', channel: 'channel', decision: 'decision' }} />
      <form method="post" action="/office/applications/new" novalidate>
        <CsrfField csrf={csrf} />
        <input type="hidden" name="key" value={values.key} />
        <Select id="service" label="办理事项" empty="请选择" options={serviceOptions} value={values.service} error={e.service} />
        <Text id="number" name="number" label="办件编号（可不填）" hint="不填则自动生成；业务系统已编号的照录" value={values.number} error={e.number} width="20" />
        <Choices name="channel" label="收件渠道" kind="radio" value={values.channel ?? 'window'} error={e.channel} options={channels.map((c) => ({ value: c, label: channelLabels[c] }))} />
        <Choices name="applicantKind" label="申请人类型" kind="radio" value={values.applicantKind ?? 'person'} error={e.applicantKind} options={[{ value: 'person', label: '个人' }, { value: 'organisation', label: '单位' }]} />
        <Text id="applicantName" name="applicantName" label="申请人姓名或单位名称" value={values.applicantName} error={e.applicantName} />
        <Text id="idNumber" name="idNumber" label="证件号码（可不填）" value={values.idNumber} error={e.idNumber} />
        <Text id="phone" name="phone" label="联系电话（可不填）" value={values.phone} error={e.phone} inputmode="tel" />
        <Text id="email" name="email" label="电子邮箱（可不填）" value={values.email} error={e.email} inputmode="email" />
        <Choices
          name="notify"
          label="办理进展通知（申请人自愿选择）"
          hint="受理、不予受理、补正、延期、办结和评价邀请。短信须有 11 位手机号，邮件须有电子邮箱；通知只写办件编号和状态。"
          kind="checkbox"
          value={values.notify ?? []}
          options={[
            { value: 'sms', label: '短信通知' },
            { value: 'email', label: '电子邮件通知' },
          ]}
        />
        <Choices
          name="decision"
          label="当场处理"
          kind="radio"
          value={values.decision ?? 'accept'}
          error={e.decision}
          options={[
            { value: 'accept', label: '材料齐全，当场受理' },
            { value: 'correction', label: '需要补正：一次性告知所缺材料（计时暂停）' },
            { value: 'none', label: '仅收件，稍后决定是否受理' },
          ]}
        />
        <TextArea id="materials" name="materials" label="所缺材料（需要补正时填写，每行一项）" value={values.materials} error={e.materials} />
        <button class="button" type="submit">
          录入
        </button>
      </form>
    </OfficeLayout>
  );
}

/** The fields of the event form on an application's page; which ones apply depends on the type. */
export interface EventValues {
  key: string;
  type?: string;
  occurredAt?: string;
  step?: string;
  reason?: string;
  basis?: string;
  days?: string;
  approvedBy?: string;
  kind?: string;
  item?: string;
  amountYuan?: string;
  outcome?: string;
  materials?: string;
}

export interface FileProps {
  staff: Staff;
  csrf: string;
  file: ApplicationFile;
  eventValues: EventValues;
  eventErrors?: FieldError[];
  cardFailed?: { id: number; action: CardAction; errors: FieldError[]; values: Record<string, string> };
  notice?: string;
  rating?: { level: string; followUpBy: string | null; followedUpAt: number | null; followUp: string | null };
  followUpErrors?: FieldError[];
  /** The notices about this application and their delivery state (issue 15), without addresses. */
  deliveries?: Child;
}

/** The form of each card action (the registry names them; the compiler names a missing one). */
const cardForms: Record<CardAction, (p: { id: number; errors: Record<string, string>; values: Record<string, string> }) => unknown> = {
  supervise: ({ id, errors, values }) => (
    <>
      <TextArea id={`instruction-${id}`} name="instruction" label="督办要求" value={values.instruction} error={errors.instruction} />
      <Text id={`answerDays-${id}`} name="answerDays" label="回告期限（工作日）" value={values.answerDays ?? '3'} error={errors.answerDays} inputmode="numeric" width="3" />
    </>
  ),
  answer: ({ id, errors, values }) => <TextArea id={`answer-${id}`} name="answer" label="回告内容（原因和整改情况）" value={values.answer} error={errors.answer} />,
  close: ({ id, errors, values }) => <TextArea id={`outcome-${id}`} name="outcome" label="办结意见" value={values.outcome} error={errors.outcome} />,
};

export function ApplicationFilePage({ staff, csrf, file, eventValues, eventErrors = [], cardFailed, notice, rating, followUpErrors = [], deliveries }: FileProps) {
  const p = file.projection;
  const e = errorMap(eventErrors);
  const service = p ? catalogue.services.find((s) => s.id === p.service) : undefined;
  const hasErrors = eventErrors.length > 0 || Boolean(cardFailed) || followUpErrors.length > 0;
  return (
    <OfficeLayout title={`办件 ${file.number}`} staff={staff} csrf={csrf} active="applications" hasErrors={hasErrors}>
      <h1>办件 {file.number}</h1>
      <SuccessNotice notice={notice} />
      {cardFailed && <ErrorSummary errors={cardFailed.errors.map((x) => ({ ...x, field: `${x.field}-${cardFailed.id}` }))} />}
      {p && service && (
        <dl class="summary">
          <dt>事项</dt>
          <dd>
            {service.code} {service.name}（{departmentName(service.department)}）
          </dd>
          <dt>状态</dt>
          <dd>
            {statusLabels[p.status]}
            {p.stopped ? '（计时暂停）' : ''}
          </dd>
          <dt>收件</dt>
          <dd>
            {p.receivedOn}（{channelLabels[p.channel]}）；应于 {p.acceptBy.date} 前决定是否受理
          </dd>
          <dt>承诺时限</dt>
          <dd>
            {p.dueBy ? `${p.dueBy.date}${p.dueBy.provisional ? `（暂定：${p.dueBy.note}）` : ''}；法定时限 ${p.statutoryBy?.date}` : '受理后起算'}
          </dd>
          <dt>当前环节</dt>
          <dd>{p.currentStep ? `${p.currentStep.name}，应于 ${p.currentStep.dueBy.date} 前完成` : '—'}</dd>
          {p.extension && (
            <>
              <dt>延期</dt>
              <dd>
                {p.extension.days} 个工作日，理由：{p.extension.reason}（{staffName(p.extension.approvedBy)} 批准）
              </dd>
            </>
          )}
          <Entry term="一次性告知补正" value={p.missingMaterials.length > 0 && p.missingMaterials.join('；')} />
        </dl>
      )}
      <h2>经过</h2>
      <ol class="timeline">
        {file.events.map((ev) => (
          <li>
            {formatStamp(ev.occurredAt)} {registry[ev.type].label}
            {describeEvent(ev.type, ev.data as Record<string, unknown>, service?.steps)}
            {ev.late ? `（补录，${formatStamp(ev.recordedAt)} 录入）` : ''}
          </li>
        ))}
      </ol>
      <h2>好差评</h2>
      {!rating ? (
        <p>申请人尚未评价。</p>
      ) : (
        <>
          <p>
            {satisfaction.label(rating.level as Satisfaction)}
            {rating.followUpBy ? `。差评：应于 ${rating.followUpBy} 前回访并整改` : ''}
            {rating.followedUpAt ? `；已于 ${formatStamp(rating.followedUpAt)} 回访：${rating.followUp}` : ''}
          </p>
          {rating.followUpBy && !rating.followedUpAt && staff.role !== 'admin' && (
            <form method="post" action={`/office/applications/${file.number}/follow-up`} novalidate>
              <CsrfField csrf={csrf} />
              <ErrorSummary errors={followUpErrors} />
              <TextArea id="followUp" name="followUp" label="回访和整改情况" error={errorMap(followUpErrors).followUp} />
              <button class="button" type="submit">
                记录回访
              </button>
            </form>
          )}
        </>
      )}
      <h2>预警（{file.cards.length}）</h2>
      {file.cards.map((card) => {
        const allowed = (Object.keys(cardActions) as CardAction[]).filter((a) => (cardActions[a].states as readonly string[]).includes(card.state) && (cardActions[a].roles as readonly string[]).includes(staff.role));
        return (
          <section class="card-record" aria-labelledby={`card-${card.id}`}>
            <h3 id={`card-${card.id}`}>
              {card.colour === 'red' ? '红牌' : '黄牌'}：{cardRules[card.rule as keyof typeof cardRules]?.label}（{cardStateLabels[card.state as CardState]}）
            </h3>
            <p>
              {card.detail}。责任：{departmentName(card.department)} {postTitle(card.post)} {staffName(card.holder)}（{viaLabel[card.via]}）。{card.answerBy ? `回告期限 ${card.answerBy}。` : ''}
              {card.caseId ? ` 已立效能案件 #${card.caseId}。` : ''}
            </p>
            <ul>
              {file.cardEvents
                .filter((x) => x.cardId === card.id)
                .map((x) => (
                  <li>
                    {formatStamp(x.at)} {cardEvents[x.type].label}
                    {x.type !== 'raised' ? `：${Object.values(JSON.parse(x.data) as Record<string, unknown>).join('；')}` : ''}
                  </li>
                ))}
            </ul>
            {card.colour === 'red' && !card.caseId && staff.role === 'supervisor' && (
              <form method="post" action={`/office/applications/cards/${card.id}/open-case`}>
                <CsrfField csrf={csrf} />
                <button class="button button--warning" type="submit">
                  立为效能案件（针对责任岗位）
                </button>
              </form>
            )}
            {allowed.map((action) => {
              const failed = cardFailed?.id === card.id && cardFailed.action === action ? cardFailed : undefined;
              return (
                <form method="post" action={`/office/applications/cards/${card.id}/${action}`}>
                  <CsrfField csrf={csrf} />
                  {cardForms[action]({ id: card.id, errors: failed ? errorMap(failed.errors) : {}, values: failed?.values ?? {} })}
                  <button class="button" type="submit">
                    {cardActions[action].label}
                  </button>
                </form>
              );
            })}
          </section>
        );
      })}
      {p && staff.role !== 'admin' && (
        <>
          <h2>记录办理事件</h2>
          <ErrorSummary errors={eventErrors} />
          <form method="post" action={`/office/applications/${file.number}/events`} novalidate>
            <CsrfField csrf={csrf} />
            <input type="hidden" name="key" value={eventValues.key} />
            <Select
              id="type"
              label="事件"
              value={eventValues.type}
              error={e.type}
              options={eventTypes.filter((t) => t !== 'received').map((t) => ({ value: t, label: registry[t].label }))}
            />
            <Text id="occurredAt" name="occurredAt" type="datetime-local" label="发生时间（不填为现在）" hint="补录以前发生的事件时填写" value={eventValues.occurredAt} error={e.occurredAt} />
            <Select id="step" label="环节（环节办结时）" empty="—" value={eventValues.step} error={e.step} options={(service?.steps ?? []).map((s, i) => ({ value: String(i), label: `${i}. ${s.name}（${s.days} 个工作日）` }))} />
            <Select id="kind" label="暂停原因（计时暂停时）" empty="—" value={eventValues.kind} error={e.kind} options={Object.entries(stopLabels).map(([value, label]) => ({ value, label }))} />
            <Select id="outcome" label="办结结果（办结时）" empty="—" value={eventValues.outcome} error={e.outcome} options={Object.entries(outcomeLabels).map(([value, label]) => ({ value, label }))} />
            <TextArea id="reason" name="reason" label="理由（不予受理、不予办理、延期时必填）" value={eventValues.reason} error={e.reason} />
            <Text id="basis" name="basis" label="法律依据（不予受理、不予办理时必填）" value={eventValues.basis} error={e.basis} />
            <Text id="days" name="days" label="延期工作日数（延期时）" value={eventValues.days} error={e.days} inputmode="numeric" width="3" />
            <Text id="approvedBy" name="approvedBy" label="批准延期的领导工作人员编号（延期时）" value={eventValues.approvedBy} error={e.approvedBy} />
            <Text id="item" name="item" label="收费项目（收费时）" value={eventValues.item} error={e.item} />
            <Text id="amountYuan" name="amountYuan" label="收费金额（元，收费时）" value={eventValues.amountYuan} error={e.amountYuan} inputmode="numeric" width="10" />
            <TextArea id="materials" name="materials" label="所缺材料（补正告知时，每行一项）" value={eventValues.materials} error={e.materials} />
            <button class="button" type="submit">
              记录
            </button>
          </form>
        </>
      )}
      {deliveries}
    </OfficeLayout>
  );
}

function describeEvent(type: string, data: Record<string, unknown>, steps?: { name: string }[]): string {
  switch (type) {
    case 'step-done':
      return `：${steps?.[Number(data.step)]?.name ?? `环节 ${String(data.step)}`}${data.by ? `（${staffName(String(data.by))}）` : ''}`;
    case 'stop-started':
      return `：${stopLabels[data.kind as keyof typeof stopLabels] ?? ''}`;
    case 'extended':
      return `：${String(data.days)} 个工作日，${String(data.reason)}`;
    case 'fee-charged':
      return `：${String(data.item)} ${String(data.amountYuan)} 元`;
    case 'correction-requested':
      return `：${(data.materials as string[]).join('；')}`;
    case 'not-accepted':
    case 'concluded':
      return `${data.outcome ? `：${outcomeLabels[data.outcome as keyof typeof outcomeLabels]}` : ''}${data.reason ? `，理由：${String(data.reason)}` : ''}${data.basis ? `，依据：${String(data.basis)}` : ''}`;
    default:
      return '';
  }
}

export function ClientsPage({ staff, csrf, clients, created, errors = [], values = {} }: { staff: Staff; csrf: string; clients: { id: string; name: string; departments: string; services: string; revokedAt: number | null }[]; created?: { id: string; secret: string }; errors?: FieldError[]; values?: Record<string, string> }) {
  const e = errorMap(errors);
  return (
    <OfficeLayout title="业务系统接入" staff={staff} csrf={csrf} active="applications" hasErrors={errors.length > 0}>
      <h1>业务系统接入</h1>
      {created && (
        <div class="notice" role="status">
          <p>已创建客户端 {created.id}。密钥只显示这一次，请立即交给业务系统管理员妥善保存：</p>
          <p>
            <code>{created.secret}</code>
          </p>
        </div>
      )}
      <Table class="table" head={['客户端', '名称', '范围', '状态']}>
        {clients.map((c) => (
          <tr>
            <td>{c.id}</td>
            <td>{c.name}</td>
            <td>
              {(JSON.parse(c.departments) as string[]).map(departmentName).join('、')}
              {(JSON.parse(c.services) as string[]).map(serviceName).join('、')}
            </td>
            <td>
              {c.revokedAt ? (
                '已停用'
              ) : staff.role === 'admin' ? (
                <form method="post" action={`/office/applications/clients/${c.id}/revoke`}>
                  <CsrfField csrf={csrf} />
                  <button class="button button--secondary" type="submit">
                    停用
                  </button>
                </form>
              ) : (
                '使用中'
              )}
            </td>
          </tr>
        ))}
      </Table>
      {staff.role === 'admin' && (
        <>
          <h2>新建客户端</h2>
          <ErrorSummary errors={errors} />
          <form method="post" action="/office/applications/clients/" novalidate>
            <CsrfField csrf={csrf} />
            <Text id="name" name="name" label="业务系统名称" value={values.name} error={e.name} />
            <Select id="clientDepartment" name="department" label="可报送的部门（与事项二选一）" empty="—" options={departmentOptions} value={values.department} error={e.department} />
            <Select id="clientService" name="service" label="可报送的事项" empty="—" options={serviceOptions} value={values.service} error={e.service} />
            <button class="button" type="submit">
              创建并显示密钥
            </button>
          </form>
        </>
      )}
    </OfficeLayout>
  );
}

export function PerformancePage({ staff, csrf, month, by, rows, threshold }: { staff: Staff; csrf: string; month: string; by: 'department' | 'service'; rows: PerformanceRow[]; threshold: number }) {
  return (
    <OfficeLayout title={`${month} 办件绩效`} staff={staff} csrf={csrf} active="applications">
      <h1>{month} 办件绩效评估</h1>
      <FilterForm action="/office/applications/performance" class="filters" submit="查看">
        <Text id="month" name="month" label="月份（YYYY-MM）" value={month} width="10" />
        <Select id="by" label="按" value={by} options={[{ value: 'department', label: '部门' }, { value: 'service', label: '事项' }]} />
      </FilterForm>
      <p>按时办结率 = 按时办结 ÷（本月办结 + 月末仍未办结且已超期）。不足 {threshold} 件的比率和平均值不显示（“—”），以免推知个人。</p>
      <Table class="table" head={[by === 'department' ? '部门' : '事项', '收件', '办结', '超期未办结', '按时办结率', '平均用时／承诺（工作日）', '黄牌', '红牌', '好差评']}>
        {rows.map((r) => (
          <tr>
            <th scope="row">{r.label}</th>
            <td>{r.received}</td>
            <td>{r.concluded}</td>
            <td>{r.overdueOpen}</td>
            <td>{r.onTimeRate === null ? '—' : `${r.onTimeRate}%`}</td>
            <td>{r.averageDays === null ? '—' : `${r.averageDays}／${r.committedDays}`}</td>
            <td>{r.yellow}</td>
            <td>{r.red}</td>
            <td>
              {Object.entries(r.ratings)
                .filter(([, n]) => n > 0)
                .map(([level, n]) => `${satisfaction.label(level as Satisfaction)} ${n}`)
                .join('，') || '—'}
            </td>
          </tr>
        ))}
      </Table>
    </OfficeLayout>
  );
}
