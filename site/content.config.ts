import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { collections as specs, singles } from '../schema/content/index.ts';

// The same zod schemas as the content check and the worker's catalogue (schema/content). Paths
// are relative to the project root, so content/ lives outside site/.
const folder = <K extends keyof typeof specs>(name: K) =>
  defineCollection({
    loader: glob({ base: `./content/${specs[name].dir}`, pattern: `*${specs[name].ext}` }),
    schema: specs[name].schema,
  });

const single = <K extends keyof typeof singles>(name: K) =>
  defineCollection({
    loader: glob({ base: './content', pattern: singles[name].file }),
    schema: singles[name].schema,
  });

export const collections = {
  departments: folder('departments'),
  posts: folder('posts'),
  staff: folder('staff'),
  services: folder('services'),
  commitments: folder('commitments'),
  rules: folder('rules'),
  calendar: folder('calendar'),
  office: single('office'),
  supervision: single('supervision'),
};
