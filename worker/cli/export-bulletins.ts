// How a published bulletin reaches the static site: this command reads every published version
// from D1 and writes content/bulletins/YYYY-MM.json (all versions of a month, oldest first); the
// next `npm run build` turns them into /bulletins/, /bulletins/YYYY-MM/ and the Atom feed.
//   node worker/cli/export-bulletins.ts [--remote] [--persist-to <dir>] [--out <dir>] [--check]
// --remote reads the production database (needs wrangler login); --check writes nothing and exits 1
// when the files on disk differ from the database (for CI or before a deploy).
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bulletinExport, type BulletinExport } from '../../schema/bulletin/document.ts';
import { root, wrangler } from './wrangler.ts';

const { values } = parseArgs({
  options: { remote: { type: 'boolean', default: false }, 'persist-to': { type: 'string' }, out: { type: 'string' }, check: { type: 'boolean', default: false } },
});
const out = values.out ?? join(root, 'content/bulletins');

interface Row {
  month: string;
  version: number;
  published_at: number;
  note: string | null;
  data: string;
}

const args = ['d1', 'execute', 'DB', values.remote ? '--remote' : '--local', '--json', '--command', 'select month, version, published_at, note, data from bulletins order by month, version'];
if (values['persist-to']) args.push('--persist-to', values['persist-to']);
const rows = (JSON.parse(wrangler(args, { quiet: true })) as { results: Row[] }[])[0]?.results ?? [];

const months = new Map<string, BulletinExport>();
for (const r of rows) {
  const doc = months.get(r.month) ?? { month: r.month, versions: [] };
  doc.versions.push({ version: r.version, publishedAt: new Date(r.published_at).toISOString(), note: r.note, data: JSON.parse(r.data) });
  months.set(r.month, doc);
}

let differ = 0;
if (!values.check) mkdirSync(out, { recursive: true });
for (const doc of months.values()) {
  const parsed = bulletinExport.safeParse(doc);
  if (!parsed.success) {
    console.error(`export-bulletins: ${doc.month} does not match schema/bulletin/document.ts:\n${parsed.error.message}`);
    process.exit(1);
  }
  const file = join(out, `${doc.month}.json`);
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  if (values.check) {
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) {
      console.error(`export-bulletins: ${file} differs from the database`);
      differ++;
    }
  } else {
    writeFileSync(file, text);
  }
}
console.log(`export-bulletins: ${months.size} month(s), ${rows.length} version(s) ${values.check ? 'checked against' : 'written to'} ${out}`);
if (differ > 0) process.exit(1);
