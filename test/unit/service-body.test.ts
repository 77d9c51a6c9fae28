import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOfficeOrThrow } from '../../schema/content/load.ts';

// Service guides' bodies (办事须知) are rendered as Markdown by site/lib/markdown-loader.ts, not
// compiled as MDX modules (build time at a province's scale, issue 16): each guide still shows its
// own body, as HTML.
const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = join(root, 'dist');

beforeAll(() => {
  if (!existsSync(join(dist, 'index.html'))) throw new Error('dist/ is missing: run `npm run build` first');
});

describe('service guide bodies', () => {
  it('every guide shows its own body text in its 办事须知 section, as paragraphs', () => {
    const content = loadOfficeOrThrow(root);
    for (const service of content.services) {
      const html = readFileSync(join(dist, 'services', service.id, 'index.html'), 'utf8');
      const prose = /<div class="prose">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
      const firstLine = (service.body ?? '').trim().split('\n')[0].replace(/[*_`]/g, '');
      expect(firstLine.length, `content/services/${service.id}.mdx has a body`).toBeGreaterThan(0);
      expect(prose, service.id).toContain('<p>');
      expect(prose.replace(/<[^>]+>/g, ''), service.id).toContain(firstLine.slice(0, 20));
    }
  });
});
