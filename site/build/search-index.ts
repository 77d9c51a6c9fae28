// Builds the search index (dist/pagefind/) with Pagefind's Node API, the last step of `npm run build`.
//   node site/build/search-index.ts [--site dist]
//
// The same index `pagefind --site dist` would build from the static pages, plus the records the
// static site cannot hold (issue 16):
// - the worker's pages a citizen looks for (schema/entry-pages.ts: complaint form, tracking,
//   appointments, reception day) with their real URLs, under the type 办事入口;
// - the monthly bulletins' list page, rendered by the worker from D1, under the type 月度通报.
// Each record is indexed as a small HTML page, so it gets the same Chinese segmentation, weights
// and filters as the static pages. The static pages are handed over as their indexable part only
// (see indexablePart): the same index, with far less memory at a province's scale.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * The bulletins are rendered by the worker from D1 as soon as a month is published (no rebuild), so
 * the index holds one record for their list page, under 月度通报; the list links every month.
 */
export function bulletinIndexRecord(): { url: string; content: string } {
  return {
    url: '/bulletins/',
    content: recordHtml(BULLETIN_TYPE, '月度通报', ['效能通报', '投诉统计', '按期办结率', '满意度'], [
      '每月公开效能投诉的收到、受理、办结、按期办结率和满意度等匿名统计，各处室的办理情况，附开放数据（JSON、CSV）和订阅。',
    ]),
  };
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
 * inline flowchart SVG (its step names are in the ordered list that follows it). The same index as
 * `pagefind --site dist` from a fraction of the bytes sent. (It does not lower Pagefind's own peak
 * memory, ~0.37 MB per indexed page, measured: see PAGES_PER_BUNDLE.)
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

/**
 * Pages per index bundle; default: all in one. Pagefind's indexer holds a whole bundle in memory
 * (~0.37 MB a page: 4.2 GB for 11,020 pages), so a builder short of memory can index in several
 * bundles, one Pagefind process after the other, which the search page merges (`mergeIndex`,
 * listed in /pagefind/shards.json): `--pages-per-bundle 5000` or SEARCH_PAGES_PER_BUNDLE=5000.
 * The price, measured at 10,000 services (test/bench/RESULTS.md): each bundle ranks with its own
 * word statistics, so the natural query set fell from 98 % to 83 % right first, and a first search
 * loads an index chunk per bundle. Hence one bundle unless memory forces more.
 */
export const PAGES_PER_BUNDLE = Number(process.env.SEARCH_PAGES_PER_BUNDLE) || Number.POSITIVE_INFINITY;

/** The bundle directories for `pages` pages: pagefind/, then pagefind-2/, pagefind-3/… */
export function bundleDirs(pages: number, perBundle = PAGES_PER_BUNDLE): string[] {
  const count = Math.max(1, Math.ceil(pages / perBundle));
  return Array.from({ length: count }, (_, i) => (i === 0 ? 'pagefind' : `pagefind-${i + 1}`));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { site: { type: 'string', default: 'dist' }, 'pages-per-bundle': { type: 'string' } } });
  const dist = join(root, values.site!);
  const perBundle = Number(values['pages-per-bundle'] ?? PAGES_PER_BUNDLE);
  const started = performance.now();
  const fail = (what: string, errs: string[]) => {
    if (errs.length > 0) throw new Error(`Pagefind: ${what}: ${errs.join('; ')}`);
  };

  const pages = htmlFiles(dist).flatMap((file) => {
    const content = indexablePart(readFileSync(join(dist, file), 'utf8'));
    return content ? [{ url: urlOf(file), content }] : [];
  });
  const records = [...entryPages.filter((p) => p.searchable).map(entryRecord), bulletinIndexRecord()];
  const dirs = bundleDirs(pages.length + records.length, perBundle);
  const size = Math.ceil(pages.length / dirs.length);
  const usages: { peakBytes: number; cpuSeconds: number }[] = [];
  for (const [n, dir] of dirs.entries()) {
    // A fresh Pagefind process per bundle, so each starts with no memory held.
    const { index, errors } = await pagefind.createIndex({});
    if (!index) throw new Error(`Pagefind did not start: ${errors.join('; ')}`);
    const share = [...(n === 0 ? records : []), ...pages.slice(n * size, (n + 1) * size)];
    // Several files in flight at once, so the service's threads stay busy.
    for (let i = 0; i < share.length; i += 32) {
      const batch = share.slice(i, i + 32);
      const added = await Promise.all(batch.map((page) => index.addHTMLFile(page)));
      for (const [k, result] of added.entries()) fail(`indexing ${batch[k].url}`, result.errors);
    }
    rmSync(join(dist, dir), { recursive: true, force: true });
    const written = await index.writeFiles({ outputPath: join(dist, dir) });
    fail(`writing ${dir}`, written.errors);
    const usage = serviceUsage();
    if (usage) usages.push(usage);
    await pagefind.close();
  }
  // The search page merges the other bundles into the first (site/public/scripts/search.js).
  writeFileSync(join(dist, 'pagefind/shards.json'), `${JSON.stringify(dirs.slice(1).map((d) => `/${d}/`))}\n`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const service = usages.length
    ? `; Pagefind: CPU ${usages.reduce((t, u) => t + u.cpuSeconds, 0).toFixed(1)} s, peak ${(Math.max(...usages.map((u) => u.peakBytes)) / 1024 / 1024).toFixed(1)} MB`
    : '';
  console.log(
    `search index: ${pages.length} pages from ${values.site} + ${records.length} records (worker pages, bulletins) in ${dirs.length} bundle(s) (${dirs.join(', ')}), ${seconds} s${service}`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch(async (error: Error) => {
    console.error(error.message);
    await pagefind.close();
    process.exit(1);
  });
}
