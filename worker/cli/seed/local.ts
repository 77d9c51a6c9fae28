// What the seed scripts read from the local checkout: a variable of .dev.vars and the built catalogue.
import { readFileSync } from 'node:fs';
import type { Catalogue } from '../../../schema/catalogue.ts';
import { makeCalendar } from '../../../schema/workdays.ts';
import { readDevVar, root } from '../wrangler.ts';

export function devVar(name: string): string {
  const value = readDevVar(name);
  if (!value) throw new Error(`${name} missing from .dev.vars: run node worker/cli/dev-vars.ts`);
  return value;
}

/** worker/generated/catalogue.json (run `npm run catalogue` first) and its working-day calendar. */
export function localCatalogue() {
  const catalogue = JSON.parse(readFileSync(`${root}worker/generated/catalogue.json`, 'utf8')) as Catalogue;
  return { catalogue, calendar: makeCalendar(catalogue.calendar) };
}
