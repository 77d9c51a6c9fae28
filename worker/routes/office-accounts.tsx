/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** /office/accounts/: administrators create accounts, set role and department, reset passwords, deactivate. */
import type { Context } from 'hono';
import { fieldErrors } from '../../schema/common.ts';
import { accountSchemas } from '../../schema/office.ts';
import type { StaffEnv } from '../env.ts';
import { catalogue } from '../lib/catalogue.ts';
import { staffApp } from '../office/auth.ts';
import { signOutEverywhere } from '../office/login.ts';
import { passwordProblem } from '../office/password-policy.ts';
import { html, messagePage, officeForm } from '../office/pages.tsx';
import { createAccount, getAccount, listAccounts, resetPassword, setActive, setRole } from '../services/accounts.ts';
import { page } from '../views/layout.tsx';
import { AccountPage, AccountsPage } from '../views/office/accounts.tsx';

const schemas = accountSchemas(catalogue);
const order = ['username', 'displayName', 'role', 'department', 'staffId', 'password'];

function clean(form: Record<string, string | string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(form).filter(([k, v]) => k !== 'csrf' && typeof v === 'string')) as Record<string, string>;
}

async function accountFor(c: Context<StaffEnv>) {
  const raw = c.req.param('id') ?? '';
  return /^[1-9]\d{0,9}$/.test(raw) ? getAccount(c.env, Number(raw)) : undefined;
}

const notFound = (c: Context<StaffEnv>) => html(404, messagePage(c.var.staff, c.var.csrf, '找不到该账户', '没有这个账户。', '/office/accounts/'));

const notices: Record<string, string> = { sessions: '该账户已在所有设备上退出登录。', created: '账户已新建。', role: '角色和部门已保存，该账户需重新登录。', password: '密码已重置，该账户需用新密码重新登录。', active: '账户状态已更改。' };

export const officeAccounts = staffApp('admin');

officeAccounts
  .get('/', async (c) =>
    html(200, page(<AccountsPage staff={c.var.staff} csrf={c.var.csrf} accounts={await listAccounts(c.env)} notice={notices[c.req.query('done') ?? '']} />)),
  )
  .post('/', async (c) => {
    const form = await officeForm(c, '未能新建', '/office/accounts/', []);
    const values = clean(form);
    const parsed = schemas.create.safeParse(values);
    const render = (errors: { field: string; message: string }[], status = 422) =>
      html(status, page(<AccountsPage staff={c.var.staff} csrf={c.var.csrf} accounts={[]} values={{ ...values, password: '' }} errors={errors} />));
    if (!parsed.success) return render(fieldErrors(parsed.error, order));
    const weak = passwordProblem(parsed.data.password, { username: parsed.data.username, displayName: parsed.data.displayName });
    if (weak) return render([{ field: 'password', message: weak }]);
    const created = await createAccount(c.env, parsed.data);
    if (!created.ok) return render([{ field: 'username', message: '这个用户名已经有人用了，请换一个' }], 409);
    return c.redirect(`/office/accounts/${created.id}?done=created`, 303);
  })
  .get('/:id', async (c) => {
    const account = await accountFor(c);
    if (!account) return notFound(c);
    return html(200, page(<AccountPage staff={c.var.staff} csrf={c.var.csrf} account={account} notice={notices[c.req.query('done') ?? '']} />));
  })
  .post('/:id/:what', async (c) => {
    const account = await accountFor(c);
    const what = c.req.param('what');
    if (!account || !['role', 'password', 'active', 'sessions'].includes(what)) return notFound(c);
    const form = await officeForm(c, '未能保存', `/office/accounts/${account.id}`, []);
    const values = clean(form);
    const fail = (errors: { field: string; message: string }[]) =>
      html(422, page(<AccountPage staff={c.var.staff} csrf={c.var.csrf} account={account} values={{ ...values, password: '' }} errors={errors} />));
    const self = account.id === c.var.staff.accountId;
    if (what === 'role') {
      const parsed = schemas.role.safeParse(values);
      if (!parsed.success) return fail(fieldErrors(parsed.error, order));
      if (self && parsed.data.role !== 'admin') return fail([{ field: 'role', message: '不能取消自己的管理员角色：请由另一位管理员操作' }]);
      await setRole(c.env, account.id, parsed.data.role, parsed.data.department);
    } else if (what === 'password') {
      const parsed = schemas.password.safeParse(values);
      if (!parsed.success) return fail(fieldErrors(parsed.error, order));
      const weak = passwordProblem(parsed.data.password, { username: account.username, displayName: account.displayName });
      if (weak) return fail([{ field: 'password', message: weak }]);
      await resetPassword(c.env, account.id, parsed.data.password);
    } else if (what === 'sessions') {
      await signOutEverywhere(c.env, account.id);
    } else {
      if (values.active !== 'true' && values.active !== 'false') return fail([{ field: 'active', message: '请选择启用还是停用' }]);
      if (self) return html(409, messagePage(c.var.staff, c.var.csrf, '未能保存', '不能停用自己的账户。', `/office/accounts/${account.id}`));
      await setActive(c.env, account.id, values.active === 'true');
    }
    if (self && what !== 'active') return c.redirect(what === 'sessions' ? '/office/login?signedOut=all' : '/office/login', 303);
    return c.redirect(`/office/accounts/${account.id}?done=${what}`, 303);
  });
