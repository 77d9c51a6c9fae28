/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * Console pages for appointments (办事预约制 + AB岗位制): the queue per handler (what came to them
 * as B is marked), one appointment with its history and the progress forms, absences, and the
 * reception-day bookings per day.
 */
import { absenceKinds, appointmentChannels, appointmentEventLabel, appointmentKinds, appointmentStatuses, appointmentWorkflow, routedVia, staffChannels, type AbsenceKind, type AppointmentChannel, type AppointmentCreated, type AppointmentPersonal, type ProgressAction } from '../../../schema/appointment.ts';
import { formatAccessCode } from '../../lib/crypto.ts';
import type { FieldError } from '../../../schema/common.ts';
import type { Staff } from '../../env.ts';
import { catalogue, departmentName } from '../../lib/catalogue.ts';
import type { AbsenceRow, AppointmentEventRow, AppointmentFilters, AppointmentRow } from '../../services/appointments.ts';
import { formatDate } from '../confirmation.tsx';
import { errorMap } from '../fields.tsx';
import { dayLabel, slotLabel } from '../appointments/fields.tsx';
import { Choices, Select, Text, TextArea } from './fields.tsx';
import { BackLink, CsrfField, FilterForm, OfficeLayout, PrintSheet, VersionedForm } from './layout.tsx';
import { NavLinks } from '../layout.tsx';
import { describeRule, type ReceptionPlan } from '../../../schema/reception.ts';
import { formatStamp } from '../../../schema/format.ts';
import { Entry, OfficeTable, RowLink, Table } from '../records.tsx';

export function staffLabel(id: string | null | undefined): string {
  const s = catalogue.staff.find((x) => x.id === id);
  return s ? `${s.name}（${s.title}）` : (id ?? '');
}

const at = (ms: number) => formatStamp(ms);

function SubNav({ current }: { current: 'queue' | 'absences' | 'reception' | 'new' | 'register' }) {
  const items = [
    { id: 'queue', href: '/office/appointments/', label: '预约队列' },
    { id: 'new', href: '/office/appointments/new', label: '登记电话或来访预约' },
    { id: 'register', href: '/office/appointments/register', label: '预约登记本' },
    { id: 'absences', href: '/office/appointments/absences', label: '不在岗登记' },
    { id: 'reception', href: '/office/appointments/reception', label: '局长接待日' },
  ] as const;
  return (
    <nav aria-label="预约子栏目">
      <NavLinks class="inline-list" items={items} current={(i) => i.id === current} />
    </nav>
  );
}

function Contact({ row }: { row: AppointmentRow }) {
  const overdue = row.status === 'requested' && row.overdue;
  return (
    <>
      {formatDate(row.contactBy)}
      {overdue && (
        <>
          {' '}
          <span class="badge badge--overdue">逾期未联系</span>
        </>
      )}
      {row.contactByProvisional && (
        <>
          {' '}
          <span class="badge badge--provisional">暂按周一至周五推算</span>
        </>
      )}
    </>
  );
}

