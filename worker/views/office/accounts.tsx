/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** Account management for administrators: the list, a new account, and one account's settings. */
import type { FieldError } from '../../../schema/common.ts';
import { roles } from '../../../schema/domain.ts';
import type { Staff } from '../../env.ts';
import { catalogue, departmentName } from '../../lib/catalogue.ts';
import type { Account } from '../../services/accounts.ts';
import { errorMap } from '../fields.tsx';
import { dateTime, staffName } from './cases.tsx';
import { Select, Text } from './fields.tsx';
import { BackLink, CsrfField, OfficeLayout } from './layout.tsx';
import { now as clockNow } from '../../../schema/clock.ts';
import { OfficeTable, RowLink } from '../records.tsx';

const departmentOptions = catalogue.departments.map((d) => ({ value: d.id, label: d.name }));
const roleOptions = roles.codes.map((r) => ({ value: r, label: roles.label(r) }));
const staffOptions = catalogue.staff.map((s) => ({ value: s.id, label: `${s.name}（${departmentName(s.department)}）` }));

export function AccountsPage({ staff, csrf, accounts, values = {}, errors = [], notice }: { staff: Staff; csrf: string; accounts: Account[]; values?: Record<string, string>; errors?: FieldError[]; notice?: string }) {
  const err = errorMap(errors);
  const now = clockNow();
  return (
    <OfficeLayout title="账户管理" staff={staff} csrf={csrf} active="accounts" errors={errors} notice={notice}>
      <h1>账户管理</h1>
      <OfficeTable caption={`工作人员账户（共 ${accounts.length} 个）`} head={['用户名', '姓名', '角色', '部门', '状态']}>
        {accounts.map((a) => (
          <tr>
            <RowLink href={`/office/accounts/${a.id}`}>{a.username}</RowLink>
            <td>{a.displayName}</td>
            <td>{roles.label(a.role)}</td>
            <td>{a.department ? departmentName(a.department) : '—'}</td>
            <td>{!a.active ? '已停用' : a.lockedUntil && a.lockedUntil > now ? '暂时锁定' : '正常'}</td>
          </tr>
        ))}
      </OfficeTable>
      <h2 id="new-title">新建账户</h2>
      <form method="post" action="/office/accounts/" novalidate aria-labelledby="new-title">
        <CsrfField csrf={csrf} />
        <Text id="username" name="username" label="用户名" hint="3—32 位小写字母、数字、点、短横线或下划线" value={values.username} error={err.username} width="20" />
        <Text id="displayName" name="displayName" label="姓名" value={values.displayName} error={err.displayName} width="20" />
        <Select id="role" name="role" label="角色" value={values.role} error={err.role} empty="请选择" options={roleOptions} />
        <Select id="department" name="department" label="所在部门" hint="承办人必选：他只能看到交给本部门办理的案件" value={values.department} error={err.department} empty="不指定" options={departmentOptions} />
        <Select id="staffId" name="staffId" label="对应公示人员（可选）" hint="关联后，办理经过和首问责任人显示为其公示姓名" value={values.staffId} error={err.staffId} empty="不关联" options={staffOptions} />
        <Text id="password" name="password" type="password" label="初始密码" hint="至少 12 个字符，不能是常见密码、用户名或姓名；可用几个不相关的词加数字。请当面或电话告知本人，并请其登录后尽快更换" error={err.password} width="20" autocomplete="new-password" />
        <button class="button" type="submit">
          新建账户
        </button>
      </form>
    </OfficeLayout>
  );
}

export function AccountPage({ staff, csrf, account, errors = [], values = {}, notice }: { staff: Staff; csrf: string; account: Account; errors?: FieldError[]; values?: Record<string, string>; notice?: string }) {
  const err = errorMap(errors);
  const self = account.id === staff.accountId;
  return (
    <OfficeLayout title={`账户 ${account.username}`} staff={staff} csrf={csrf} active="accounts" errors={errors} notice={notice}>
      <BackLink href="/office/accounts/">返回账户列表</BackLink>
      <h1>账户 {account.username}</h1>
      <dl class="summary-list">
        <dt>姓名</dt>
        <dd>{account.displayName}</dd>
        <dt>角色</dt>
        <dd>{roles.label(account.role)}</dd>
        <dt>部门</dt>
        <dd>{account.department ? departmentName(account.department) : '—'}</dd>
        <dt>对应公示人员</dt>
        <dd>{account.staffId ? staffName(account.staffId) : '未关联'}</dd>
        <dt>状态</dt>
        <dd>
          {account.active ? '正常' : '已停用'}
          {account.lockedUntil && account.lockedUntil > clockNow() ? `（因多次输错密码锁定至 ${dateTime(account.lockedUntil)}）` : ''}
        </dd>
      </dl>

      <h2 id="role-title">角色和部门</h2>
      <form method="post" action={`/office/accounts/${account.id}/role`} novalidate aria-labelledby="role-title">
        <CsrfField csrf={csrf} />
        <Select id="role" name="role" label="角色" value={values.role ?? account.role} error={err.role} options={roleOptions} />
        <Select id="department" name="department" label="所在部门" value={values.department ?? account.department ?? ''} error={err.department} empty="不指定" options={departmentOptions} />
        <button class="button" type="submit">
          保存角色和部门
        </button>
      </form>

      <h2 id="password-title">重置密码</h2>
      <form method="post" action={`/office/accounts/${account.id}/password`} novalidate aria-labelledby="password-title">
        <CsrfField csrf={csrf} />
        <Text id="password" name="password" type="password" label="新密码" hint="至少 12 个字符，不能是常见密码、用户名或姓名；可用几个不相关的词加数字。重置后该账户需重新登录" error={err.password} width="20" autocomplete="new-password" />
        <button class="button" type="submit">
          重置密码
        </button>
      </form>

      <h2 id="sessions-title">结束全部会话</h2>
      <form method="post" action={`/office/accounts/${account.id}/sessions`} aria-labelledby="sessions-title">
        <CsrfField csrf={csrf} />
        <p>该账户在所有设备上立即退出登录（例如电脑丢失或在公用电脑上忘记退出）；账户仍可用密码重新登录。</p>
        <button class="button button--secondary" type="submit">
          在所有设备上退出
        </button>
      </form>

      <h2 id="active-title">{account.active ? '停用账户' : '启用账户'}</h2>
      {self ? (
        <p>不能停用自己的账户。</p>
      ) : (
        <form method="post" action={`/office/accounts/${account.id}/active`} aria-labelledby="active-title">
          <CsrfField csrf={csrf} />
          <input type="hidden" name="active" value={account.active ? 'false' : 'true'} />
          <p>{account.active ? '停用后该账户立即退出登录，不能再登录；办理记录保留。' : '启用后该账户可以重新登录。'}</p>
          <button class={`button${account.active ? ' button--secondary' : ''}`} type="submit">
            {account.active ? '停用账户' : '启用账户'}
          </button>
        </form>
      )}
    </OfficeLayout>
  );
}
