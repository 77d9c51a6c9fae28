/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** Confirmation, tracking form and status page of an appointment (codes only ever in POST bodies). */
import { appointmentLimits, type AppointmentCreated, type AppointmentView } from '../../../schema/appointment.ts';
import type { FieldError } from '../../../schema/common.ts';
import { formatDate } from '../confirmation.tsx';
import { describedBy, ErrorSummary, errorMap, FieldMessage, SuccessNotice } from '../fields.tsx';
import { Layout } from '../layout.tsx';
import { ConfirmationGonePage, LookupForm, NotFoundNotice, ReferencePanel, TimelineList } from '../status-parts.tsx';
import { dayLabel, slotLabel } from './fields.tsx';
import { Table, Entry } from '../records.tsx';

function Contact({ contact, contactBy, provisional }: { contact: AppointmentCreated['contact']; contactBy: string; provisional: boolean }) {
  return (
    <p>
      {contact.department}
      {contact.post} <strong>{contact.name}</strong>（{contact.viaLabel}）会在 <strong>{formatDate(contactBy)}</strong> 之前打电话和您联系
      {provisional && <span class="hint">（该日期超出已公布的放假安排，暂按周一至周五推算）</span>}。您也可以打 <a href={`tel:${contact.phone}`}>{contact.phone}</a> 找他们。
    </p>
  );
}

export function AppointmentConfirmation({ created }: { created: AppointmentCreated }) {
  const reception = created.kind === 'reception';
  return (
    <Layout title={reception ? '接待日登记成功' : '预约已提交'} path="/appointments/confirmation/">
      <ReferencePanel
        title={reception ? '接待日登记成功' : '预约已提交'}
        referenceLabel="预约编号"
        reference={created.reference}
        accessCode={created.accessCode}
        warning="查询码只在这里显示这一次，丢失后无法找回。请打印本页或抄下预约编号和查询码，凭这两项查询或取消预约。"
      />
      <h2>您预约的是</h2>
      <dl class="summary-list">
        <dt>日期和时段</dt>
        <dd>{slotLabel(created.date, created.slot.start, created.slot.end)}</dd>
        <Entry term="地点" value={created.place} />
      </dl>
      <h2>接下来会怎样</h2>
      <Contact contact={created.contact} contactBy={created.contactBy} provisional={created.contactByProvisional} />
      <p>{reception ? '请在接待日带上身份证件，按登记的时段到接待地点。' : '工作人员会和您确认办理的时间、地点和需要带的材料；时段以电话约定的为准。'}</p>
      <p>
        不能按时来的，请<a href="/appointments/track/">查询或取消预约</a>，把名额留给别人。
      </p>
    </Layout>
  );
}

export function AppointmentConfirmationGone() {
  return (
    <ConfirmationGonePage path="/appointments/confirmation/">
      <p>
        为保护您的查询码，确认页只显示一次。请凭记下的预约编号和查询码<a href="/appointments/track/">查询预约</a>。
      </p>
      <p>
        <a href="/appointments/new/">提交新的预约</a>
      </p>
    </ConfirmationGonePage>
  );
}

export function AppointmentTrackForm({ values, errors, notFound }: { values: Partial<Record<string, string>>; errors: FieldError[]; notFound?: boolean }) {
  const err = errorMap(errors);
  return (
    <Layout title="查询或取消预约" path="/appointments/track/" hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} />
      <h1>查询或取消预约</h1>
      {notFound && <NotFoundNotice title="查不到这个预约">预约编号或查询码不正确。请核对后重试；大小写和短横线不影响查询。</NotFoundNotice>}
      <p>请输入预约时得到的预约编号（YY 开头）和查询码。效能投诉（XN 开头）请到<a href="/track/">查询办理进度</a>。</p>
      <LookupForm action="/appointments/track/" referenceLabel="预约编号" referenceExample="YY-2611-7KQ4M9" reference={values.reference} err={err} />
    </Layout>
  );
}

