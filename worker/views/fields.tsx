/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** GOV.UK-style form pieces: the error summary and the error message beside a field. */
import type { FieldError } from '../../schema/complaint.ts';
import { ui } from '../../schema/ui.ts';

export function ErrorSummary({ errors, ids = {} }: { errors: FieldError[]; ids?: Record<string, string> }) {
  if (errors.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1} data-error-summary="">
      <h2 id="error-summary-title" class="error-summary__title">
        {ui['form.errorSummary']}
      </h2>
      <ul class="error-summary__list">
        {errors.map((e) => (
          <li>
            <a href={`#${ids[e.field] ?? e.field}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function FieldMessage({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={`${id}-error`} class="field-error">
      <span class="visually-hidden">错误：</span>
      {message}
    </p>
  );
}

/** aria-describedby for a field: its hint (if any) and its error (if any). */
export function describedBy(id: string, hint: boolean, error: string | undefined): string | undefined {
  const parts = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}

export function errorMap(errors: FieldError[]): Record<string, string> {
  return Object.fromEntries(errors.map((e) => [e.field, e.message]));
}
