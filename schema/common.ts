import { z } from 'zod';

// Every message a person reads is Simplified Chinese: zod's own zh-CN messages, and for a missing
// required field a message that says to fill it in.
z.config(z.locales.zhCN());
z.config({
  customError: (issue) =>
    issue.code === 'invalid_type' && issue.input === undefined ? '必填项：请填写此项' : undefined,
});

/**
 * Building blocks shared by content, form and API schemas.
 * Messages are in zh-CN and say what to write, because the people who read them are office
 * editors (content) and citizens (forms).
 */

/** A content id: the file name without extension, lowercase ascii words joined by dashes. */
export const id = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, '编号只能用小写字母、数字和连字符，例如 general-office');

/**
 * A Chinese landline (区号-号码, e.g. 0519-85681234), mobile (11 digits starting with 1),
 * or a short service number such as 12345.
 */
export const PHONE_PATTERN = /^(?:0\d{2,3}-\d{7,8}(?:-\d{1,5})?|1[3-9]\d{9}|12\d{3}|400-\d{3}-\d{4})$/;
export const phone = z
  .string()
  .trim()
  .regex(PHONE_PATTERN, '电话号码格式不对：固定电话写成“区号-号码”（如 0519-85681234），手机写 11 位数字');

/** A calendar date written YYYY-MM-DD that really exists (no 2026-02-30). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期要写成 YYYY-MM-DD，例如 2026-03-01', abort: true })
  .refine((value) => {
    const [y, m, d] = value.split('-').map(Number);
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, '这一天不存在，请检查月份和日期');

/** YAML turns an unquoted 2026-03-01 into a Date: accept both and keep the string form. */
export const contentDate = z.preprocess(
  (value) => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value),
  isoDate,
);

/** A time of day HH:MM (24 h). */
export const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间要写成 HH:MM（24 小时制），例如 09:00');

/** Non-empty trimmed text. */
export const text = z.string().trim().min(1, '不能为空，请填写内容');

/** Working days: a whole number, 0 meaning "on the spot" (当场办结). */
export const workingDays = z
  .number({ error: '请写工作日天数（整数），例如 5' })
  .int('工作日天数必须是整数')
  .min(0, '工作日天数不能是负数');
