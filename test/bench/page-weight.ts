// Page weight of the built site: for the home page, a service guide and a monthly bulletin page,
// the bytes a first visit downloads (HTML + CSS, gzip), the JavaScript bytes and the number of
// requests, read from dist/ by following each page's subresources (stylesheets and what they
// import or url(), scripts, images, icons). Also checks that no page outside /search/ loads a script.
//   node test/bench/page-weight.ts [--build]      --build runs `npm run build` first
// Target: under 50 KB gzip per page and no JavaScript outside search. Exits 1 when missed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { root } from '../support/server.ts';

const { values } = parseArgs({ options: { build: { type: 'boolean' } } });
const dist = join(root, 'dist');
const LIMIT = 50 * 1024;

if (values.build || !existsSync(join(dist, 'index.html'))) {
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
  if (build.status !== 0) process.exit(1);
}

function fileOf(url: string): string {
  const path = decodeURIComponent(url.split(/[?#]/)[0]);
  const file = join(dist, path.endsWith('/') ? `${path}index.html` : path);
  return existsSync(file) && statSync(file).isDirectory() ? join(file, 'index.html') : file;
}

const gz = (bytes: Buffer) => gzipSync(bytes, { level: 6 }).length;

interface Weight {
  page: string;
  htmlGzip: number;
  cssGzip: number;
  jsBytes: number;
  otherGzip: number;
  requests: number;
  resources: string[];
}

function resolveUrl(base: string, ref: string): string | undefined {
  if (/^(data:|https?:|#|mailto:|tel:)/.test(ref)) return undefined;
  return ref.startsWith('/') ? ref : posix.join(posix.dirname(base.endsWith('/') ? `${base}x` : base), ref);
}

function weigh(page: string): Weight {
  const html = readFileSync(fileOf(page));
  const text = html.toString('utf8');
  const w: Weight = { page, htmlGzip: gz(html), cssGzip: 0, jsBytes: 0, otherGzip: 0, requests: 1, resources: [] };
  const seen = new Set<string>();
  const add = (url: string | undefined, kind: 'css' | 'js' | 'other') => {
    if (!url || seen.has(url)) return;
    seen.add(url);
    const file = fileOf(url);
    if (!existsSync(file)) throw new Error(`${page} refers to ${url}, which is not in dist/`);
    const bytes = readFileSync(file);
    w.requests++;
    w.resources.push(url);
    if (kind === 'css') {
      w.cssGzip += gz(bytes);
      for (const m of bytes.toString('utf8').matchAll(/@import\s+(?:url\()?["']?([^"')\s;]+)|url\(\s*["']?([^"')]+)["']?\s*\)/g)) {
        const ref = m[1] ?? m[2];
        add(resolveUrl(url, ref), ref.endsWith('.css') ? 'css' : 'other');
      }
    } else if (kind === 'js') w.jsBytes += bytes.length;
    else w.otherGzip += gz(bytes);
  };
  for (const m of text.matchAll(/<link\b[^>]*>/g)) {
    const tag = m[0];
    const href = /\shref="([^"]+)"/.exec(tag)?.[1];
    const rel = /\srel="([^"]+)"/.exec(tag)?.[1] ?? '';
    if (!href) continue;
    if (/\bstylesheet\b/.test(rel)) add(resolveUrl(page, href), 'css');
    else if (/\b(icon|preload|modulepreload)\b/.test(rel)) add(resolveUrl(page, href), /\.m?js$/.test(href) ? 'js' : 'other');
  }
  for (const m of text.matchAll(/<script\b[^>]*\ssrc="([^"]+)"/g)) add(resolveUrl(page, m[1]), 'js');
  for (const m of text.matchAll(/<img\b[^>]*\ssrc="([^"]+)"/g)) add(resolveUrl(page, m[1]), 'other');
  return w;
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'pagefind' ? [] : htmlFiles(p);
    return e.name.endsWith('.html') ? [p] : [];
  });
}

const firstDir = (dir: string) =>
  existsSync(join(dist, dir))
    ? readdirSync(join(dist, dir), { withFileTypes: true })
        .filter((e) => e.isDirectory() && existsSync(join(dist, dir, e.name, 'index.html')))
        .map((e) => `/${dir}/${e.name}/`)
        .sort()
    : [];

const guides = firstDir('services').filter((p) => !p.startsWith('/services/department/'));
const heaviest = guides
  .map((p) => ({ p, n: gz(readFileSync(fileOf(p))) }))
  .sort((a, b) => b.n - a.n)[0]?.p;
const pages: [string, string | undefined][] = [
  ['home page', '/'],
  ['service guide', guides[0]],
  ['heaviest service guide', heaviest],
  ['monthly bulletin', firstDir('bulletins').filter((p) => /\/\d{4}-\d{2}\/$/.test(p)).at(-1)],
  ['search page (the one with JS)', '/search/'],
];

console.log(`page-weight: ${new Date().toISOString()}, dist/ built ${statSync(join(dist, 'index.html')).mtime.toISOString()}`);
console.log('  page                                   HTML gz   CSS gz  HTML+CSS gz   JS bytes  other gz  requests');
let failed = false;
for (const [label, page] of pages) {
  if (!page) {
    console.log(`  ${label.padEnd(38)} (none in dist/)`);
    continue;
  }
  const w = weigh(page);
  const total = w.htmlGzip + w.cssGzip;
  const searchPage = page === '/search/';
  const over = total > LIMIT || (!searchPage && w.jsBytes > 0);
  if (over) failed = true;
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`.padStart(9);
  console.log(`  ${`${label} ${page}`.padEnd(38)} ${kb(w.htmlGzip)} ${kb(w.cssGzip)}    ${kb(total)}  ${kb(w.jsBytes)} ${kb(w.otherGzip)}  ${String(w.requests).padStart(8)}${over ? '  OVER TARGET' : ''}`);
  console.log(`      ${w.resources.join(' ')}`);
}
if (pages.find(([, p]) => p === '/search/')) {
  console.log('  (search then fetches Pagefind\'s script, wasm and index chunks on first query; not counted above)');
}

const scripted = htmlFiles(dist)
  .filter((f) => /<script\b/i.test(readFileSync(f, 'utf8')))
  .map((f) => f.slice(dist.length).replace(/index\.html$/, ''));
const outside = scripted.filter((p) => p !== '/search/');
console.log(`  pages with a <script>: ${scripted.join(', ') || 'none'}${outside.length ? `  -- OUTSIDE SEARCH: ${outside.join(', ')}` : ''}`);
if (outside.length > 0) failed = true;
console.log(failed ? 'page-weight: target missed' : 'page-weight: every page under 50 KB gzip (HTML + CSS), no JavaScript outside search');
process.exit(failed ? 1 : 0);
