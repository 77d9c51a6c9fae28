/** Reading a console form: like readForm, but fields listed in `multi` keep every value (checkboxes). */
import { readText, type BodyResult } from '../lib/body.ts';

export async function readOfficeForm(req: Request, multi: readonly string[] = ['sanctions']): Promise<BodyResult<Record<string, string | string[]>>> {
  const type = (req.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return { ok: false, status: 415, message: '表单提交方式不对，请返回表单页面重新提交' };
  const text = await readText(req);
  if (!text.ok) return text;
  const out: Record<string, string | string[]> = {};
  try {
    for (const [name, value] of new URLSearchParams(text.value)) {
      if (multi.includes(name)) out[name] = [...((out[name] as string[] | undefined) ?? []), value];
      else if (!(name in out)) out[name] = value;
    }
  } catch {
    return { ok: false, status: 400, message: '表单内容无法读取，请返回表单页面重新提交' };
  }
  return { ok: true, value: out };
}

/** Drops the CSRF field and empty answers, so the schema sees only what the officer wrote. */
export function answers(form: Record<string, string | string[]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(form)) {
    if (k === 'csrf') continue;
    if (typeof v === 'string' && v.trim() === '') continue;
    out[k] = v;
  }
  return out;
}
