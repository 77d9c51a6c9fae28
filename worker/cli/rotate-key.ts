// Re-seals every sealed value in the database under the first key of the PII_KEY ring, and
// re-hashes the appointments' phones under the first key of the PHONE_HASH_KEY ring.
//   node worker/cli/rotate-key.ts --generate v2          print a fresh key with id v2 (`v2:<base64>`)
//   node worker/cli/rotate-key.ts --local [--persist-to <dir>] [--batch 100]
//   PII_KEY='v2:<new>,v1:<old>' node worker/cli/rotate-key.ts --remote [--batch 100]
// The ring comes from the environment variable PII_KEY (never from the command line, which shell
// history keeps), or for --local from .dev.vars. Safe to stop and run again: it resumes. The whole
// procedure (secret first, then this, then dropping the old key) is in worker/docs/operations.md.
import { webcrypto } from 'node:crypto';
import { parseArgs } from 'node:util';
import { keyRing } from '../lib/crypto.ts';
import { rehashPhones, rotateAll } from '../lib/rotation.ts';
import { secretFrom, wranglerPort } from './wrangler-port.ts';

const { values } = parseArgs({
  options: {
    local: { type: 'boolean' },
    remote: { type: 'boolean' },
    'persist-to': { type: 'string' },
    batch: { type: 'string', default: '100' },
    generate: { type: 'string' },
  },
});

function stop(message: string): never {
  console.error(`rotate-key: ${message}`);
  process.exit(2);
}

if (values.generate !== undefined) {
  if (!/^v[1-9]\d*$/.test(values.generate)) stop('--generate takes the new key id, e.g. --generate v2');
  console.log(`${values.generate}:${Buffer.from(webcrypto.getRandomValues(new Uint8Array(32))).toString('base64')}`);
  process.exit(0);
}
if (Boolean(values.local) === Boolean(values.remote)) stop('say where: --local or --remote');
const batchSize = Number(values.batch);
if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000) stop('--batch is a whole number from 1 to 1000');

const target = { remote: Boolean(values.remote), persistTo: values['persist-to'] };
const spec = secretFrom('PII_KEY', target);
if (!spec) stop('PII_KEY is not set: export PII_KEY="v2:<new key>,v1:<old key>" (see worker/docs/operations.md)');
let ring;
try {
  ring = keyRing(spec);
} catch (error) {
  stop((error as Error).message);
}
if (ring.keys.size < 2) console.warn(`rotate-key: the ring holds only ${ring.primary.id}; values under any other key will fail to open`);

console.log(`rotate-key: re-sealing under ${ring.primary.id} (${target.remote ? 'remote database' : 'local database'}, batches of ${batchSize})`);
let report;
try {
  report = await rotateAll(wranglerPort(target), spec, {
    batchSize,
    onBatch: (c, done) => console.log(`  ${c.table}.${c.column}: ${done} re-sealed`),
  });
} catch (error) {
  // What was re-sealed so far stays re-sealed: fix the cause and run the command again.
  console.error(`rotate-key: stopped: ${(error as Error).message.split('\n')[0]}`);
  process.exit(1);
}
for (const c of report.columns) console.log(`  ${c.table}.${c.column}: ${c.resealed} re-sealed, ${c.remaining} left under other keys`);
const kept = Object.entries(report.appendOnly);
if (kept.length > 0) {
  console.log(`  append-only histories keep ${kept.map(([id, n]) => `${n} under ${id}`).join(', ')}: keep those keys in the ring (they cannot be rewritten)`);
}
// The phones' keyed hashes (PHONE_HASH_KEY, its own ring): re-hashed under its first key, and
// filled for appointments booked before they existed. Rotate it like PII_KEY: the new key first.
const phoneSpec = secretFrom('PHONE_HASH_KEY', target);
let phonesLeft = 0;
if (!phoneSpec) {
  console.warn('rotate-key: PHONE_HASH_KEY is not set: appointment phone hashes left as they are (see worker/docs/operations.md)');
} else {
  try {
    const phones = await rehashPhones(wranglerPort(target), spec, phoneSpec, { batchSize });
    console.log(`  appointments.phone_hash: ${phones.rehashed} hashed under ${phones.keyId}, ${phones.remaining} left under other keys`);
    phonesLeft = phones.remaining;
  } catch (error) {
    console.error(`rotate-key: stopped at the phone hashes: ${(error as Error).message.split('\n')[0]}`);
    process.exit(1);
  }
}
const left = report.columns.reduce((n, c) => n + c.remaining, 0) + phonesLeft;
if (left > 0) {
  console.log('rotate-key: some values changed during the run; run the command again');
  process.exit(1);
}
console.log(kept.length === 0 ? `rotate-key: done; PII_KEY may now be just ${ring.primary.id}:<new key>` : 'rotate-key: done with the rewritable columns');
