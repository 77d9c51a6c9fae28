/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** The console's sign-in page (GOV.UK error pattern; the message never says whether a username exists). */
import type { FieldError } from '../../../schema/common.ts';
import { errorMap, TextField } from '../fields.tsx';
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
    <OfficeLayout title="工作人员登录" errors={errors} notice={notice}>
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
        <TextField id="username" label="用户名" value={username} error={err.username} autocomplete="username" spellcheck={false} autocapitalize="none" width="20" />
        <TextField id="password" label="密码" type="password" value="" error={err.password} autocomplete="current-password" width="20" />
        <button class="button" type="submit">
          登录
        </button>
      </form>
    </OfficeLayout>
  );
}
