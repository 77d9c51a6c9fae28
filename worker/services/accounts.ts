/** Staff accounts, managed by administrators. Passwords are PBKDF2-hashed; a deactivation or a reset ends the account's sessions. */
import type { Role } from '../../schema/domain.ts';
import { log } from '../lib/log.ts';
import { hashPassword } from '../office/password.ts';
import { now as clockNow } from '../../schema/clock.ts';

export interface AccountRow {
  id: number;
  username: string;
  display_name: string;
  staff_id: string | null;
  role: Role;
  department: string | null;
  active: number;
  locked_until: number | null;
  last_seen_at: number | null;
}

export async function listAccounts(env: Env): Promise<AccountRow[]> {
  const { results } = await env.DB.prepare(
    `select a.id, a.username, a.display_name, a.staff_id, a.role, a.department, a.active, a.locked_until,
            (select max(last_seen_at) from sessions s where s.account_id = a.id) as last_seen_at
       from staff_accounts a order by a.active desc, a.role, a.username`,
  ).all<AccountRow>();
  return results;
}

export async function getAccount(env: Env, id: number): Promise<AccountRow | undefined> {
  return (
    (await env.DB.prepare(
      `select a.id, a.username, a.display_name, a.staff_id, a.role, a.department, a.active, a.locked_until, null as last_seen_at from staff_accounts a where a.id = ?`,
    )
      .bind(id)
      .first<AccountRow>()) ?? undefined
  );
}

export interface NewAccount {
  username: string;
  displayName: string;
  staffId?: string;
  role: Role;
  department?: string;
  password: string;
}

export async function createAccount(env: Env, input: NewAccount): Promise<{ ok: true; id: number } | { ok: false }> {
  try {
    const row = await env.DB.prepare(
      'insert into staff_accounts (username, display_name, staff_id, role, department, password_hash) values (?, ?, ?, ?, ?, ?) returning id',
    )
      .bind(input.username, input.displayName, input.staffId ?? null, input.role, input.department ?? null, await hashPassword(input.password))
      .first<{ id: number }>();
    log('info', 'office.account-created', { accountId: row!.id, role: input.role });
    return { ok: true, id: row!.id };
  } catch (error) {
    if (String((error as Error).message).includes('staff_accounts.username')) return { ok: false };
    throw error;
  }
}

export async function setRole(env: Env, id: number, role: Role, department: string | undefined, now = clockNow()) {
  await env.DB.batch([
    env.DB.prepare('update staff_accounts set role = ?, department = ?, updated_at = ? where id = ?').bind(role, department ?? null, now, id),
    // A new role takes effect at the next sign-in: no session keeps powers the account no longer has.
    env.DB.prepare('delete from sessions where account_id = ?').bind(id),
  ]);
}

export async function resetPassword(env: Env, id: number, password: string, now = clockNow()) {
  await env.DB.batch([
    env.DB.prepare('update staff_accounts set password_hash = ?, failed_attempts = 0, locked_until = null, updated_at = ? where id = ?').bind(await hashPassword(password), now, id),
    env.DB.prepare('delete from sessions where account_id = ?').bind(id),
  ]);
}

export async function setActive(env: Env, id: number, active: boolean, now = clockNow()) {
  const statements = [env.DB.prepare('update staff_accounts set active = ?, failed_attempts = 0, locked_until = null, updated_at = ? where id = ?').bind(active ? 1 : 0, now, id)];
  if (!active) statements.push(env.DB.prepare('delete from sessions where account_id = ?').bind(id));
  await env.DB.batch(statements);
}
