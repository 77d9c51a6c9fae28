import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { collections as specs, singles } from '../schema/content/index.ts';
import { markdownBodies } from './lib/markdown-loader.ts';

// The same zod schemas as the content check and the worker's catalogue (schema/content). Paths
// are relative to the project root, so content/ lives outside site/.
// Written out one by one: a generic helper made TypeScript type every entry's data as the union of
// all schemas, so pages lost their field types.
const files = (dir: string, ext: string) => glob({ base: `./content/${dir}`, pattern: `*${ext}` });
const single = (file: string) => glob({ base: './content', pattern: file });

export const collections = {
  departments: defineCollection({ loader: files(specs.departments.dir, specs.departments.ext), schema: specs.departments.schema }),
  posts: defineCollection({ loader: files(specs.posts.dir, specs.posts.ext), schema: specs.posts.schema }),
  staff: defineCollection({ loader: files(specs.staff.dir, specs.staff.ext), schema: specs.staff.schema }),
  // Markdown bodies, not MDX modules: see site/lib/markdown-loader.ts (build time at scale, issue 16).
  services: defineCollection({ loader: markdownBodies(specs.services.dir, specs.services.ext), schema: specs.services.schema }),
  commitments: defineCollection({ loader: files(specs.commitments.dir, specs.commitments.ext), schema: specs.commitments.schema }),
  rules: defineCollection({ loader: files(specs.rules.dir, specs.rules.ext), schema: specs.rules.schema }),
  calendar: defineCollection({ loader: files(specs.calendar.dir, specs.calendar.ext), schema: specs.calendar.schema }),
  office: defineCollection({ loader: single(singles.office.file), schema: singles.office.schema }),
  supervision: defineCollection({ loader: single(singles.supervision.file), schema: singles.supervision.schema }),
};
