/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** Form pieces of the appointment pages, on the GOV.UK pattern of worker/views/fields.tsx. */
import type { Child } from 'hono/jsx';
import { describedBy, FieldMessage } from '../fields.tsx';

export type Values = Partial<Record<string, string>>;

export function TextField(props: { id: string; label: string; hint?: string; value?: string; error?: string; type?: string; autocomplete?: string; width?: string }) {
  const { id, label, hint, value, error, type = 'text', autocomplete, width } = props;
  return (
    <div class={`form-group${error ? ' form-group--error' : ''}`}>
      <label class="label" for={id}>
        {label}
      </label>
      {hint && (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      )}
      <FieldMessage id={id} message={error} />
      <input
        class={`input${width ? ` input--${width}` : ''}${error ? ' input--error' : ''}`}
        id={id}
        name={id}
        type={type}
        value={value ?? ''}
        autocomplete={autocomplete}
        aria-describedby={describedBy(id, Boolean(hint), error)}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  );
}

export function TextArea(props: { id: string; label: string; hint: string; value?: string; error?: string; rows?: number }) {
  const { id, label, hint, value, error, rows = 5 } = props;
  return (
    <div class={`form-group${error ? ' form-group--error' : ''}`}>
      <label class="label" for={id}>
        {label}
      </label>
      <p id={`${id}-hint`} class="hint">
        {hint}
      </p>
      <FieldMessage id={id} message={error} />
      <textarea class={`textarea${error ? ' input--error' : ''}`} id={id} name={id} rows={rows} aria-describedby={describedBy(id, true, error)} aria-invalid={error ? 'true' : undefined}>
        {value ?? ''}
      </textarea>
    </div>
  );
}

export function Select(props: { id: string; label: string; hint?: string; value?: string; error?: string; empty: string; groups: { label?: string; options: { value: string; label: string }[] }[] }) {
  const { id, label, hint, value, error, empty, groups } = props;
  return (
    <div class={`form-group${error ? ' form-group--error' : ''}`}>
      <label class="label" for={id}>
        {label}
      </label>
      {hint && (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      )}
      <FieldMessage id={id} message={error} />
      <select class={`select${error ? ' input--error' : ''}`} id={id} name={id} aria-describedby={describedBy(id, Boolean(hint), error)} aria-invalid={error ? 'true' : undefined}>
        <option value="">{empty}</option>
        {groups.map((g) => {
          const options = g.options.map((o) => (
            <option value={o.value} selected={o.value === value}>
              {o.label}
            </option>
          ));
          return g.label ? <optgroup label={g.label}>{options}</optgroup> : options;
        })}
      </select>
    </div>
  );
}

export function Radios(props: { name: string; legend: string; hint?: string; value?: string; error?: string; options: { value: string; label: Child; id: string; disabled?: boolean }[] }) {
  const { name, legend, hint, value, error, options } = props;
  return (
    <div class={`form-group${error ? ' form-group--error' : ''}`}>
      <fieldset class="fieldset" aria-describedby={describedBy(name, Boolean(hint), error)}>
        <legend class="fieldset__legend">{legend}</legend>
        {hint && (
          <p id={`${name}-hint`} class="hint">
            {hint}
          </p>
        )}
        <FieldMessage id={name} message={error} />
        <div class="radios">
          {options.map((o) => (
            <div class="radios__item">
              <input class="radios__input" id={o.id} name={name} type="radio" value={o.value} checked={o.value === value} disabled={o.disabled} />
              <label class="radios__label" for={o.id}>
                {o.label}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

export function Consent({ value, error }: { value?: string; error?: string }) {
  return (
    <>
      <details class="privacy" id="privacy">
        <summary>个人信息保护说明</summary>
        <p>
          您的姓名、电话和要办的事只用于安排这次预约，加密保存，只有负责联系您的工作人员和效能办可以查看，不会出现在任何公开信息或统计中。查询和取消预约时，只有同时持有预约编号和查询码的人才能看到您提交的内容。
        </p>
      </details>
      <div class={`form-group${error ? ' form-group--error' : ''}`}>
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
