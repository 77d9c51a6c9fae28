// Reads the office's content/ the way an editor wrote it (YAML and MDX frontmatter, with the
// `yaml` package), so the browser tests take their expectations from the content: a new service,
// department or rule is covered without touching the tests. Not a test file itself.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const contentDir = fileURLToPath(new URL('../../content/', import.meta.url));
const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---/;

export interface Item<T> {
  /** File name without extension: the page's slug. */
  id: string;
  data: T;
}

function read<T>(dir: string, ext: '.yaml' | '.mdx'): Item<T>[] {
  return readdirSync(join(contentDir, dir))
    .filter((name) => name.endsWith(ext))
    .sort()
    .map((name) => {
      const raw = readFileSync(join(contentDir, dir, name), 'utf8');
      const source = ext === '.mdx' ? (FRONTMATTER.exec(raw)?.[1] ?? '') : raw;
      return { id: name.slice(0, -ext.length), data: parse(source) as T };
    });
}

export interface Department { name: string }
export interface Rule { title: string; aliases?: string[] }
export interface Service {
  name: string;
  code: string;
  department: string;
  materials: { name: string }[];
  statutoryDays: number;
  committedDays: number;
}

export const departments = read<Department>('departments', '.yaml');
export const rules = read<Rule>('rules', '.mdx');
export const services = read<Service>('services', '.mdx');

/** Where each kind of content is published. */
export const pageOf = {
  department: (id: string) => `/departments/${id}/`,
  service: (id: string) => `/services/${id}/`,
  rule: (id: string) => `/rules/${id}/`,
};
