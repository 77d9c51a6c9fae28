/**
 * Structured logs: one JSON object per line. Callers pass only operational facts (route, status,
 * reference numbers, error names), never a complainant's personal data.
 */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export function log(level: 'info' | 'warn' | 'error', event: string, fields: LogFields = {}): void {
  const line = JSON.stringify({ level, event, time: new Date().toISOString(), ...fields });
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}
