/**
 * SQL for the demo seed, in the shape the worker writes: quoting, and the complaint row with its
 * events. Pure apart from sealing and hashing (no file access), like bulletins-sql.ts.
 */
import type { PersonalData } from '../../../schema/complaint.ts';
import { accessHash, seal } from '../../lib/crypto.ts';
import type { z } from 'zod';
import type { EventSpec } from '../../../schema/workflow.ts';
import { caseEvents, type CaseEvent, type CaseEvents } from '../../../schema/cases.ts';
import { caseFiles } from '../../../schema/db/index.ts';
import { getTableColumns } from 'drizzle-orm';
import { shanghaiDate } from '../../../schema/workdays.ts';

/**
 * A demo record's reference as the worker writes one: its prefix, the year and month it was received
 * (YYMM, Asia/Shanghai) and its fixed demo suffix, so the demo's references follow its dates on any
 * day ('XN-2611-DEM001' received on 2027-03-02 is 'XN-2703-DEM001').
 */
export function datedReference(reference: string, receivedAt: number): string {
  const day = shanghaiDate(receivedAt);
  return reference.replace(/^([A-Z]{2})-\d{4}-/, `$1-${day.slice(2, 4)}${day.slice(5, 7)}-`);
}

/** What a visitor can try on the demo, collected as the seed writes it and printed by worker/cli/seed.ts. */
const notes: string[] = [];
export function demoNote(line: string): void {
  notes.push(line);
}
export function demoNotesWritten(): string[] {
  return notes.splice(0);
}

/** An SQL literal: a quoted string, a number, or null. */
export function q(value: string | number | null): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return String(value);
  return `'${value.replaceAll("'", "''")}'`;
}

export interface DemoComplaintRow {
  reference: string;
  accessCode: string;
  channel: string;
  firstReceiver?: string | null;
  department: string;
  handlingDepartment?: string | null;
  category: string;
  occurredOn: string;
  stage: string;
  anonymous: boolean;
  personal: PersonalData;
  receivedAt: number;
  ack: { date: string; provisional: boolean };
  due: { date: string; provisional: boolean };
  concludedAt?: number | null;
  version: number;
}

/** The complaints row: access code hashed and personal data sealed under `key`, as the worker does. */
export async function complaintSql(key: string, c: DemoComplaintRow): Promise<string> {
  return `insert into complaints (reference, access_hash, channel, first_receiver, department, handling_department, category, occurred_on, stage, anonymous, personal,
        received_at, acknowledge_by, acknowledge_by_provisional, due_by, due_by_provisional, concluded_at, created_at, updated_at, version)
       values (${q(c.reference)}, ${q(await accessHash(c.reference, c.accessCode))}, ${q(c.channel)}, ${q(c.firstReceiver ?? null)}, ${q(c.department)}, ${q(c.handlingDepartment ?? null)},
        ${q(c.category)}, ${q(c.occurredOn)}, ${q(c.stage)}, ${c.anonymous ? 1 : 0}, ${q(await seal(key, c.personal))}, ${c.receivedAt}, ${q(c.ack.date)}, ${c.ack.provisional ? 1 : 0},
        ${q(c.due.date)}, ${c.due.provisional ? 1 : 0}, ${c.concludedAt ?? 'null'}, ${c.receivedAt}, ${c.receivedAt}, ${c.version});`;
}

/**
 * An event's data as the seed writes it, checked against the event's entry in its workflow's registry
 * (`data`, the zod schema the worker's plans are typed by): a demo event the worker could not have
 * written fails the seed, naming the record and the event, instead of reaching the console.
 */
export function eventData(events: Record<string, EventSpec>, type: string, data: unknown, record: string): string {
  const spec = Object.hasOwn(events, type) ? events[type] : undefined;
  if (!spec) throw new Error(`demo ${record}: no event ${type} in its workflow's registry`);
  const parsed = spec.data.safeParse(data);
  if (!parsed.success) throw new Error(`demo ${record}: event ${type} holds data its registry refuses: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(data)'} ${i.message}`).join('; ')}`);
  return JSON.stringify(data);
}

/** One event of the complaint with this reference; public or not as the registry declares (schema/cases.ts). */
export function eventSql<E extends CaseEvent>(reference: string, at: number, actor: string, type: E, data: z.input<CaseEvents[E]['data']> | Record<string, unknown>): string {
  return `insert into complaint_events (complaint_id, at, actor, type, public, data)
         select id, ${at}, ${q(actor)}, ${q(type)}, ${caseEvents[type].public ? 1 : 0}, ${q(eventData(caseEvents, type, data, reference))} from complaints where reference = ${q(reference)};`;
}

/** The case file as the plans left it (the columns no plan wrote keep their defaults). */
export function caseFileSql(reference: string, file: Record<string, unknown>): string {
  const columns = getTableColumns(caseFiles) as Record<string, { name: string }>;
  const values: Record<string, unknown> = { extensionState: 'none', sanctions: '[]', ...file };
  const keys = ['stageDueBy', 'dueFrom', 'dueDays', 'extensionState', 'extensionDays', 'extensionReason', 'finding', 'sanctions', 'staffConcerned', 'unit', 'concludedOn'];
  for (const k of Object.keys(file)) if (!keys.includes(k)) keys.push(k);
  return `insert into case_files (complaint_id, ${keys.map((k) => columns[k]!.name).join(', ')})
       select id, ${keys.map((k) => q((values[k] ?? null) as string | number | null)).join(', ')} from complaints where reference = ${q(reference)};`;
}
