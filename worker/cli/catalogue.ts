// Derives worker/generated/catalogue.json from content/, after checking the content.
// Run by `npm run build`, `npm test` and `npm run check`; the output is not committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCatalogue } from '../../schema/catalogue.ts';
import { loadOfficeOrThrow } from '../../schema/content/load.ts';
import { checkedStamp, contentFingerprint } from '../../site/lib/content-fingerprint.ts';
import { receptionWarnings } from '../../schema/content/check.ts';
import { setClock } from '../../schema/clock.ts';

setClock(process.env.CLOCK_START);

const root = fileURLToPath(new URL('../../', import.meta.url));
try {
  const fingerprint = contentFingerprint(root);
  const content = loadOfficeOrThrow(root);
  const catalogue = buildCatalogue(content);
  // Not an error (the days are still published, marked provisional), but never silent.
  for (const warning of receptionWarnings(content)) console.warn(`警告：${warning}`);
  mkdirSync(`${root}worker/generated`, { recursive: true });
  writeFileSync(`${root}worker/generated/catalogue.json`, `${JSON.stringify(catalogue, null, 1)}\n`);
  // The Astro build's content check skips what was checked here (site/lib/content-check-integration.ts).
  writeFileSync(checkedStamp(root), `${fingerprint}\n`);
  console.log(
    `catalogue: ${catalogue.departments.length} departments, ${catalogue.posts.length} posts, ` +
      `${catalogue.services.length} services, calendar ${catalogue.calendar.map((c) => c.year).join(', ')}`,
  );
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
