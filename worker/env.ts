import type { DrizzleD1Database } from 'drizzle-orm/d1';
import type * as tables from '../schema/db/index.ts';

/** One typed environment for every route: bindings from `wrangler types`, per-request values. */
export type AppEnv = {
  Bindings: Env;
  Variables: {
    db: DrizzleD1Database<typeof tables>;
    requestId: string;
  };
};
