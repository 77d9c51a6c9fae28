import { defineConfig } from 'drizzle-kit';

// drizzle-kit's output folder is wrangler's migrations_dir: one set of SQL files for all.
export default defineConfig({
  dialect: 'sqlite',
  schema: './schema/db/index.ts',
  out: './schema/migrations',
});
