/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** GOV.UK-style page pieces: the error summary, the success notice, the error message beside a field, and the fields themselves. */
import type { Child } from 'hono/jsx';
import type { FieldError } from '../../schema/common.ts';
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

/** What the last action did (e.g. a rating or a cancellation was recorded). */
export function SuccessNotice({ notice }: { notice?: string }) {
  return notice ? (
    <div class="notice notice--success" role="status">
      <p>{notice}</p>
    </div>
  ) : null;
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

/*
 * The fields themselves, shared by the citizen forms (complaints, appointments) and the office console.
 * `id` is unique on the page; `name` (the field posted) defaults to it.
 */

interface FieldProps {
  id: string;
  name?: string;
  label: string;
  hint?: string;
  error?: string;
}

function formGroupClass(error: string | undefined): string {
  return `form-group${error ? ' form-group--error' : ''}`;
}

function Hint({ id, hint }: { id: string; hint?: string }) {
  return hint ? (
    <p id={`${id}-hint`} class="hint">
      {hint}
    </p>
  ) : null;
}

function Label({ id, label }: { id: string; label: string }) {
  return (
    <label class="label" for={id}>
      {label}
    </label>
  );
}

export type TextFieldProps = FieldProps & {
  value?: string;
  type?: string;
  autocomplete?: string;
  max?: string;
  inputmode?: 'numeric' | 'tel' | 'email' | 'text';
  width?: string;
  /** Codes and usernames: no spell check, no capital first letter. */
  spellcheck?: boolean;
  autocapitalize?: 'none' | 'off' | 'on' | 'sentences' | 'words' | 'characters';
};

export function TextField(props: TextFieldProps) {
  const { id, name = id, label, hint, value, error, type = 'text', autocomplete, max, inputmode, width, spellcheck, autocapitalize } = props;
  return (
    <div class={formGroupClass(error)}>
      <Label id={id} label={label} />
      <Hint id={id} hint={hint} />
      <FieldMessage id={id} message={error} />
      <input
        class={`input${width ? ` input--${width}` : ''}${error ? ' input--error' : ''}`}
        id={id}
        name={name}
        type={type}
        value={value ?? ''}
        autocomplete={autocomplete}
        spellcheck={spellcheck}
        autocapitalize={autocapitalize}
        max={max}
        inputmode={inputmode}
        aria-describedby={describedBy(id, Boolean(hint), error)}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  );
}

export type TextAreaProps = FieldProps & { value?: string; rows?: number };

export function TextArea(props: TextAreaProps) {
  const { id, name = id, label, hint, value, error, rows = 5 } = props;
  return (
    <div class={formGroupClass(error)}>
      <Label id={id} label={label} />
      <Hint id={id} hint={hint} />
      <FieldMessage id={id} message={error} />
      <textarea class={`textarea${error ? ' input--error' : ''}`} id={id} name={name} rows={rows} aria-describedby={describedBy(id, Boolean(hint), error)} aria-invalid={error ? 'true' : undefined}>
        {value ?? ''}
      </textarea>
    </div>
  );
}

interface Option {
  value: string;
  label: string;
}

/**
 * A select of `options`, or of `groups` (a group with a label becomes an optgroup, marked with its
 * `department` for the complaint form's CSS narrowing); `empty` is the first, empty option.
 */
export function Select(props: FieldProps & { value?: string; empty?: string; options?: Option[]; groups?: { label?: string; department?: string; options: Option[] }[] }) {
  const { id, name = id, label, hint, value, error, empty } = props;
  const groups = props.groups ?? [{ options: props.options ?? [] }];
  return (
    <div class={formGroupClass(error)}>
      <Label id={id} label={label} />
      <Hint id={id} hint={hint} />
      <FieldMessage id={id} message={error} />
      <select class={`select${error ? ' input--error' : ''}`} id={id} name={name} aria-describedby={describedBy(id, Boolean(hint), error)} aria-invalid={error ? 'true' : undefined}>
        {empty !== undefined && <option value="">{empty}</option>}
        {groups.map((g) => {
          const options = g.options.map((o) => (
            <option value={o.value} selected={o.value === value}>
              {o.label}
            </option>
          ));
          return g.label ? (
            <optgroup label={g.label} data-department={g.department}>
              {options}
            </optgroup>
          ) : (
            options
          );
        })}
      </select>
    </div>
  );
}

/**
 * Radios or checkboxes in a fieldset; `label` is the legend, `id` (default: `name`) names the hint and error.
 * An option without its own id gets `id` for the first (the error summary links there) and `id-value` for the rest.
 */
export function Choices(props: Omit<FieldProps, 'id'> & {
  id?: string;
  name: string;
  kind?: 'radio' | 'checkbox';
  value?: string | readonly string[];
  options: { value: string; label: Child; id?: string; disabled?: boolean }[];
}) {
  const { name, id = name, label, hint, value, error, kind = 'radio' } = props;
  const cls = kind === 'radio' ? 'radios' : 'checkboxes';
  const checked = (v: string) => (typeof value === 'string' ? v === value : (value ?? []).includes(v));
  return (
    <div class={formGroupClass(error)}>
      <fieldset class="fieldset" aria-describedby={describedBy(id, Boolean(hint), error)}>
        <legend class="fieldset__legend">{label}</legend>
        <Hint id={id} hint={hint} />
        <FieldMessage id={id} message={error} />
        <div class={cls}>
          {props.options.map((o, i) => {
            const optionId = o.id ?? (i === 0 ? id : `${id}-${o.value}`);
            return (
              <div class={`${cls}__item`}>
                <input class={`${cls}__input`} id={optionId} name={name} type={kind} value={o.value} checked={checked(o.value)} disabled={o.disabled} />
                <label class={`${cls}__label`} for={optionId}>
                  {o.label}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** The privacy notice (its text depends on the form) and the consent checkbox beneath it. */
export function Consent({ privacy, value, error }: { privacy: string; value?: string; error?: string }) {
  return (
    <>
      <details class="privacy" id="privacy">
        <summary>个人信息保护说明</summary>
        <p>{privacy}</p>
      </details>
      <div class={formGroupClass(error)}>
        <FieldMessage id="consent" message={error} />
        <div class="checkboxes__item">
          <input class="checkboxes__input" id="consent" name="consent" type="checkbox" value="true" checked={value === 'true'} aria-describedby={describedBy('consent', false, error)} />
          <label class="checkboxes__label" for="consent">
            我已阅读并同意上面的个人信息保护说明
          </label>
        </div>
      </div>
    </>
  );
}
