// The one duplication kept on purpose: the worker's page frame (worker/views/layout.tsx) copies the
// static site's header and footer (site/layouts/Base.astro with SiteHeader, SiteNav, FontSizeControl
// and SiteFooter). This compares a page the worker renders with the built home page, so a change to
// one side that is not made on the other fails here instead of drifting silently.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { page } from '../../worker/views/layout.tsx';
import { TrackForm } from '../../worker/views/track.tsx';

const root = fileURLToPath(new URL('../..', import.meta.url));
const distIndex = join(root, 'dist/index.html');

/**
 * The same markup written two ways, made comparable: whitespace between and inside tags, void and
 * boolean attribute spelling (Astro writes `checked>`, Hono `checked=""/>`), which link is current
 * (aria-current depends on the page), and the attributes Astro adds for scoped styles.
 */
function normalise(html: string): string {
  return html
    .replace(/\s+/g, ' ')
    .replace(/\s*aria-current="[^"]*"/g, '')
    .replace(/\s*data-astro-[\w-]+(="[^"]*")?/g, '')
    .replace(/\s*class="astro-[\w-]+"/g, '')
    .replace(/=""/g, '')
    .replace(/\s*\/>/g, '>')
    .replace(/>\s+/g, '>')
    .replace(/\s+</g, '<')
    .trim();
}

function part(html: string, pattern: RegExp, what: string): string {
  const found = pattern.exec(html)?.[0];
  if (!found) throw new Error(`no ${what} in the page`);
  return normalise(found);
}

const parts = {
  'skip link': /<a class="skip-link"[^>]*>[\s\S]*?<\/a>/,
  header: /<header class="site-header"[\s\S]*?<\/header>/,
  footer: /<footer class="site-footer"[\s\S]*?<\/footer>/,
};

describe('the worker layout and the static site share one header and footer', () => {
  let site: string;
  const worker = page(TrackForm({ values: {}, errors: [] }));

  beforeAll(() => {
    if (!existsSync(distIndex)) throw new Error('dist/index.html 不存在：请先运行 npm run build 再运行这些测试（npm test 会自动构建）');
    site = readFileSync(distIndex, 'utf8');
  });

  it.each(Object.entries(parts))('the %s of /track/ is the same markup as on the home page', (what, pattern) => {
    expect(part(worker, pattern, what)).toBe(part(site, pattern, what));
  });

  it('the comparison sees a difference that matters (a changed link or label)', () => {
    const header = part(worker, parts.header, 'header');
    expect(normalise(header.replace('/services/', '/guides/'))).not.toBe(part(site, parts.header, 'header'));
    expect(part(worker, parts.footer, 'footer').replace('工作人员登录', '登录')).not.toBe(part(site, parts.footer, 'footer'));
  });
});
