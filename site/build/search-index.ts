// Builds the search index (dist/pagefind/) with Pagefind's Node API, the last step of `npm run build`.
//   node site/build/search-index.ts [--site dist]
//
// The same index `pagefind --site dist` would build from the static pages, plus the records the
// static site cannot hold (issue 16):
// - the worker's pages a citizen looks for (schema/entry-pages.ts: complaint form, tracking,
//   appointments, reception day) with their real URLs, under the type 办事入口;
// - a monthly bulletin whose page is not in dist/ (bulletins moving to the worker at
//   /bulletins/<month>/), from content/bulletins/, under the type 月度通报.
// Each record is indexed as a small HTML page, so it gets the same Chinese segmentation, weights
// and filters as the static pages. The static pages are handed over as their indexable part only
// (see indexablePart): the same index, with far less memory at a province's scale.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as pagefind from 'pagefind';
import { entryPages, type EntryPage } from '../../schema/entry-pages.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The filter and meta key of a page's kind, as the static pages write it (data-pagefind-filter="类型"). */
export const TYPE = '类型';
export const ENTRY_TYPE = '办事入口';
export const BULLETIN_TYPE = '月度通报';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A record as the page a static build would have produced: kind, title, then the text. */
export function recordHtml(kind: string, title: string, words: string[], text: string[]): string {
  return [
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>',
    escapeHtml(title),
    '</title></head><body><main data-pagefind-body>',
    `<p data-pagefind-filter="${TYPE}" data-pagefind-meta="${TYPE}">${escapeHtml(kind)}</p>`,
    `<h1 data-pagefind-meta="title" data-pagefind-weight="7">${escapeHtml(title)}</h1>`,
    words.length > 0 ? `<p data-pagefind-weight="6">${escapeHtml(words.join('、'))}</p>` : '',
    ...text.map((t) => `<p>${escapeHtml(t)}</p>`),
    '</main></body></html>',
  ].join('');
}

export function entryRecord(page: EntryPage): { url: string; content: string } {
  return { url: page.path, content: recordHtml(ENTRY_TYPE, page.title, [...page.keywords], [page.description]) };
}

interface BulletinFile {
  month: string;
  versions: { data: { overall: { received: number; accepted: number; concluded: number } } }[];
}

/** Bulletins published in content/ whose page the static build did not write. */
export function bulletinRecords(contentDir: string, dist: string): { url: string; content: string }[] {
  const dir = join(contentDir, 'bulletins');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => {
      const bulletin = JSON.parse(readFileSync(join(dir, f), 'utf8')) as BulletinFile;
      const url = `/bulletins/${bulletin.month}/`;
      if (existsSync(join(dist, url, 'index.html'))) return [];
      const latest = bulletin.versions.at(-1);
      if (!latest) return [];
      const [y, m] = bulletin.month.split('-').map(Number);
      const o = latest.data.overall;
      const title = `${y} 年 ${m} 月效能投诉月度通报`;
      const text = `${y} 年 ${m} 月收到效能投诉 ${o.received} 件，受理 ${o.accepted} 件，办结 ${o.concluded} 件；各处室的收到、办结、按期办结率和满意度（匿名统计）。`;
      return [{ url, content: recordHtml(BULLETIN_TYPE, title, [], [text]) }];
    });
}

/** Every .html file under `dir`, as paths relative to it. */
function htmlFiles(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'pagefind' ? [] : htmlFiles(path, base);
    return entry.name.endsWith('.html') ? [relative(base, path)] : [];
  });
}

const BODY = /<main\b[^>]*\bdata-pagefind-body\b[^>]*>[\s\S]*<\/main>/;
const LANG = /<html\b[^>]*\blang="([^"]+)"/;

/**
 * The part of a built page that Pagefind indexes: its language and its <main data-pagefind-body>
 * (pages without one are not indexed: the site marks the pages search should find), without the
 * inline flowchart SVG (its step names are in the ordered list that follows it). Handing Pagefind
 * this instead of the whole file gives the same index from a fraction of the bytes: at 10,000
 * guides, `pagefind --site dist` peaked at 4.6 GB (issue 16 asks under 4 GB for the whole build).
 */
export function indexablePart(html: string): string | undefined {
  const body = BODY.exec(html)?.[0];
  if (!body) return undefined;
  const lang = LANG.exec(html)?.[1] ?? 'zh-CN';
  return `<!doctype html><html lang="${lang}"><body>${body.replace(/<svg\b[\s\S]*?<\/svg>/g, '')}</body></html>`;
}

/** URL of a built file as Pagefind writes it: /a/b/index.html → /a/b/. */
export function urlOf(file: string): string {
  return `/${file.split('\\').join('/')}`.replace(/index\.html$/, '');
}

/** Peak memory and CPU seconds of the Pagefind service process, read from /proc (Linux only). */
function serviceUsage(): { peakBytes: number; cpuSeconds: number } | undefined {
  try {
    for (const pid of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== process.pid || !stat.includes('pagefind')) continue;
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      const ticks = Number(fields[11]) + Number(fields[12]);
      return { peakBytes: Number(hwm ?? 0) * 1024, cpuSeconds: ticks / 100 };
    }
  } catch {}
  return undefined;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { site: { type: 'string', default: 'dist' } } });
  const dist = join(root, values.site!);
  const started = performance.now();
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(`Pagefind did not start: ${errors.join('; ')}`);
  const fail = (what: string, errs: string[]) => {
    if (errs.length > 0) throw new Error(`Pagefind: ${what}: ${errs.join('; ')}`);
  };

  // Several files in flight at once, so the service's threads stay busy.
  const files = htmlFiles(dist);
  let pages = 0;
  for (let i = 0; i < files.length; i += 32) {
    const batch = files.slice(i, i + 32).flatMap((file) => {
      const content = indexablePart(readFileSync(join(dist, file), 'utf8'));
      return content ? [{ url: urlOf(file), content }] : [];
    });
    const added = await Promise.all(batch.map((page) => index.addHTMLFile(page)));
    for (const [n, result] of added.entries()) fail(`indexing ${batch[n].url}`, result.errors);
    pages += batch.length;
  }
  const records = [...entryPages.filter((p) => p.searchable).map(entryRecord), ...bulletinRecords(join(root, 'content'), dist)];
  for (const record of records) {
    const added = await index.addHTMLFile(record);
    fail(`adding ${record.url}`, added.errors);
  }
  const written = await index.writeFiles({ outputPath: join(dist, 'pagefind') });
  fail('writing the index', written.errors);
  const usage = serviceUsage();
  await pagefind.close();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const service = usage ? `; Pagefind: CPU ${usage.cpuSeconds.toFixed(1)} s, peak ${(usage.peakBytes / 1024 / 1024).toFixed(1)} MB` : '';
  console.log(`search index: ${pages} pages from ${values.site} + ${records.length} records (worker pages, bulletins) in ${seconds} s${service}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch(async (error: Error) => {
    console.error(error.message);
    await pagefind.close();
    process.exit(1);
  });
}
