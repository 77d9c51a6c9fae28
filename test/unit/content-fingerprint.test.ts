import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alreadyChecked, checkedStamp, contentFingerprint } from '../../site/lib/content-fingerprint.ts';

// The Astro build skips the content check that `npm run catalogue` has just done (issue 16, build
// time at a province's scale) only while content/ and its check rules are exactly as checked.
let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'fingerprint-'));
  for (const dir of ['content/services', 'schema/content', 'worker/generated']) mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, 'content/services/a.mdx'), '---\nname: 甲\n---\n');
  writeFileSync(join(root, 'schema/content/check.ts'), 'export {};\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const stamp = () => writeFileSync(checkedStamp(root), `${contentFingerprint(root)}\n`);

describe('content check stamp', () => {
  it('is not checked before the catalogue has run', () => {
    expect(alreadyChecked(root)).toBe(false);
  });

  it('is checked while nothing changed', () => {
    stamp();
    expect(alreadyChecked(root)).toBe(true);
  });

  it('is checked again after a content file is edited, added or removed', () => {
    stamp();
    writeFileSync(join(root, 'content/services/a.mdx'), '---\nname: 乙\n---\n');
    expect(alreadyChecked(root)).toBe(false);
    stamp();
    writeFileSync(join(root, 'content/services/b.mdx'), '---\nname: 丙\n---\n');
    expect(alreadyChecked(root)).toBe(false);
    stamp();
    rmSync(join(root, 'content/services/b.mdx'));
    expect(alreadyChecked(root)).toBe(false);
  });

  it('is checked again after a file is touched with the same size, or a check rule changes', () => {
    stamp();
    utimesSync(join(root, 'content/services/a.mdx'), new Date(2030, 0, 1), new Date(2030, 0, 1));
    expect(alreadyChecked(root)).toBe(false);
    stamp();
    writeFileSync(join(root, 'schema/content/check.ts'), 'export const rule = 1;\n');
    expect(alreadyChecked(root)).toBe(false);
  });
});
