import { readdir, readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader } from 'astro/loaders';
import { parse } from 'yaml';

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/**
 * A content loader for service guides: frontmatter as data, the body rendered as Markdown when the
 * content syncs. Astro's glob loader compiles every .mdx file into a module of the site's bundle;
 * at a province's scale (10,000 guides, issue 16) bundling those modules was the largest remaining
 * part of the build. A guide's body (办事须知) is plain prose, so it needs Markdown, not MDX: the
 * files keep their .mdx name and frontmatter, their body is rendered once and cached by content
 * digest in Astro's data store. Components or `import` in a guide body are therefore not supported.
 */
export function markdownBodies(dir: string, ext: string): Loader {
  return {
    name: 'markdown-bodies',
    load: async (context) => {
      const { config, store, parseData, renderMarkdown, generateDigest, watcher } = context;
      const base = new URL(`./content/${dir}/`, config.root);
      const root = fileURLToPath(config.root);

      const loadFile = async (file: string) => {
        const id = file.slice(0, -ext.length);
        const url = new URL(file, base);
        const filePath = relative(root, fileURLToPath(url));
        const raw = await readFile(url, 'utf8');
        const digest = generateDigest(raw);
        const existing = store.get(id);
        if (existing?.digest === digest && existing.rendered) return;
        const match = FRONTMATTER.exec(raw);
        if (!match) throw new Error(`${filePath}：文件开头缺少 --- 包围的元数据（frontmatter）`);
        const data = await parseData({ id, data: (parse(match[1]) ?? {}) as Record<string, unknown>, filePath });
        const body = match[2];
        store.set({ id, data, body, filePath, digest, rendered: await renderMarkdown(body, { fileURL: url }) });
      };

      const loadAll = async () => {
        const files = (await readdir(base)).filter((f) => f.endsWith(ext)).sort();
        const ids = new Set(files.map((f) => f.slice(0, -ext.length)));
        for (const id of store.keys()) if (!ids.has(id)) store.delete(id);
        for (const file of files) await loadFile(file);
      };

      await loadAll();
      // `astro dev`: an edited, added or removed guide shows at once.
      const dirPath = fileURLToPath(base);
      const onChange = (path: string) => {
        if (path.startsWith(dirPath) && path.endsWith(ext)) loadAll().catch((error: Error) => context.logger.error(error.message));
      };
      watcher?.on('change', onChange);
      watcher?.on('add', onChange);
      watcher?.on('unlink', onChange);
    },
  };
}
