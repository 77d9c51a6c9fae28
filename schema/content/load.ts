// Node-only: reads content/ from disk. The worker never imports this file; it gets the catalogue
// that worker/cli/catalogue.ts derives from it.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { checkOffice } from './check.ts';
import { collections, singles, formatProblem, type ContentProblem, type Entry, type OfficeContent } from './index.ts';

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

function parseFile(path: string): { data: unknown; body?: string } {
  const raw = readFileSync(path, 'utf8');
  if (path.endsWith('.mdx') || path.endsWith('.md')) {
    const match = FRONTMATTER.exec(raw);
    if (!match) return { data: undefined, body: raw };
    return { data: parse(match[1]), body: match[2] };
  }
  return { data: parse(raw) };
}

function issuesToProblems(file: string, error: z.ZodError): ContentProblem[] {
  return error.issues.map((issue) => ({ file, field: issue.path.join('.'), message: issue.message }));
}

export interface LoadResult {
  content: OfficeContent;
  problems: ContentProblem[];
}

/** Reads and checks every content file under `root/content`. Never throws on bad content. */
export function loadOffice(root: string, contentDir = join(root, 'content')): LoadResult {
  const problems: ContentProblem[] = [];
  const rel = (path: string) => relative(root, path).split('\\').join('/');

  const readEntry = <S extends z.ZodType>(path: string, id: string, schema: S): Entry<z.output<S>> | undefined => {
    const file = rel(path);
    let parsed: { data: unknown; body?: string };
    try {
      parsed = parseFile(path);
    } catch (error) {
      problems.push({ file, field: '', message: `YAML 写法有误：${(error as Error).message.split('\n')[0]}` });
      return undefined;
    }
    if (parsed.data === undefined) {
      problems.push({ file, field: '', message: '文件开头缺少 --- 包围的元数据（frontmatter）' });
      return undefined;
    }
    const result = schema.safeParse(parsed.data);
    if (!result.success) {
      problems.push(...issuesToProblems(file, result.error));
      return undefined;
    }
    return { id, file, data: result.data, body: parsed.body };
  };

  const content = {} as Record<string, unknown>;
  const present: Record<string, Set<string>> = {};
  for (const [name, spec] of Object.entries(collections)) {
    const dir = join(contentDir, spec.dir);
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(spec.ext)).sort() : [];
    present[name] = new Set(files.map((f) => f.slice(0, -spec.ext.length)));
    content[name] = files
      .map((f) => readEntry(join(dir, f), f.slice(0, -spec.ext.length), spec.schema))
      .filter((e) => e !== undefined);
  }
  for (const [name, spec] of Object.entries(singles)) {
    const path = join(contentDir, spec.file);
    if (!existsSync(path)) {
      problems.push({ file: rel(path), field: '', message: '缺少这个文件：请按 README 的内容模型新建它' });
      continue;
    }
    content[name] = readEntry(path, name, spec.schema);
  }
  const office = content as OfficeContent;
  // Cross-file checks only make sense once every single file parsed.
  if (office.office && office.supervision) problems.push(...checkOffice(office, present));
  return { content: office, problems };
}

/** Loads the office or throws one error listing every problem, one per line. */
export function loadOfficeOrThrow(root: string, contentDir?: string): OfficeContent {
  const { content, problems } = loadOffice(root, contentDir);
  if (problems.length > 0) {
    const lines = problems.map((p) => `  - ${formatProblem(p)}`).join('\n');
    throw new Error(`内容有 ${problems.length} 处错误，请修改后重新构建：\n${lines}`);
  }
  return content;
}
