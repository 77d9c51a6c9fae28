/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** Small helpers shared by the console routes: the HTML response and the refusal pages. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Staff, StaffEnv } from '../env.ts';
import { html as pageResponse } from '../lib/requests.ts';
import { answers, readOfficeForm } from './form.ts';
import { page } from '../views/layout.tsx';
import { OfficeLayout } from '../views/office/layout.tsx';

/** A console page: never cached, never framed. */
export function html(status: number, body: string, extra: Record<string, string> = {}): Response {
  return pageResponse(status, body, { 'X-Frame-Options': 'DENY', ...extra });
}

export function forbiddenPage(staff: Staff | undefined, csrf: string | undefined, message = '您的账户角色不能使用这个页面。如确需使用，请联系系统管理员调整权限。', title = '无权访问'): string {
  return page(
    <OfficeLayout title={title} staff={staff} csrf={csrf}>
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <a href="/office/">返回控制台首页</a>
      </p>
    </OfficeLayout>,
  );
}

/** A plain message page (not found, conflict, bad request) inside the console frame. */
export function messagePage(staff: Staff | undefined, csrf: string | undefined, title: string, message: string, back = '/office/'): string {
  return page(
    <OfficeLayout title={title} staff={staff} csrf={csrf}>
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <a href={back}>返回</a>
      </p>
    </OfficeLayout>,
  );
}

/**
 * A refusal inside the console (not found, conflict, bad request) as an HTTPException to throw from a
 * handler or a lookup helper; app.ts's one onError answers it with this message page.
 */
export function refusal(c: Context<StaffEnv>, status: ContentfulStatusCode, title: string, message: string, back?: string): HTTPException {
  return new HTTPException(status, { res: html(status, messagePage(c.var.staff, c.var.csrf, title, message, back)) });
}

/**
 * A console form as read by readOfficeForm (fields in `multi` keep every value), or the refusal
 * thrown when it cannot be read (400/413/415, with what to do and the way back).
 */
export async function officeForm(c: Context<StaffEnv>, title: string, back: string, multi?: readonly string[]): Promise<Record<string, string | string[]>> {
  const body = await readOfficeForm(c.req.raw, multi);
  if (!body.ok) throw refusal(c, body.status, title, body.message, back);
  return body.value;
}

/** A console form's answers (the CSRF field and empty answers dropped), or the refusal thrown when it cannot be read. */
export async function formAnswers(c: Context<StaffEnv>, title: string, back: string): Promise<Record<string, string>> {
  return answers(await officeForm(c, title, back, [])) as Record<string, string>;
}
