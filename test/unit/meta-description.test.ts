import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOfficeOrThrow } from '../../schema/content/load.ts';

// Issue 16: a meta description on every built page, written from the page's own content.
const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = join(root, 'dist');

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'pagefind' ? [] : htmlFiles(path);
    return entry.name.endsWith('.html') ? [path] : [];
  });
}
const metaOf = (html: string) => /<meta name="description" content="([^"]*)"/.exec(html)?.[1];

beforeAll(() => {
  if (!existsSync(join(dist, 'index.html'))) throw new Error('dist/ is missing: run `npm run build` first');
});

describe('meta description on every built page', () => {
  it('every HTML page in dist/ has one of at least 10 characters, not just its title', () => {
    const missing = htmlFiles(dist).flatMap((file) => {
      const html = readFileSync(file, 'utf8');
      const meta = metaOf(html);
      const title = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';
      return !meta || [...meta].length < 10 || title.startsWith(meta) ? [relative(dist, file)] : [];
    });
    expect(missing).toEqual([]);
  });

  it('a service guide is described by its own summary', () => {
    const content = loadOfficeOrThrow(root);
    for (const service of content.services) {
      const html = readFileSync(join(dist, 'services', service.id, 'index.html'), 'utf8');
      expect(metaOf(html)).toBe(service.data.summary.replaceAll('"', '&quot;'));
    }
  });
});