export function AppointmentStatusPage(props: { view: AppointmentView; reference: string; accessCode: string; errors?: FieldError[]; values?: Partial<Record<string, string>>; notice?: string }) {
  const { view: v, reference, accessCode, errors = [], values = {}, notice } = props;
  const err = errorMap(errors);
  return (
    <Layout title={`预约 ${v.reference}`} path="/appointments/track/" hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} />
      <SuccessNotice notice={notice} />
      <h1>预约 {v.reference}</h1>
      <dl class="summary-list">
        <dt>预约类型</dt>
        <dd>{v.kindLabel}</dd>
        <dt>当前状态</dt>
        <dd data-status={v.status}>{v.statusLabel}</dd>
        <dt>部门</dt>
        <dd>{v.department.name}</dd>
        <Entry term="事项" value={v.service?.name} />
        <dt>日期和时段</dt>
        <dd>{slotLabel(v.date, v.slot.start, v.slot.end)}</dd>
        <Entry term="地点" value={v.place} />
        <dt>负责联系您的</dt>
        <dd>
          {v.contact.department}
          {v.contact.post} {v.contact.name}（{v.contact.viaLabel}），电话 <a href={`tel:${v.contact.phone}`}>{v.contact.phone}</a>
        </dd>
        <dt>联系期限</dt>
        <dd>
          {formatDate(v.contactBy)} 之前{v.contactByProvisional && <span class="hint">（暂按周一至周五推算）</span>}
        </dd>
      </dl>
      <h2>经过</h2>
      <TimelineList
        events={v.events}
        details={(e) => (
          <>
            {e.type === 'scheduled' && (
              <p>
                约定：{e.data.date ? dayLabel(e.data.date) : ''} {e.data.time ?? ''}，{e.data.place ?? ''}
              </p>
            )}
            {e.type === 'cancelled' && <p>{e.data.by === 'citizen' ? '由预约人取消' : ''}</p>}
          </>
        )}
      />
      {v.matters && (
        <section aria-labelledby="matters-title">
          <h2 id="matters-title">接待日反映的事项</h2>
          {v.matters.length === 0 ? (
            <p>接待日当天登记的事项会列在这里，每件都会交由处室办理，10 个工作日内答复。</p>
          ) : (
            <Table caption="每件事项的承办处室、答复期限和状态" head={['编号', '承办处室', '答复期限', '状态']}>
              {v.matters.map((m) => (
                <tr>
                  <td>{m.reference}</td>
                  <td>
                    {m.section}
                    {m.contact && (
                      <>
                        （联系人 {m.contact.name}，电话 <a href={`tel:${m.contact.phone}`}>{m.contact.phone}</a>）
                      </>
                    )}
                  </td>
                  <td>
                    {formatDate(m.dueBy)}
                    {m.dueProvisional && <span class="hint">（暂按周一至周五推算）</span>}
                  </td>
                  <td>{m.state === 'answered' ? `已答复（${formatDate(m.answeredOn ?? m.dueBy)}）` : m.state === 'overdue' ? '已超期，尚未答复' : '办理中'}</td>
                </tr>
              ))}
            </Table>
          )}
        </section>
      )}
      <h2>您提交的内容</h2>
      <dl class="summary-list">
        <dt>姓名</dt>
        <dd>{v.submitted.name}</dd>
        <dt>联系电话</dt>
        <dd>{v.submitted.phone}</dd>
        <dt>要办的事</dt>
        <dd class="prewrap">{v.submitted.matter}</dd>
      </dl>
      {v.canCancel && (
        <section aria-labelledby="cancel-title">
          <h2 id="cancel-title">取消预约</h2>
          <p>不能按时来的，请取消预约，{v.kind === 'reception' ? '名额会留给其他人' : '工作人员就不再联系您'}。</p>
          <form method="post" action="/appointments/cancel" novalidate>
            <input type="hidden" name="reference" value={reference} />
            <input type="hidden" name="accessCode" value={accessCode} />
            <div class={`form-group${err.reason ? ' form-group--error' : ''}`}>
              <label class="label" for="reason">
                取消原因（可选）
              </label>
              <p id="reason-hint" class="hint">
                最多 {appointmentLimits.reason} 字
              </p>
              <FieldMessage id="reason" message={err.reason} />
              <input class="input input--30" id="reason" name="reason" type="text" value={values.reason ?? ''} aria-describedby={describedBy('reason', true, err.reason)} aria-invalid={err.reason ? 'true' : undefined} />
            </div>
            <button class="button button--secondary" type="submit">
              取消这个预约
            </button>
          </form>
        </section>
      )}
      <p>
        <a href="/appointments/track/">查询其他预约</a>
      </p>
    </Layout>
  );
}
