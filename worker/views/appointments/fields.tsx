/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** What the appointment pages add to worker/views/fields.tsx: their privacy notice, day labels and slot ids. */
import { Consent as SharedConsent } from '../fields.tsx';

export type Values = Partial<Record<string, string>>;

const privacy =
  '您的姓名、电话和要办的事只用于安排这次预约，加密保存，只有负责联系您的工作人员和效能办可以查看，不会出现在任何公开信息或统计中。查询和取消预约时，只有同时持有预约编号和查询码的人才能看到您提交的内容。';

export function Consent({ value, error }: { value?: string; error?: string }) {
  return <SharedConsent privacy={privacy} value={value} error={error} />;
}

const weekdays = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/** 2026 年 12 月 2 日（星期三） */
export function dayLabel(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y} 年 ${m} 月 ${d} 日（${weekdays[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]}）`;
}

/** The slot value in a radio id: 09:00 → 0900. */
export function slotId(prefix: string, start: string): string {
  return `${prefix}-${start.replace(':', '')}`;
}
