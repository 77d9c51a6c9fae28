import type { DrizzleD1Database } from 'drizzle-orm/d1';
import type * as tables from '../schema/db/index.ts';
import type { Role } from '../schema/domain.ts';

/** The signed-in staff member of the office console (set by requireStaff, worker/office/auth.ts). */
export interface Staff {
  accountId: number;
  username: string;
  name: string;
  role: Role;
  department: string | null;
  staffId: string | null;
}

/** One typed environment for every route: bindings from `wrangler types`, per-request values. */
export type AppEnv = {
  Bindings: Env;
  Variables: {
    db: DrizzleD1Database<typeof tables>;
    requestId: string;
    /** Only on /office and /api/office routes behind requireStaff. */
    staff?: Staff;
    /** The session's CSRF token, for the hidden `csrf` field of every console form. */
    csrf?: string;
  };
};

/**
 * The environment of a console router whose every route is behind `staffOnly` (worker/office/auth.ts
 * `staffApp`): the signed-in staff member and the session's CSRF token are always set.
 */
export type StaffEnv = {
  Bindings: Env;
  Variables: Omit<AppEnv['Variables'], 'staff' | 'csrf'> & { staff: Staff; csrf: string };
};
