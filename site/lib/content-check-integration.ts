import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { loadOffice } from '../../schema/content/load.ts';
import { formatProblem } from '../../schema/content/index.ts';
import { alreadyChecked } from './content-fingerprint.ts';
import { receptionWarnings } from '../../schema/content/check.ts';
import { setClock } from '../../schema/clock.ts';

/**
 * Fails the build (and warns in dev) when content breaks the disclosure rules, listing every
 * problem with its file, field and fix. The same checks run in `npm run catalogue` and unit tests.
 */
export function officeContentCheck(): AstroIntegration {
  return {
    name: 'office-content-check',
    hooks: {
      'astro:config:setup': ({ config, command, logger }) => {
        const root = fileURLToPath(config.root);
        // `npm run build` ran `npm run catalogue` just before, on the same files (and printed the
        // reception warnings): no need to check twice.
        if (command === 'build' && alreadyChecked(root)) {
          logger.info('内容检查已由 npm run catalogue 完成（content/ 未改动）');
          return;
        }
        const { content, problems } = loadOffice(root);
        if (problems.length === 0) {
          setClock(process.env.CLOCK_START);
          for (const warning of receptionWarnings(content)) logger.warn(warning);
          return;
        }
        const lines = problems.map(formatProblem);
        if (command === 'dev') {
          for (const line of lines) logger.warn(line);
          return;
        }
        throw new Error(`内容有 ${problems.length} 处错误，构建已停止：\n${lines.map((l) => `  - ${l}`).join('\n')}`);
      },
    },
  };
}
