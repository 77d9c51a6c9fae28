/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * What the appointment pages add to worker/views/fields.tsx: their privacy notice, the contact part
 * every booking form ends with, day and slot labels and slot ids.
 */
import { NotifyChoice } from '../../notify/fields.tsx';
import { Consent as SharedConsent, TextField } from '../fields.tsx';

export type Values = Partial<Record<string, string>>;

const privacy =
  '您的姓名、电话和要办的事只用于安排这次预约，加密保存，只有负责联系您的工作人员和效能办可以查看，不会出现在任何公开信息或统计中。查询和取消预约时，只有同时持有预约编号和查询码的人才能看到您提交的内容。';

export function Consent({ value, error }: { value?: string; error?: string }) {
  return <SharedConsent privacy={privacy} value={value} error={error} />;
}

/** The booker's name and phone, the SMS opt-in and the consent: the end of the appointment and reception-day forms. */
export function ContactFields({ values, err }: { values: Values; err: Record<string, string> }) {
  return (
    <>
      <fieldset class="fieldset">
        <legend class="fieldset__legend">联系方式</legend>
        <TextField id="name" label="姓名" value={values.name} error={err.name} autocomplete="name" width="20" />
        <TextField id="phone" label="联系电话" hint="手机写 11 位数字，固定电话写“区号-号码”，例如 0519-85681234" value={values.phone} error={err.phone} type="tel" autocomplete="tel" width="20" />
      </fieldset>
      <NotifyChoice values={values} channels={['sms']} what="预约进展" />
      <Consent value={values.consent} error={err.consent} />
      {err.idempotencyKey && <p class="field-error">{err.idempotencyKey}</p>}
    </>
  );
}

const weekdays = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/** 2026 年 12 月 2 日（星期三） */
export function dayLabel(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y} 年 ${m} 月 ${d} 日（${weekdays[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]}）`;
}

/** 2026 年 12 月 2 日（星期三） 09:00—10:00: the day and slot of an appointment. */
export function slotLabel(date: string, start: string, end: string): string {
  return `${dayLabel(date)} ${start}—${end}`;
}

/** The slot value in a radio id: 09:00 → 0900. */
export function slotId(prefix: string, start: string): string {
  return `${prefix}-${start.replace(':', '')}`;
}
