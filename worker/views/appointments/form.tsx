/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** The appointment form (/appointments/new/): a plain POST form; no script is needed. */
import { appointmentLimits } from '../../../schema/appointment.ts';
import type { FieldError } from '../../../schema/common.ts';
import { addCalendarDays, isWorkingDay, shanghaiDate } from '../../../schema/workdays.ts';
import { calendar, catalogue } from '../../lib/catalogue.ts';
import { Choices, ErrorSummary, errorMap, Select, TextArea } from '../fields.tsx';
import { Layout } from '../layout.tsx';
import { ContactFields, dayLabel, slotId, type Values } from './fields.tsx';
import { now as clockNow } from '../../../schema/clock.ts';

/** Every distinct slot any department offers, in time order (each department's own list is validated). */
export function allSlots() {
  const seen = new Map<string, { start: string; end: string }>();
  for (const d of catalogue.departments) for (const s of d.slots) if (!seen.has(s.start)) seen.set(s.start, s);
  return [...seen.values()].sort((a, b) => a.start.localeCompare(b.start));
}

/** Working days from tomorrow within the booking window, on the calendar on file. */
export function bookableDays(now = clockNow()): { days: string[]; gapYear?: number } {
  const today = shanghaiDate(now);
  const days: string[] = [];
  let gapYear: number | undefined;
  for (let i = 1; i <= appointmentLimits.bookAheadDays; i++) {
    const date = addCalendarDays(today, i);
    const year = Number(date.slice(0, 4));
    if (!calendar.years.has(year)) {
      gapYear ??= year;
      continue;
    }
    if (isWorkingDay(calendar, date)) days.push(date);
  }
  return { days, gapYear };
}

export function appointmentErrorIds(): Record<string, string> {
  return { slot: slotId('slot', allSlots()[0]?.start ?? '09:00'), idempotencyKey: 'submit', kind: 'department' };
}

export function AppointmentForm({ values, errors, idempotencyKey }: { values: Values; errors: FieldError[]; idempotencyKey: string }) {
  const err = errorMap(errors);
  const departments = catalogue.departments;
  const services = departments
    .map((d) => ({ label: d.name, options: catalogue.services.filter((s) => s.bookable && s.department === d.id).map((s) => ({ value: s.id, label: `${s.code} ${s.name}` })) }))
    .filter((g) => g.options.length > 0);
  const { days, gapYear } = bookableDays();
  const slots = allSlots();
  const offered = departments.filter((d) => d.slots.length !== slots.length || d.slots.some((s, i) => s.start !== slots[i].start));
  return (
    <Layout title="办事预约" path="/appointments/new/" hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} ids={appointmentErrorIds()} />
      <h1>办事预约</h1>
      <p class="lead">
        经办人不在或您想约定时间办理时，可以在这里留下要办的事和联系电话。负责的工作人员会在规定时间内打电话和您联系，约定办理的时间和地点；经办人不在岗时，由 B 岗工作人员接手。
      </p>
      <p>
        想约局长接待日的，请到<a href="/appointments/reception/">局长接待日登记</a>。已经预约的，可以<a href="/appointments/track/">查询或取消预约</a>。
      </p>
      <form method="post" action="/appointments/new/" novalidate>
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        <fieldset class="fieldset">
          <legend class="fieldset__legend">预约哪个部门、办什么事</legend>
          <Select id="department" label="部门" value={values.department} error={err.department} empty="请选择部门" groups={[{ options: departments.map((d) => ({ value: d.id, label: d.name })) }]} />
          <Select id="service" label="办事事项（可选）" hint="只能选所选部门的事项；不确定可不选" value={values.service} error={err.service} empty="不确定或不在列表中" groups={services} />
        </fieldset>
        <Select
          id="date"
          label="希望办理的日期"
          hint={`可以预约明天起 ${appointmentLimits.bookAheadDays} 天内的工作日（已按法定节假日和调休上班日排除）${gapYear ? `；${gapYear} 年的放假安排尚未公布，暂不能预约 ${gapYear} 年的日期` : ''}`}
          value={values.date}
          error={err.date}
          empty="请选择日期"
          groups={[{ options: days.map((d) => ({ value: d, label: dayLabel(d) })) }]}
        />
        <Choices
          name="slot"
          label="希望办理的时段"
          hint={offered.length > 0 ? `${offered.map((d) => `${d.name}只提供 ${d.slots.map((s) => `${s.start}—${s.end}`).join('、')}`).join('；')}` : undefined}
          value={values.slot}
          error={err.slot}
          options={slots.map((s) => ({ value: s.start, id: slotId('slot', s.start), label: `${s.start}—${s.end}` }))}
        />
        <TextArea id="matter" label="要办的事" hint={`简要写明要办什么事、需要咨询什么（${appointmentLimits.matter.min}—${appointmentLimits.matter.max} 字）`} value={values.matter} error={err.matter} />
        <ContactFields values={values} err={err} />
        <button class="button" id="submit" type="submit">
          提交预约
        </button>
      </form>
    </Layout>
  );
}
