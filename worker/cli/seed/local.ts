// What the seed scripts read from the local checkout: a variable of .dev.vars and the built catalogue.
import { readFileSync } from 'node:fs';
import type { Catalogue } from '../../../schema/catalogue.ts';
import { makeCalendar } from '../../../schema/workdays.ts';
import { root } from '../wrangler.ts';

export function devVar(name: string): string {
  const line = readFileSync(`${root}.dev.vars`, 'utf8').split('\n').find((l) => l.startsWith(`${name}=`));
  if (!line) throw new Error(`${name} missing from .dev.vars: run node worker/cli/dev-vars.ts`);
  return line.slice(name.length + 1).trim();
}

/** worker/generated/catalogue.json (run `npm run catalogue` first) and its working-day calendar. */
export function localCatalogue() {
  const catalogue = JSON.parse(readFileSync(`${root}worker/generated/catalogue.json`, 'utf8')) as Catalogue;
  return { catalogue, calendar: makeCalendar(catalogue.calendar) };
}
