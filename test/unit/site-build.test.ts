import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOfficeOrThrow } from '../../schema/content/load.ts';
import { daysLabel, materialForm } from '../../site/lib/format.ts';

// Checks the built site in dist/ against content/: what the disclosure rules require every page to show.
const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = join(root, 'dist');
const content = loadOfficeOrThrow(root);

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'pagefind' ? [] : htmlFiles(path);
    return entry.name.endsWith('.html') ? [path] : [];
  });
}
const page = (path: string) => readFileSync(join(dist, path, 'index.html'), 'utf8');
/** Visible text of some HTML: tags dropped, the entities Astro writes decoded, whitespace collapsed. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
const staffName = (id: string) => content.staff.find((s) => s.id === id)!.data.name;

beforeAll(() => {
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error('dist/index.html 不存在：请先运行 npm run build 再运行这些测试（npm test 会自动构建）');
  }
});

describe('service guide pages', () => {
  it.each(content.services.map((s) => [s.id, s.data] as const))('%s tells everything at once', (id, service) => {
    const html = page(`services/${id}`);
    const text = textOf(html);
    expect(html).toMatch(/<svg[^>]*role="img"/);
    const list = /<ol class="steps"[^>]*>([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
    const listed = [...list.matchAll(/<li>\s*<strong>([^<]*)<\/strong>/g)].map((m) => textOf(m[1]!).trim());
    expect(listed, '有序列表按顺序列出全部步骤').toEqual(service.steps.map((step) => step.name));
    expect(text).toContain(`法定时限 ${daysLabel(service.statutoryDays)}`);
    expect(text).toContain(`承诺时限 ${daysLabel(service.committedDays)}`);
    for (const material of service.materials) {
      expect(text).toContain(material.name);
      expect(text).toContain(`${materialForm[material.form]}，${material.copies} 份`);
    }
    expect(html).toContain(`/complaints/new/?department=${service.department}`);
    if (service.bookable) expect(html).toContain(`/appointments/new/?service=${id}`);
    else expect(html).not.toContain('/appointments/new/');
  });
});

describe('department pages', () => {
  it.each(content.departments.map((d) => [d.id] as const))('%s names both holders of each of its posts', (id) => {
    const html = page(`departments/${id}`);
    for (const post of content.posts.filter((p) => p.data.department === id)) {
      const card = new RegExp(`id="post-${post.id}"[\\s\\S]*?</li>\\s*</ul>`).exec(html)?.[0] ?? '';
      const text = textOf(card);
      expect(text, post.id).toContain(post.data.title);
      expect(text, post.id).toContain(`A岗： ${staffName(post.data.holderA)}`);
      expect(text, post.id).toContain(`B岗： ${staffName(post.data.holderB)}`);
    }
  });
});

describe('every page', () => {
  const files = () => htmlFiles(dist).map((f) => relative(dist, f).split('\\').join('/'));

  it('has a 404 page', () => {
    expect(existsSync(join(dist, '404.html'))).toBe(true);
  });

  it('is zh-CN with exactly one h1', () => {
    for (const file of files()) {
      const html = readFileSync(join(dist, file), 'utf8');
      expect(html, file).toContain('<html lang="zh-CN"');
      expect(html.match(/<h1[\s>]/g)?.length, file).toBe(1);
    }
  });

  it('carries no script, except the search page', () => {
    for (const file of files().filter((f) => f !== 'search/index.html')) {
      expect(readFileSync(join(dist, file), 'utf8'), file).not.toMatch(/<script/i);
    }
  });

  it('carries no inline style, which the strict CSP (style-src \'self\') would block', () => {
    for (const file of files()) {
      const html = readFileSync(join(dist, file), 'utf8');
      expect(html, file).not.toMatch(/<[a-z][^>]*\sstyle=/i);
      expect(html, file).not.toMatch(/<style[\s>]/i);
    }
  });

  it('offers the font-size control as a labelled fieldset', () => {
    for (const file of files()) {
      const html = readFileSync(join(dist, file), 'utf8');
      expect(html, file).toMatch(/<fieldset class="font-size">\s*<legend>字号<\/legend>/);
      for (const size of ['normal', 'large', 'larger']) expect(html, file).toContain(`for="font-size-${size}"`);
    }
  });

  it('is listed in sitemap.xml, and the sitemap lists nothing else (no noindex worker page, issue 17 item 9)', () => {
    const xml = readFileSync(join(dist, 'sitemap.xml'), 'utf8');
    const listed = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!));
    expect(listed.every((u) => u.protocol === 'https:' && u.hostname !== 'localhost')).toBe(true);
    const paths = new Set(listed.map((u) => u.pathname));
    const built = files()
      .filter((f) => f.endsWith('index.html'))
      .map((f) => `/${f.slice(0, -'index.html'.length)}`);
    for (const path of built) expect(paths.has(path), `sitemap.xml 缺少 ${path}`).toBe(true);
    // Public pages the worker renders and search engines should find (the bulletins, the quarterly target results).
    const workerPages = ['/bulletins/', '/targets/'];
    for (const path of workerPages) expect(paths.has(path), `sitemap.xml 缺少 ${path}`).toBe(true);
    expect([...paths].filter((p) => !built.includes(p) && !workerPages.includes(p))).toEqual([]);
    for (const path of built) expect(readFileSync(join(dist, path, 'index.html'), 'utf8'), path).not.toMatch(/<meta name="robots" content="[^"]*noindex/);
  });
});

describe('stylesheet', () => {
  it('never sets a line-height below 1.5', () => {
    const css = readFileSync(join(root, 'site/public/styles/portal.css'), 'utf8');
    const values = [...css.matchAll(/line-height:\s*([\d.]+)/g)].map((m) => Number(m[1]));
    expect(values.length).toBeGreaterThan(0);
    expect(values.filter((v) => v < 1.5)).toEqual([]);
  });
});