export function AppointmentQueuePage({ staff, csrf, rows, filters, notice }: { staff: Staff; csrf: string; rows: AppointmentRow[]; filters: AppointmentFilters; notice?: string }) {
  const views = [
    { value: 'mine', label: '分给我的' },
    { value: 'open', label: '未办结的' },
    { value: 'all', label: '全部（含已办结）' },
  ];
  return (
    <OfficeLayout title="预约队列" staff={staff} csrf={csrf} active="appointments" notice={notice}>
      <h1>预约队列</h1>
      <SubNav current="queue" />
      <p>
        {staff.role === 'handler' ? `只显示${departmentName(staff.department)}的预约。` : '显示全部部门的预约。'}
        须在联系期限之前打电话联系预约人；“接手方式”为 B 岗的，是因为 A 岗工作人员登记了不在岗。
      </p>
      <FilterForm action="/office/appointments/" class="office-filters">
        <Select id="filter-view" name="view" label="范围" value={filters.view ?? 'open'} options={views} />
        <Select id="filter-status" name="status" label="状态" value={filters.status} empty="未办结的全部状态" options={appointmentStatuses.codes.map((c) => ({ value: c, label: appointmentStatuses.label(c) }))} />
        <Select id="filter-kind" name="kind" label="类型" value={filters.kind} empty="全部类型" options={appointmentKinds.codes.map((c) => ({ value: c, label: appointmentKinds.label(c) }))} />
        <Select id="filter-channel" name="channel" label="方式" value={filters.channel} empty="全部方式" options={appointmentChannels.codes.map((c) => ({ value: c, label: appointmentChannels.label(c) }))} />
        {staff.role !== 'handler' && (
          <Select id="filter-department" name="department" label="部门" value={filters.department} empty="全部部门" options={catalogue.departments.map((d) => ({ value: d.id, label: d.name }))} />
        )}
      </FilterForm>
      {rows.length === 0 ? (
        <p>没有符合条件的预约。</p>
      ) : (
        <OfficeTable caption={`共 ${rows.length} 个预约，逾期未联系的排在最前`} head={['预约编号', '类型（方式）和部门', '希望日期和时段', '状态', '负责联系', '接手方式', '联系期限']}>
          {rows.map((r) => (
            <tr>
              <RowLink href={`/office/appointments/${r.id}`}>{r.reference}</RowLink>
              <td>
                {appointmentKinds.label(r.kind)}（{appointmentChannels.label(r.channel)}）
                <br />
                {departmentName(r.department)}
              </td>
              <td>{slotLabel(r.date, r.slotStart, r.slotEnd)}</td>
              <td>{appointmentStatuses.label(r.status)}</td>
              <td>
                {staffLabel(r.assignee)}
                {r.assignee === staff.staffId && '（我）'}
              </td>
              <td>{routedVia.label(r.routedVia)}</td>
              <td>
                <Contact row={r} />
              </td>
            </tr>
          ))}
        </OfficeTable>
      )}
    </OfficeLayout>
  );
}

function EventDetail({ e }: { e: AppointmentEventRow }) {
  let data: Record<string, unknown> = {};
  try {
    data = JSON.parse(e.data) as Record<string, unknown>;
  } catch {
    data = {};
  }
  if (e.type === 'routed') return <>分给 {staffLabel(String(data.assignee))}，{routedVia.entries[data.via as keyof typeof routedVia.entries] ?? ''}</>;
  if (e.type === 'scheduled') return <>{`${data.date ?? ''} ${data.time ?? ''}，${data.place ?? ''}`}</>;
  if (e.type === 'cancelled') return <>{data.by === 'citizen' ? '预约人取消' : ''}</>;
  if (e.type === 'note') return <span class="office-note">{String(data.text ?? '')}</span>;
  return null;
}

export interface AppointmentPageProps {
  staff: Staff;
  csrf: string;
  row: AppointmentRow;
  personal: AppointmentPersonal;
  history: AppointmentEventRow[];
  next: readonly ProgressAction[];
  errors?: FieldError[];
  values?: Record<string, string>;
  notice?: string;
}

