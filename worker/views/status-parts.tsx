/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * Pieces shared by the citizen's complaint and appointment pages: the reference + access code
 * panel of a confirmation, the lookup form (POST, so the code never sits in a URL), the not-found
 * notice, the timeline of what has happened, and the page shown when a confirmation is asked for again.
 */
import type { Child } from 'hono/jsx';
import { formatAccessCode } from '../lib/crypto.ts';
import { TextField } from './fields.tsx';
import { Layout } from './layout.tsx';
import { formatDateTime } from '../../schema/format.ts';

/** 2026 年 3 月 1 日 09:30, in Beijing time. */
export const dateTime = (iso: string) => formatDateTime(iso);

/** The confirmation's panel (the page's h1 and the reference) and the access code, shown this once. */
export function ReferencePanel(props: { title: string; referenceLabel: string; reference: string; accessCode: string; warning: string }) {
  return (
    <>
      <div class="panel panel--confirmation">
        <h1 class="panel__title">{props.title}</h1>
        <div class="panel__body">
          {props.referenceLabel}
          <br />
          <strong class="reference" data-reference="">
            {props.reference}
          </strong>
        </div>
      </div>
      <h2>请记下查询码</h2>
      <p>
        查询码：<strong class="access-code" data-access-code="">{formatAccessCode(props.accessCode)}</strong>
      </p>
      <p class="warning-text">{props.warning}</p>
    </>
  );
}

/** The reference and access code fields and the submit button; `err` holds the fields' messages. */
export function LookupForm(props: { action: string; referenceLabel: string; referenceExample: string; reference?: string; err: Record<string, string> }) {
  const { err } = props;
  return (
    <form method="post" action={props.action} novalidate>
      <TextField
        id="reference"
        label={props.referenceLabel}
        hint={`例如 ${props.referenceExample}`}
        value={props.reference ?? ''}
        error={err.reference}
        autocomplete="off"
        spellcheck={false}
        width="20"
      />
      <TextField id="accessCode" label="查询码" hint="10 位字母和数字，例如 7KQ4M-9TXB2" type="password" value="" error={err.accessCode} autocomplete="off" spellcheck={false} width="20" />
      <button class="button" type="submit">
        查询
      </button>
    </form>
  );
}

/** The warning when no record matches the reference and code. */
export function NotFoundNotice({ title, children }: { title: string; children: Child }) {
  return (
    <div class="notice notice--warning" role="alert">
      <h2 class="notice__title">{title}</h2>
      <p>{children}</p>
    </div>
  );
}

/** The events, oldest first, each with its label, time and what `details` adds. */
export function TimelineList<E extends { label: string; at: string }>({ events, details }: { events: E[]; details: (e: E) => Child }) {
  return (
    <ol class="timeline">
      {events.map((e) => (
        <li class="timeline__event">
          <h3 class="timeline__title">{e.label}</h3>
          <p class="timeline__time">
            <time datetime={e.at}>{dateTime(e.at)}</time>
          </p>
          {details(e)}
        </li>
      ))}
    </ol>
  );
}

/** A confirmation page is shown once (it holds the access code); asked for again, this says why and where to go. */
export function ConfirmationGonePage({ path, children }: { path: string; children: Child }) {
  return (
    <Layout title="确认页已显示过" path={path}>
      <h1>确认页已显示过</h1>
      {children}
    </Layout>
  );
}
