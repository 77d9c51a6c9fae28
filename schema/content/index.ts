import type { z } from 'zod';
import { commitment, calendarYear, office, rule, supervision } from './disclosure.ts';
import { department, post, staff } from './organisation.ts';
import { service } from './service.ts';

export * from './disclosure.ts';
export * from './organisation.ts';
export * from './service.ts';

/** One file of content, parsed. `id` is the file name without its extension. */
export interface Entry<T> {
  id: string;
  /** Path relative to the project root, e.g. content/services/xk-001.mdx. */
  file: string;
  data: T;
  /** MDX body, for services and rules. */
  body?: string;
}

/** Every collection of the office's disclosed content, with the schema that checks it. */
export const collections = {
  departments: { dir: 'departments', ext: '.yaml', schema: department },
  posts: { dir: 'posts', ext: '.yaml', schema: post },
  staff: { dir: 'staff', ext: '.yaml', schema: staff },
  services: { dir: 'services', ext: '.mdx', schema: service },
  commitments: { dir: 'commitments', ext: '.yaml', schema: commitment },
  rules: { dir: 'rules', ext: '.mdx', schema: rule },
  calendar: { dir: 'calendar', ext: '.yaml', schema: calendarYear },
} as const;

/** Single-file content. */
export const singles = {
  office: { file: 'office.yaml', schema: office },
  supervision: { file: 'supervision.yaml', schema: supervision },
} as const;

type Collections = typeof collections;
type Singles = typeof singles;

/** The whole office as loaded from content/. */
export type OfficeContent = {
  [K in keyof Collections]: Entry<z.output<Collections[K]['schema']>>[];
} & {
  [K in keyof Singles]: Entry<z.output<Singles[K]['schema']>>;
};

/** A content problem, pointing at the file and field to fix. */
export interface ContentProblem {
  file: string;
  field: string;
  message: string;
}

export function formatProblem(problem: ContentProblem): string {
  return `${problem.file} › ${problem.field || '(整个文件)'}：${problem.message}`;
}
