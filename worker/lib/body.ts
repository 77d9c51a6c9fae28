/**
 * Reading a request body defensively: a size cap enforced while streaming (a missing or false
 * Content-Length does not help an attacker), strict UTF-8, and the content types each endpoint
 * accepts. Every failure is a 4xx with a reason, never an exception that would become a 500.
 */
import { limits } from '../../schema/complaint.ts';

export type BodyResult<T> = { ok: true; value: T } | { ok: false; status: 400 | 413 | 415; message: string };

export async function readText(req: Request, max = limits.bodyBytes): Promise<BodyResult<string>> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > max) return { ok: false, status: 413, message: `请求内容太大：最多 ${max / 1024} KB` };
  if (!req.body) return { ok: true, value: '' };
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        await reader.cancel().catch(() => {});
        return { ok: false, status: 413, message: `请求内容太大：最多 ${max / 1024} KB` };
      }
      chunks.push(value);
    }
  } catch {
    return { ok: false, status: 400, message: '请求内容没有完整送达，请重试' };
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return { ok: true, value: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { ok: false, status: 400, message: '请求内容不是有效的 UTF-8 文本' };
  }
}

function mediaType(req: Request): string {
  return (req.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
}

/** A JSON object body (application/json). */
export async function readJson(req: Request): Promise<BodyResult<unknown>> {
  const type = mediaType(req);
  // Only the documented type: a +json variant (e.g. problem+json) is a response format, not a request.
  if (type !== 'application/json') {
    return { ok: false, status: 415, message: '请以 Content-Type: application/json 提交 JSON' };
  }
  const text = await readText(req);
  if (!text.ok) return text;
  try {
    return { ok: true, value: JSON.parse(text.value) };
  } catch {
    return { ok: false, status: 400, message: '请求内容不是有效的 JSON' };
  }
}

/** A urlencoded form body, as name → first value. */
export async function readForm(req: Request): Promise<BodyResult<Record<string, string>>> {
  if (mediaType(req) !== 'application/x-www-form-urlencoded') {
    return { ok: false, status: 415, message: '表单提交方式不对，请返回表单页面重新提交' };
  }
  const text = await readText(req);
  if (!text.ok) return text;
  const form: Record<string, string> = {};
  try {
    for (const [name, value] of new URLSearchParams(text.value)) if (!(name in form)) form[name] = value;
  } catch {
    return { ok: false, status: 400, message: '表单内容无法读取，请返回表单页面重新提交' };
  }
  return { ok: true, value: form };
}