export function AppointmentPage({ staff, csrf, row, personal, history, next, errors = [], values = {}, notice }: AppointmentPageProps) {
  const err = errorMap(errors);
  const service = catalogue.services.find((s) => s.id === row.service);
  const closed = next.length === 0;
  return (
    <OfficeLayout title={`预约 ${row.reference}`} staff={staff} csrf={csrf} active="appointments" errors={errors} errorIds={{ to: 'to', version: 'to' }} notice={notice}>
      <h1>预约 {row.reference}</h1>
      <dl class="summary-list">
        <dt>类型</dt>
        <dd>{appointmentKinds.label(row.kind)}</dd>
        <dt>状态</dt>
        <dd>
          {appointmentStatuses.label(row.status)}
          {row.archivedAt !== null && '（已归档）'}
        </dd>
        <dt>部门和事项</dt>
        <dd>
          {departmentName(row.department)}
          {service && `，${service.code} ${service.name}`}
        </dd>
        <dt>希望日期和时段</dt>
        <dd>{slotLabel(row.date, row.slotStart, row.slotEnd)}</dd>
        <dt>负责联系</dt>
        <dd>
          {staffLabel(row.assignee)}，{routedVia.label(row.routedVia)}
        </dd>
        <dt>联系期限</dt>
        <dd>
          <Contact row={row} />
        </dd>
        <dt>预约人</dt>
        <dd>{personal.name}</dd>
        <dt>联系电话</dt>
        <dd>{personal.phone}</dd>
        <dt>要办的事</dt>
        <dd class="prewrap">{personal.matter}</dd>
        <Entry term="取消原因" value={personal.cancelReason} />
      </dl>

      {!closed && (
        <section aria-labelledby="progress-title">
          <h2 id="progress-title">记录进展</h2>
          <VersionedForm action={`/office/appointments/${row.id}/progress`} csrf={csrf} version={row.version}>
            <Select id="to" name="to" label="进展" value={values.to} error={err.to} empty="请选择" options={next.map((s) => ({ value: s, label: appointmentWorkflow.actions[s].label }))} />
            <fieldset class="fieldset">
              <legend class="fieldset__legend">约定的时间地点（选“已约定办理时间和地点”时填写，预约人可以看到）</legend>
              <Text id="date" name="date" label="约定日期" hint="例如 2026-12-01" value={values.date} error={err.date} width="10" />
              <Text id="time" name="time" label="约定时间" hint="例如 09:30" value={values.time} error={err.time} width="5" />
              <Text id="place" name="place" label="约定地点" hint="例如 市民服务大楼一楼 3 号窗口" value={values.place} error={err.place} width="30" />
            </fieldset>
            <TextArea id="note" name="note" label="内部备注（可选，预约人看不到）" value={values.note} error={err.note} />
            <button class="button" type="submit">
              记录
            </button>
          </VersionedForm>
        </section>
      )}
      {closed && row.archivedAt === null && (
        <VersionedForm action={`/office/appointments/${row.id}/archive`} csrf={csrf} version={row.version} novalidate={false}>
          <button class="button button--secondary" type="submit">
            归档
          </button>
        </VersionedForm>
      )}

      <h2>经过（只增不改）</h2>
      <ol class="timeline">
        {history.map((e) => (
          <li class="timeline__event">
            <h3 class="timeline__title">
              {appointmentEventLabel(e.type)}
              {e.public ? '' : '（内部）'}
            </h3>
            <p class="timeline__time">
              {at(e.at)} · {e.actor === 'citizen' ? '预约人' : e.actor === 'system' ? '系统' : staffLabel(e.actor)}
            </p>
            <p>
              <EventDetail e={e} />
            </p>
          </li>
        ))}
      </ol>
      <BackLink href="/office/appointments/">返回预约队列</BackLink>
    </OfficeLayout>
  );
}

