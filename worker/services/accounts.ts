/** Staff accounts, managed by administrators. Passwords are PBKDF2-hashed; a deactivation or a reset ends the account's sessions. */
import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Role } from '../../schema/domain.ts';
import { sessions, staffAccounts } from '../../schema/db/index.ts';
import { dbOf, isUniqueViolation } from '../lib/db.ts';
import { log } from '../lib/log.ts';
import { hashPassword } from '../office/password.ts';
import { now as clockNow } from '../../schema/clock.ts';

/** An account as the console shows it (never its password hash). */
export interface Account {
  id: number;
  username: string;
  displayName: string;
  staffId: string | null;
  role: Role;
  department: string | null;
  active: boolean;
  lockedUntil: number | null;
  /** The latest activity of any of its sessions (the list only). */
  lastSeenAt: number | null;
}

const accountColumns = {
  id: staffAccounts.id,
  username: staffAccounts.username,
  displayName: staffAccounts.displayName,
  staffId: staffAccounts.staffId,
  role: staffAccounts.role,
  department: staffAccounts.department,
  active: staffAccounts.active,
  lockedUntil: staffAccounts.lockedUntil,
};

export async function listAccounts(env: Env): Promise<Account[]> {
  return dbOf(env)
    .select({
      ...accountColumns,
      lastSeenAt: sql<number | null>`(select max(${sessions.lastSeenAt}) from ${sessions} where ${sessions.accountId} = ${staffAccounts.id})`,
    })
    .from(staffAccounts)
    .orderBy(desc(staffAccounts.active), asc(staffAccounts.role), asc(staffAccounts.username));
}

export async function getAccount(env: Env, id: number): Promise<Account | undefined> {
  const [row] = await dbOf(env).select(accountColumns).from(staffAccounts).where(eq(staffAccounts.id, id));
  return row ? { ...row, lastSeenAt: null } : undefined;
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
  const values = {
    username: input.username,
    displayName: input.displayName,
    staffId: input.staffId ?? null,
    role: input.role,
    department: input.department ?? null,
    passwordHash: await hashPassword(input.password),
  };
  try {
    const [row] = await dbOf(env).insert(staffAccounts).values(values).returning({ id: staffAccounts.id });
    log('info', 'office.account-created', { accountId: row!.id, role: input.role });
    return { ok: true, id: row!.id };
  } catch (error) {
    if (isUniqueViolation(error, 'staff_accounts.username')) return { ok: false };
    throw error;
  }
}

/** A new role or password takes effect at the next sign-in: no session keeps powers the account no longer has. */
const endSessions = (db: ReturnType<typeof dbOf>, id: number) => db.delete(sessions).where(eq(sessions.accountId, id));

export async function setRole(env: Env, id: number, role: Role, department: string | undefined, now = clockNow()) {
  const db = dbOf(env);
  await db.batch([db.update(staffAccounts).set({ role, department: department ?? null, updatedAt: now }).where(eq(staffAccounts.id, id)), endSessions(db, id)]);
}

export async function resetPassword(env: Env, id: number, password: string, now = clockNow()) {
  const db = dbOf(env);
  const passwordHash = await hashPassword(password);
  await db.batch([
    db.update(staffAccounts).set({ passwordHash, failedAttempts: 0, lockedUntil: null, updatedAt: now }).where(eq(staffAccounts.id, id)),
    endSessions(db, id),
  ]);
}

export async function setActive(env: Env, id: number, active: boolean, now = clockNow()) {
  const db = dbOf(env);
  const update = db.update(staffAccounts).set({ active, failedAttempts: 0, lockedUntil: null, updatedAt: now }).where(eq(staffAccounts.id, id));
  if (active) await update;
  else await db.batch([update, endSessions(db, id)]);
}
