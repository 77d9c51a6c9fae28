// Data retention: removes the personal data of complaints concluded and appointments archived more
// than `retentionYears` ago (content/office.yaml), keeping the anonymous facts the counts and
// bulletins use, and deletes idempotency responses older than a week (worker/lib/retention.ts).
//   node worker/cli/purge.ts --local [--persist-to <dir>] [--dry-run]
//   PII_KEY='…' node worker/cli/purge.ts --remote [--dry-run]
// Reads the period from worker/generated/catalogue.json (`npm run catalogue` writes it). Safe to run
// again: what is purged stays purged and is counted as such. Run it monthly (operations.md).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Catalogue } from '../../schema/catalogue.ts';
import { purge } from '../lib/retention.ts';
import { secretFrom, wranglerPort } from './wrangler-port.ts';
import { root } from './wrangler.ts';

const { values } = parseArgs({
  options: {
    local: { type: 'boolean' },
    remote: { type: 'boolean' },
    'persist-to': { type: 'string' },
    'dry-run': { type: 'boolean' },
  },
});

function stop(message: string): never {
  console.error(`purge: ${message}`);
  process.exit(2);
}

if (Boolean(values.local) === Boolean(values.remote)) stop('say where: --local or --remote');
const target = { remote: Boolean(values.remote), persistTo: values['persist-to'] };
const key = secretFrom('PII_KEY', target);
if (!key) stop('PII_KEY is not set: export PII_KEY="<the key ring of the deployed worker>" (see worker/docs/operations.md)');
let catalogue: Catalogue;
try {
  catalogue = JSON.parse(readFileSync(`${root}worker/generated/catalogue.json`, 'utf8')) as Catalogue;
} catch {
  stop('worker/generated/catalogue.json is missing: run npm run catalogue first');
}
const years = catalogue.office.retentionYears;
let report;
try {
  report = await purge(wranglerPort(target), key, years, { dryRun: values['dry-run'] });
} catch (error) {
  console.error(`purge: stopped: ${(error as Error).message.split('\n')[0]}`);
  process.exit(1);
}
const verb = values['dry-run'] ? 'would purge' : 'purged';
console.log(`purge: retention ${years} years; cases that ended before ${report.cutoff.slice(0, 10)} lose their personal data${values['dry-run'] ? ' (dry run: nothing changed)' : ''}`);
for (const t of report.targets) console.log(`  ${t.table}: ${verb} ${t.purged}, already purged ${t.alreadyPurged}, idempotency responses with them ${t.idempotencyDeleted}, history events with sealed text erased ${t.eventsRedacted}, linked sealed texts (rating comments) erased ${t.textsRedacted}`);
console.log(`  idempotency responses older than a week: ${values['dry-run'] ? 'would delete' : 'deleted'} ${report.staleIdempotency}`);
