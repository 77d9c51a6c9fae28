/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The console's defaults for the shared fields of worker/views/fields.tsx: `name` is given with every
 * field (forms of several actions share one page, so ids differ from names), browsers do not autofill
 * text fields unless told, and text areas start at three rows.
 */
import { TextArea as SharedTextArea, TextField, type TextAreaProps, type TextFieldProps } from '../fields.tsx';

export { Choices, Select } from '../fields.tsx';

export function Text(props: TextFieldProps & { name: string }) {
  return <TextField {...props} autocomplete={props.autocomplete ?? 'off'} />;
}

export function TextArea(props: TextAreaProps & { name: string }) {
  return <SharedTextArea {...props} rows={props.rows ?? 3} />;
}
