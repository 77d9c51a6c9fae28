/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** The console's sign-in page (GOV.UK error pattern; the message never says whether a username exists). */
import type { FieldError } from '../../../schema/complaint.ts';
import { describedBy, ErrorSummary, errorMap, FieldMessage, SuccessNotice } from '../fields.tsx';
import { CsrfField, OfficeLayout } from './layout.tsx';

export interface LoginProps {
  username?: string;
  next?: string;
  errors?: FieldError[];
  /** Token of the sign-in form (double-submit cookie: there is no session yet). */
  formToken: string;
  notice?: string;
}

export function LoginPage({ username = '', next = '', errors = [], formToken, notice }: LoginProps) {
  const err = errorMap(errors);
  return (
    <OfficeLayout title="工作人员登录" hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} />
      <SuccessNotice notice={notice} />
      <h1>工作人员登录</h1>
      <p>效能办控制台只供本机关工作人员使用。忘记密码请联系系统管理员重置。</p>
      <form method="post" action="/office/login" novalidate class="office-login">
        <CsrfField csrf={formToken} />
        <input type="hidden" name="next" value={next} />
        {err.form && (
          <p id="form-error" class="field-error">
            <span class="visually-hidden">错误：</span>
            {err.form}
          </p>
        )}
        <div class={`form-group${err.username ? ' form-group--error' : ''}`}>
          <label class="label" for="username">
            用户名
          </label>
          <FieldMessage id="username" message={err.username} />
          <input
            class={`input input--20${err.username ? ' input--error' : ''}`}
            id="username"
            name="username"
            type="text"
            value={username}
            autocomplete="username"
            spellcheck={false}
            autocapitalize="none"
            aria-describedby={describedBy('username', false, err.username)}
            aria-invalid={err.username ? 'true' : undefined}
          />
        </div>
        <div class={`form-group${err.password ? ' form-group--error' : ''}`}>
          <label class="label" for="password">
            密码
          </label>
          <FieldMessage id="password" message={err.password} />
          <input
            class={`input input--20${err.password ? ' input--error' : ''}`}
            id="password"
            name="password"
            type="password"
            value=""
            autocomplete="current-password"
            aria-describedby={describedBy('password', false, err.password)}
            aria-invalid={err.password ? 'true' : undefined}
          />
        </div>
        <button class="button" type="submit">
          登录
        </button>
      </form>
    </OfficeLayout>
  );
}
