// Node-only. A fingerprint of content/ and of the rules that check it (schema/): every file's path,
// size and modification time. `npm run catalogue` checks the content and records the fingerprint it
// checked; the Astro build then skips checking the same files again (at a province's scale the
// check takes ~10 s, issue 16). Any file added, removed or edited since (content or check rule)
// changes the fingerprint, and the build checks again.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export function contentFingerprint(root: string): string {
  const hash = createHash('sha256');
  for (const dir of ['content', 'schema']) {
    const files = readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name))
      .sort();
    for (const file of files) {
      const { size, mtimeMs } = statSync(file);
      hash.update(`${relative(root, file)}\0${size}\0${mtimeMs}\n`);
    }
  }
  return hash.digest('hex');
}

/** Where `npm run catalogue` records the fingerprint of the content it found without problems. */
export const checkedStamp = (root: string) => join(root, 'worker/generated/content-checked.txt');

/** Whether content/ is exactly what `npm run catalogue` last checked without problems. */
export function alreadyChecked(root: string): boolean {
  const stamp = checkedStamp(root);
  return existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === contentFingerprint(root);
}
