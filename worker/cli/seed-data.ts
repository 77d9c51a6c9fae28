// The demo office's living data, as SQL. Each feature adds its part (cases in every stage,
// appointments, published bulletins); the statements run in one `wrangler d1 execute`.
export const SEED_VERSION = '2026-11-demo-1';

function q(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export async function demoSeedSql(): Promise<string> {
  const statements: string[] = [];
  statements.push(`insert into app_meta (key, value) values ('seed', ${q(SEED_VERSION)});`);
  return `${statements.join('\n')}\n`;
}