export function AbsencesPage({ staff, csrf, rows, errors = [], values = {}, notice }: { staff: Staff; csrf: string; rows: AbsenceRow[]; errors?: FieldError[]; values?: Record<string, string>; notice?: string }) {
  const err = errorMap(errors);
  const people = staff.role === 'supervisor' ? catalogue.staff : catalogue.staff.filter((s) => s.id === staff.staffId);
  const visible = staff.role === 'handler' ? rows.filter((r) => catalogue.staff.find((s) => s.id === r.staffId)?.department === staff.department) : rows;
  return (
    <OfficeLayout title="不在岗登记" staff={staff} csrf={csrf} active="appointments" errors={errors} notice={notice}>
      <h1>不在岗登记</h1>
      <SubNav current="absences" />
      <p>登记了不在岗的日子里，新的预约会分给 B 岗；A、B 岗都不在岗时分给部门负责人。本人或效能办负责人可以登记和撤销。</p>
      {people.length === 0 ? (
        <p>您的账户没有关联工作人员，不能登记不在岗；请联系效能办负责人代为登记。</p>
      ) : (
        <form method="post" action="/office/appointments/absences" novalidate>
          <CsrfField csrf={csrf} />
          <Select id="staffId" name="staffId" label="工作人员" value={values.staffId ?? (people.length === 1 ? people[0].id : undefined)} error={err.staffId} empty="请选择" options={people.map((p) => ({ value: p.id, label: `${p.name}（${departmentName(p.department)} ${p.title}）` }))} />
          <Text id="fromDate" name="fromDate" label="开始日期" hint="例如 2026-12-01" value={values.fromDate} error={err.fromDate} width="10" />
          <Text id="toDate" name="toDate" label="结束日期（含这一天）" hint="例如 2026-12-03" value={values.toDate} error={err.toDate} width="10" />
          <Select id="kind" name="kind" label="原因" value={values.kind} error={err.kind} empty="请选择" options={absenceKinds.codes.map((k) => ({ value: k, label: absenceKinds.label(k) }))} />
          <button class="button" type="submit">
            登记
          </button>
        </form>
      )}
      <h2>当前和近期的不在岗</h2>
      {visible.length === 0 ? (
        <p>没有登记。</p>
      ) : (
        <OfficeTable head={['工作人员', '日期', '原因', '登记人', '操作']}>
          {visible.map((r) => (
            <tr>
              <td>{staffLabel(r.staffId)}</td>
              <td>
                {r.fromDate} 至 {r.toDate}
              </td>
              <td>{absenceKinds.entries[r.kind as AbsenceKind] ?? r.kind}</td>
              <td>{staffLabel(r.recordedBy)}</td>
              <td>
                {r.withdrawnAt !== null ? (
                  '已撤销'
                ) : staff.role === 'supervisor' || staff.staffId === r.staffId ? (
                  <form method="post" action={`/office/appointments/absences/${r.id}/withdraw`}>
                    <CsrfField csrf={csrf} />
                    <button class="button button--secondary" type="submit" aria-label={`撤销 ${staffLabel(r.staffId)} ${r.fromDate} 至 ${r.toDate} 的不在岗登记`}>
                      撤销
                    </button>
                  </form>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </OfficeTable>
      )}
    </OfficeLayout>
  );
}

export function ReceptionBookingsPage({ staff, csrf, rows, names, plan }: { staff: Staff; csrf: string; rows: AppointmentRow[]; names: Map<number, string>; plan: ReceptionPlan }) {
  const schedule = catalogue.supervision.reception;
  const [yy, mm] = plan.horizon.split('-').map(Number);
  return (
    <OfficeLayout title="局长接待日登记情况" staff={staff} csrf={csrf} active="appointments">
      <h1>局长接待日登记情况</h1>
      <SubNav current="reception" />
      {plan.warnings.length > 0 && (
        <div class="notice notice--warning" role="alert" id="reception-warnings">
          <h2>接待日安排需要更新</h2>
          <ul>
            {plan.warnings.map((w) => (
              <li>{w}</li>
            ))}
          </ul>
        </div>
      )}
      <p>
        规则：{describeRule(schedule)}；提前公布 {schedule.monthsAhead} 个月（到 {yy} 年 {mm} 月）；
        {schedule.approvedThrough ? `安排审定到 ${schedule.approvedThrough}。` : '安排长期有效，直到修改。'}
        接待日由 content/supervision.yaml 的 reception 按工作日历推算。
      </p>
      {plan.cancelled.map((c) => (
        <p>
          {c.month} 不举行：{c.note}
        </p>
      ))}
      {plan.days.length === 0 && <p>目前没有公布的接待日：市民的登记页面会提示打电话预约。</p>}
      {plan.days.map((d) => {
        const booked = rows.filter((r) => r.date === d.date);
        return (
          <section aria-labelledby={`day-${d.date}`}>
            <h2 id={`day-${d.date}`}>
              {dayLabel(d.date)}
              {d.provisional ? '（日期待定）' : ''} · {staffLabel(d.receiver)}
            </h2>
            <p>{d.place}</p>
            {d.notes.map((n) => (
              <p class="hint">{n}</p>
            ))}
            {d.slots.map((s) => {
              const inSlot = booked.filter((r) => r.slotStart === s.start);
              const active = inSlot.filter((r) => r.status !== 'cancelled');
              return (
                <OfficeTable caption={`${s.start}—${s.end}：已登记 ${active.length} / ${s.capacity} 人`} head={['预约编号', '登记人', '状态']}>
                  {inSlot.length === 0 ? (
                    <tr>
                      <td colspan={3}>暂无登记</td>
                    </tr>
                  ) : (
                    inSlot.map((r) => (
                      <tr>
                        <td>
                          <a href={`/office/appointments/${r.id}`}>{r.reference}</a>
                        </td>
                        <td>{names.get(r.id) ?? '—'}</td>
                        <td>{appointmentStatuses.label(r.status)}</td>
                      </tr>
                    ))
                  )}
                </OfficeTable>
              );
            })}
          </section>
        );
      })}
    </OfficeLayout>
  );
}

// ---------- 预约登记本: requests taken by phone or at the counter, and the archived register ----------

export const newAppointmentIds: Record<string, string> = { channel: 'channel-phone', kind: 'kind', consent: 'consent-yes' };

/** Registering a phone or walk-in request: the same fields and checks as the online form, no Turnstile. */
export function NewAppointmentPage({ staff, csrf, values, errors = [], idempotencyKey }: { staff: Staff; csrf: string; values: Record<string, string | undefined>; errors?: FieldError[]; idempotencyKey: string }) {
  const err = errorMap(errors);
  const services = catalogue.departments.map((d) => ({
    label: d.name,
    options: catalogue.services.filter((s) => s.department === d.id && s.bookable).map((s) => ({ value: s.id, label: s.name })),
  }));
  return (
    <OfficeLayout title="登记电话或来访预约" staff={staff} csrf={csrf} active="appointments" errors={errors} errorIds={newAppointmentIds}>
      <h1>登记电话或来访预约（预约登记本）</h1>
      <SubNav current="new" />
      <p>电话或来访提出的预约，与网上预约一样分派（A 岗、代岗人、B 岗或负责人）并计算联系期限。登记后请把预约编号和查询码告诉预约人。</p>
      <form method="post" action="/office/appointments/new" novalidate>
        <CsrfField csrf={csrf} />
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        <Choices name="channel" label="预约方式" value={values.channel} error={err.channel} options={staffChannels.map((c) => ({ value: c, id: `channel-${c}`, label: appointmentChannels.label(c) }))} />
        <Select id="kind" label="预约类型" value={values.kind ?? 'ordinary'} error={err.kind} options={appointmentKinds.codes.map((c) => ({ value: c, label: appointmentKinds.label(c) }))} />
        <Select id="department" label="部门（办事预约必填；局长接待日不选）" value={values.department} empty="请选择" error={err.department} options={catalogue.departments.map((d) => ({ value: d.id, label: d.name }))} />
        <Select id="service" label="事项（选填）" value={values.service} empty="不选" error={err.service} groups={services} />
        <Text id="date" name="date" label="希望日期（YYYY-MM-DD）" hint="办事预约为明天起 30 天内的工作日；局长接待日为公布的接待日" value={values.date} error={err.date} />
        <Text id="slot" name="slot" label="时段开始时间（HH:MM）" hint="部门或接待日公布的时段之一，例如 09:00" value={values.slot} error={err.slot} />
        <Text id="name" name="name" label="预约人姓名" value={values.name} error={err.name} />
        <Text id="phone" name="phone" label="预约人电话" value={values.phone} error={err.phone} type="tel" />
        <TextArea id="matter" name="matter" label="要办的事" value={values.matter} error={err.matter} rows={4} />
        <Choices
          name="consent"
          kind="checkbox"
          label="个人信息"
          value={values.consent === 'yes' ? ['yes'] : []}
          error={err.consent}
          options={[{ value: 'yes', id: 'consent-yes', label: '已向预约人说明个人信息只用于办理本次预约，对方同意' }]}
        />
        <button class="button" type="submit">
          登记预约
        </button>
      </form>
    </OfficeLayout>
  );
}

export function AppointmentRegisteredPage({ staff, csrf, created, id }: { staff: Staff; csrf: string; created: AppointmentCreated; id?: number }) {
  return (
    <OfficeLayout title="预约已登记" staff={staff} csrf={csrf} active="appointments">
      <div class="panel panel--confirmation">
        <h1 class="panel__title">预约已登记</h1>
        <p class="panel__body">
          预约编号 <strong>{created.reference}</strong>
        </p>
        <p>
          查询码 <strong>{formatAccessCode(created.accessCode)}</strong>（只显示这一次，请告知预约人；可在 /appointments/track/ 查询）
        </p>
      </div>
      <dl class="summary-list">
        <dt>负责联系</dt>
        <dd>
          {created.contact.department}
          {created.contact.post} {created.contact.name}（{created.contact.viaLabel}），电话 {created.contact.phone}
        </dd>
        <dt>联系期限</dt>
        <dd>
          {formatDate(created.contactBy)} 之前{created.contactByProvisional ? '（暂按周一至周五推算）' : ''}
        </dd>
      </dl>
      <p>
        {id !== undefined && (
          <>
            <a href={`/office/appointments/${id}`}>查看这个预约</a> ·{' '}
          </>
        )}
        <a href="/office/appointments/new">再登记一个</a> · <a href="/office/appointments/register">预约登记本</a>
      </p>
    </OfficeLayout>
  );
}

/** The register (预约登记本, 建立档案备查): every appointment of a month, archived ones too, with the channel; printable. */
export function AppointmentRegisterPage({ staff, csrf, rows, month, channel, print }: { staff: Staff; csrf: string; rows: AppointmentRow[]; month: string; channel?: AppointmentChannel; print?: boolean }) {
  const query = `month=${month}${channel ? `&channel=${channel}` : ''}`;
  const table = (
    <Table class="office-table" caption={<>{month} 共 {rows.length} 个预约{channel ? `（${appointmentChannels.label(channel)}）` : ''}，按收到时间排列</>} head={['预约编号', '收到时间', '方式', '类型和部门', '希望日期和时段', '负责联系', '状态', '归档']}>
      {rows.map((r) => (
        <tr>
          <th scope="row">{print ? r.reference : <a href={`/office/appointments/${r.id}`}>{r.reference}</a>}</th>
          <td>{at(r.requestedAt)}</td>
          <td>
            {appointmentChannels.label(r.channel)}
            {r.registeredBy && (
              <>
                <br />
                登记人 {staffLabel(r.registeredBy)}
              </>
            )}
          </td>
          <td>
            {appointmentKinds.label(r.kind)}
            <br />
            {departmentName(r.department)}
          </td>
          <td>{slotLabel(r.date, r.slotStart, r.slotEnd)}</td>
          <td>
            {staffLabel(r.assignee)}（{routedVia.label(r.routedVia)}）
          </td>
          <td>{appointmentStatuses.label(r.status)}</td>
          <td>{r.archivedAt ? at(r.archivedAt) : '未归档'}</td>
        </tr>
      ))}
    </Table>
  );
  if (print) {
    return (
      <PrintSheet title={`预约登记本 ${month}`} toolbar="登记本操作" back={{ href: `/office/appointments/register?${query}`, label: '返回预约登记本' }} printHint="用浏览器“打印”即可打印本页">
        <h1>预约登记本（{month}）</h1>
        {table}
      </PrintSheet>
    );
  }
  return (
    <OfficeLayout title="预约登记本" staff={staff} csrf={csrf} active="appointments">
      <h1>预约登记本</h1>
      <SubNav current="register" />
      <p>每个预约（网上、电话、来访）都在这里存档备查，已归档的也在内。{staff.role === 'handler' ? `只显示${departmentName(staff.department)}的预约。` : ''}</p>
      <FilterForm action="/office/appointments/register" class="office-filters">
        <Text id="filter-month" name="month" label="月份（YYYY-MM）" value={month} />
        <Select id="filter-channel" name="channel" label="方式" value={channel} empty="全部方式" options={appointmentChannels.codes.map((c) => ({ value: c, label: appointmentChannels.label(c) }))} />
      </FilterForm>
      <p>
        <a href={`/office/appointments/register/print?${query}`}>打印版</a>
      </p>
      {rows.length === 0 ? <p>这个月没有符合条件的预约。</p> : <div class="office-table-wrap">{table}</div>}
    </OfficeLayout>
  );
}
