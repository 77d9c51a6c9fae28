/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** The director's reception day (局长接待日, seed 004): the published days, places left, and the booking form. */
import { appointmentLimits, type ReceptionDayView } from '../../../schema/appointment.ts';
import type { FieldError } from '../../../schema/common.ts';
import { catalogue } from '../../lib/catalogue.ts';
import { Choices, ErrorSummary, errorMap, Select, TextArea } from '../fields.tsx';
import { Layout } from '../layout.tsx';
import { ContactFields, dayLabel, type Values } from './fields.tsx';
import { formatMonth } from '../../../schema/format.ts';
import { Table } from '../records.tsx';

export function choiceId(date: string, start: string): string {
  return `choice-${date}-${start.replace(':', '')}`;
}

export interface ReceptionBoard {
  days: ReceptionDayView[];
  cancelled: { month: string; note: string }[];
}

const monthLabel = formatMonth;

/** Why nothing can be booked online right now, always with the phone: never a silent empty page. */
function NothingOpen({ days }: { days: ReceptionDayView[] }) {
  const s = catalogue.supervision;
  return (
    <div class="notice" role="status">
      <p>
        <strong>目前没有可以网上登记的接待日。</strong>
        {days.length === 0
          ? '近期的局长接待日安排正在更新，还没有公布。'
          : '已公布的接待日网上登记已经截止（接待日前一天截止），当天可以直接到接待室登记。'}
      </p>
      <p>
        要预约接待或反映问题，请拨打 <a href={`tel:${s.complaintPhone}`}>{s.complaintPhone}</a>（{s.phoneHours}），也可以<a href="/complaints/new/">在线提交效能投诉</a>。
      </p>
    </div>
  );
}

export function ReceptionForm({ board, values, errors, idempotencyKey }: { board: ReceptionBoard; values: Values; errors: FieldError[]; idempotencyKey: string }) {
  const { days } = board;
  const err = errorMap(errors);
  const open = days.filter((d) => d.bookable);
  const first = open.flatMap((d) => d.slots.filter((s) => s.left > 0).map((s) => choiceId(d.date, s.start)))[0] ?? 'matter';
  const choiceError = err.choice ?? err.date ?? err.slot;
  const shown = errors
    .map((e) => (e.field === 'date' || e.field === 'slot' ? { ...e, field: 'choice' } : e))
    .filter((e, i, all) => all.findIndex((x) => x.field === e.field) === i);
  return (
    <Layout title="局长接待日登记" path="/appointments/reception/" hasErrors={errors.length > 0}>
      <ErrorSummary errors={shown} ids={{ choice: first, idempotencyKey: 'submit' }} />
      <h1>局长接待日登记</h1>
      <p class="lead">{catalogue.supervision.reception.practice}</p>
      <h2>已公布的接待日</h2>
      <Table class="table" caption="局长接待日、接待领导、地点和各时段剩余名额" captionClass="visually-hidden" head={['日期', '接待领导', '地点', '时段和剩余名额']}>
        {days.length === 0 && (
          <tr>
            <td colspan={4}>近期没有已公布的接待日</td>
          </tr>
        )}
        {days.map((d) => (
          <tr>
            <td>
              {dayLabel(d.date)}
              {d.provisional && <strong>（日期待定）</strong>}
              {d.notes.map((n) => (
                <p class="hint">{n}</p>
              ))}
            </td>
            <td>
              {d.receiver.title} {d.receiver.name}
            </td>
            <td>{d.place}</td>
            <td>
              <ul class="plain-list">
                {d.slots.map((s) => (
                  <li>
                    {s.start}—{s.end}：{!d.bookable ? '网上登记已截止' : s.left > 0 ? `剩 ${s.left} 个名额（共 ${s.capacity} 个）` : '已约满'}
                  </li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </Table>
      {board.cancelled.map((c) => (
        <p>
          {monthLabel(c.month)}不举行局长接待日：{c.note}
        </p>
      ))}
      {open.length === 0 ? (
        <NothingOpen days={days} />
      ) : (
        <form method="post" action="/appointments/reception/" novalidate>
          <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
          <Choices
            name="choice"
            label="选择接待日和时段"
            hint="已约满的时段不能选；网上登记在接待日前一天截止"
            value={values.choice}
            error={choiceError}
            options={open.flatMap((d) =>
              d.slots.map((s) => ({
                value: `${d.date} ${s.start}`,
                id: choiceId(d.date, s.start),
                disabled: s.left === 0,
                label: `${dayLabel(d.date)}${d.provisional ? '（日期待定）' : ''} ${s.start}—${s.end}，${d.receiver.title}${d.receiver.name}接待（${s.left > 0 ? `剩 ${s.left} 个名额` : '已约满'}）`,
              })),
            )}
          />
          <TextArea id="matter" label="要反映的问题" hint={`简要写明要向局领导反映什么问题或提什么建议（${appointmentLimits.matter.min}—${appointmentLimits.matter.max} 字）`} value={values.matter} error={err.matter} />
          <ContactFields values={values} err={err} />
          <button class="button" id="submit" type="submit">
            登记
          </button>
        </form>
      )}
    </Layout>
  );
}
