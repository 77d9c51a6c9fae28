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

/** A mainland mobile number: 11 digits starting 13–19. */
export const MOBILE = /^1[3-9]\d{9}$/;
/** A landline written 区号-号码, with an optional extension (0519-85681234-801). */
export const LANDLINE = /^0\d{2,3}-\d{7,8}(?:-\d{1,5})?$/;
/** What a citizen gives as their own phone (complaints, appointments): a mobile or a landline. */
export const PERSONAL_PHONE_MESSAGE = '电话号码格式不对：手机写 11 位数字（如 13912345678），固定电话写“区号-号码”（如 0519-85681234）';
export const isPersonalPhone = (v: string) => MOBILE.test(v) || LANDLINE.test(v);

/**
 * An office's published number (content): a landline or mobile as above, or a short service
 * number such as 12345 or a 400 number, which no citizen has as their own phone.
 */
export const PHONE_PATTERN = new RegExp(`^(?:${LANDLINE.source.slice(1, -1)}|${MOBILE.source.slice(1, -1)}|12\\d{3}|400-\\d{3}-\\d{4})$`);
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

/**
 * Characters nobody means to write in a form, which change how text reads or break what is made of
 * it (issue 17, item 4: %01%0B%1B in a bulletin correction note made the Atom feed invalid XML):
 * C0 and C1 control characters except tab and line breaks, line/paragraph separators, bidi
 * controls (U+061C, U+200E/F, U+202A–E, U+2066–9, the "Trojan Source" characters), zero-width
 * characters (U+200B–D, U+2060–4, U+FEFF), the soft hyphen and the Mongolian vowel separator.
 */
export const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]/;
/** INVISIBLE plus tab and line breaks: for one-line answers. */
export const INVISIBLE_OR_BREAK = new RegExp(`[\\t\\n\\r${INVISIBLE.source.slice(1, -1)}]`);

/** Says what to remove: the person cannot see these characters, so name them. */
export function invisibleMessage(label: string, breaks = false): string {
  return `${label}里有无法识别的字符${breaks ? '或换行' : ''}（看不见的控制字符、零宽字符或文字方向控制符），请删除后重新输入；从别处复制的文字可先粘贴到记事本再复制过来`;
}

/** The problem with a free text written by a citizen or staff member, or undefined when it is fine. */
export function textProblem(label: string, value: string, { breaks = true }: { breaks?: boolean } = {}): string | undefined {
  if (!value.isWellFormed()) return `${label}里有无法识别的字符，请重新输入`;
  if ((breaks ? INVISIBLE : INVISIBLE_OR_BREAK).test(value)) return invisibleMessage(label, !breaks);
  return undefined;
}

// XML 1.0 allows tab, LF, CR and U+0020 upwards, but not lone surrogates, U+FFFE or U+FFFF; bidi
// and zero-width characters are legal XML yet can make a feed reader show another text.
const NOT_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const STRIP_INVISIBLE = new RegExp(INVISIBLE.source, 'g');

/**
 * Text escaped for XML content or attribute values, with what XML forbids and what a reader cannot
 * see removed: every XML output (Atom feed, sitemap, SVG charts) goes through it, so data stored
 * before the input rules existed cannot break the document.
 */
export function xmlText(value: string): string {
  return value
    .replace(NOT_IN_XML, '')
    .replace(STRIP_INVISIBLE, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

// ---------- codes, text fields, lists and field errors (every workflow's forms and API) ----------

/** Crockford base32: no I, L, O, U, so codes read aloud and typed by hand survive. */
export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const ACCESS_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{10}$/;

/** What a person typed as a code: case-insensitive, spaces and dashes ignored, I/L → 1, O → 0 (Crockford). */
export function normaliseCode(value: string): string {
  return value.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}

/** Length in characters (code points), as a person counts them. */
export function charCount(value: string): number {
  return [...value].length;
}

/** One line of text: trimmed, no control characters or broken UTF-16, at most `max` characters. */
export function line(label: string, max: number, required: string) {
  return z
    .string({ error: (iss) => (iss.input === undefined ? required : `${label}要写成文字`) })
    .trim()
    .refine((v) => v.isWellFormed(), { error: `${label}里有无法识别的字符，请重新输入`, abort: true })
    .refine((v) => !INVISIBLE_OR_BREAK.test(v), { error: invisibleMessage(label, true), abort: true })
    .refine((v) => charCount(v) <= max, `${label}最多 ${max} 个字，请精简`);
}

/** Multi-line text with a minimum and maximum length; line breaks become \n. */
export function paragraph(label: string, min: number, max: number, required: string) {
  return z
    .string({ error: (iss) => (iss.input === undefined ? required : `${label}要写成文字`) })
    .trim()
    .refine((v) => v.isWellFormed(), { error: `${label}里有无法识别的字符，请重新输入`, abort: true })
    .refine((v) => !INVISIBLE.test(v), { error: invisibleMessage(label), abort: true })
    .refine((v) => charCount(v) > 0, { error: required, abort: true })
    .refine((v) => charCount(v) >= min, `${label}至少写 ${min} 个字`)
    .refine((v) => charCount(v) <= max, `${label}最多 ${max} 个字，请精简`)
    .transform((v) => v.replace(/\r\n?/g, '\n'));
}

export function ids<T extends { id: string }>(items: readonly T[]): [string, ...string[]] {
  const list = items.map((i) => i.id);
  return (list.length > 0 ? list : ['none']) as [string, ...string[]];
}

/** Validation errors as the API and the form report them: one per field, first message wins, in the form's `order`. */
export interface FieldError {
  field: string;
  message: string;
}

export function fieldErrors(error: z.ZodError, order: readonly string[] = []): FieldError[] {
  const byField = new Map<string, string>();
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) if (!byField.has(key)) byField.set(key, `不认识的字段“${key.slice(0, 40)}”：请删去它`);
      continue;
    }
    const field = issue.path.length > 0 ? String(issue.path[0]) : '';
    if (!byField.has(field)) byField.set(field, field === '' ? '请求内容必须是一个 JSON 对象，字段见 /api/openapi.json' : issue.message);
  }
  const rank = (f: string) => {
    const i = order.indexOf(f);
    return i === -1 ? order.length : i;
  };
  return [...byField.entries()].map(([field, message]) => ({ field, message })).sort((a, b) => rank(a.field) - rank(b.field));
}

/** A closed list of codes with their Chinese labels: `codes` for zod enums, `label(code)` for pages. */
export function labels<const K extends string>(entries: Record<K, string>) {
  const codes = Object.keys(entries) as [K, ...K[]];
  return { codes, label: (code: K) => entries[code], entries };
}
