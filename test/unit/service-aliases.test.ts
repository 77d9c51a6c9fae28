import { describe, expect, it } from 'vitest';
import { service } from '../../schema/content/service.ts';
import { loadOfficeOrThrow } from '../../schema/content/load.ts';
import { fileURLToPath } from 'node:url';

// Everyday names of services (俗称/别名, issue 16): declared in the frontmatter, short, optional.
const root = fileURLToPath(new URL('../..', import.meta.url));
const valid = loadOfficeOrThrow(root).services[0].data;

describe('service aliases', () => {
  it('default to none', () => {
    const { aliases: _, ...withoutAliases } = valid;
    expect(service.parse(withoutAliases).aliases).toEqual([]);
  });

  it('reject an empty or a long alias with a message that says what to write', () => {
    const empty = service.safeParse({ ...valid, aliases: ['  '] });
    expect(empty.success).toBe(false);
    expect(empty.error!.issues[0].message).toBe('不能为空，请填写内容');
    const long = service.safeParse({ ...valid, aliases: ['这是一个写得太长太长太长太长太长的俗称说明文字'] });
    expect(long.success).toBe(false);
    expect(long.error!.issues[0].message).toMatch(/俗称每个最多 20 个字/);
  });

  it('are declared for every demo service, and the road-excavation permit is 挖路', () => {
    const services = loadOfficeOrThrow(root).services;
    expect(services.filter((s) => s.data.aliases.length === 0).map((s) => s.id)).toEqual([]);
    expect(services.find((s) => s.id === 'road-excavation')!.data.aliases).toContain('挖路');
  });
});
