/**
 * The catalogue derived from content/ by `npm run catalogue` (worker/generated/catalogue.json):
 * the one list of departments, posts, services and staff the worker accepts, and the calendar its
 * deadlines are counted on.
 */
import data from '../generated/catalogue.json' with { type: 'json' };
import type { Catalogue } from '../../schema/catalogue.ts';
import { complaintSchemas } from '../../schema/complaint.ts';
import { makeCalendar } from '../../schema/workdays.ts';

export const catalogue = data as unknown as Catalogue;
export const calendar = makeCalendar(catalogue.calendar);
export const schemas = complaintSchemas(catalogue);

export function departmentName(id: string | null | undefined): string {
  return catalogue.departments.find((d) => d.id === id)?.name ?? id ?? '';
}
