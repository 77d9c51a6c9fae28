/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * Form fields of the console, GOV.UK style: label, hint, error beside the field (aria-describedby),
 * answers kept. `id` is unique on the page (forms of several actions share one page), `name` is
 * the field name posted.
 */
import { describedBy, FieldMessage } from '../fields.tsx';

interface Base {
  id: string;
  name: string;
  label: string;
  hint?: string;
  error?: string;
}

function Hint({ id, hint }: { id: string; hint?: string }) {
  return hint ? (
    <p id={`${id}-hint`} class="hint">
      {hint}
    </p>
  ) : null;
}

export function Text(props: Base & { value?: string; type?: string; width?: string; autocomplete?: string; inputmode?: 'numeric' | 'text' | 'tel' }) {
  const { id, name, label, hint, error } = props;
  return (
    <div class={`form-group${error ? ' form-group--error' : ''}`}>
      <label class="label" for={id}>
        {label}
      </label>
      <Hint id={id} hint={hint} />
      <FieldMessage id={id} message={error} />
      <input
        class={`input${props.width ? ` input--${props.width}` : ''}${error ? ' input--error' : ''}`}
        id={id}
        name={name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        autocomplete={props.autocomplete ?? 'off'}
        inputmode={props.inputmode}
        aria-describedby={describedBy(id, !!hint, error)}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  );
}

export function TextArea(props: Base & { value?: string; rows?: number }) {
  const { id, name, label, hint, error } = props;
  return (
    <div class={`form-group${error ? ' form-group--error' : ''}`}>
      <label class="label" for={id}>
        {label}
      </label>
      <Hint id={id} hint={hint} />
      <FieldMessage id={id} message={error} />
      <textarea
        class={`textarea${error ? ' input--error' : ''}`}
        id={id}
        name={name}
        rows={props.rows ?? 3}
        aria-describedby={describedBy(id, !!hint, error)}
        aria-invalid={error ? 'true' : undefined}
      >
        {props.value ?? ''}
      </textarea>
    </div>
  );
}

export function Select(props: Base & { value?: string; empty?: string; options: { value: string; label: string }[] }) {
  const { id, name, label, hint, error } = props;
  return (
    <div class={`form-group${error ? ' form-group--error' : ''}`}>
      <label class="label" for={id}>
        {label}
      </label>
      <Hint id={id} hint={hint} />
      <FieldMessage id={id} message={error} />
      <select
        class={`select${error ? ' input--error' : ''}`}
        id={id}
        name={name}
        aria-describedby={describedBy(id, !!hint, error)}
        aria-invalid={error ? 'true' : undefined}
      >
        {props.empty !== undefined && <option value="">{props.empty}</option>}
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Radios or checkboxes in a fieldset; the error links to the first option's id. */
export function Choices(props: Base & { kind: 'radio' | 'checkbox'; values: string[]; options: { value: string; label: string }[] }) {
  const { id, name, label, hint, error } = props;
  const cls = props.kind === 'radio' ? 'radios' : 'checkboxes';
  return (
    <div class={`form-group${error ? ' form-group--error' : ''}`}>
      <fieldset class="fieldset" aria-describedby={describedBy(id, !!hint, error)}>
        <legend class="fieldset__legend">{label}</legend>
        <Hint id={id} hint={hint} />
        <FieldMessage id={id} message={error} />
        <div class={cls}>
          {props.options.map((o, i) => (
            <div class={`${cls}__item`}>
              <input
                class={`${cls}__input`}
                id={i === 0 ? id : `${id}-${o.value}`}
                name={name}
                type={props.kind}
                value={o.value}
                checked={props.values.includes(o.value)}
              />
              <label class={`${cls}__label`} for={i === 0 ? id : `${id}-${o.value}`}>
                {o.label}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
