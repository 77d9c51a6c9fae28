// The generated OpenAPI document stays valid for the two usual linters, offline: redocly's
// recommended rules (redocly.yaml) and spectral's `oas` ruleset (.spectral.yaml) report 0 errors.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

// Imported through a variable: the root type check (Node types) must not pull in the worker, which
// `tsc -p worker` checks against the Workers types. Vite transforms it here as in the worker tests.
const workerOpenApi = '../../worker/openapi.ts';
type Doc = { security?: unknown[]; paths?: Record<string, Record<string, { responses?: Record<string, unknown>; parameters?: { name: string }[] }>> };
const { openApiDocument } = (await import(/* @vite-ignore */ workerOpenApi)) as { openApiDocument: () => Doc };

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
let file: string;

beforeAll(() => {
  file = join(mkdtempSync(join(tmpdir(), 'openapi-')), 'openapi.json');
  writeFileSync(file, JSON.stringify(openApiDocument(), null, 2));
});

/** Runs a linter; both exit non-zero on findings, so the report is read either way. */
async function lint(bin: string, args: string[]): Promise<string> {
  try {
    return (await run(join(root, 'node_modules/.bin', bin), args, { cwd: root, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' }, maxBuffer: 1 << 24 })).stdout;
  } catch (error) {
    return (error as { stdout: string }).stdout;
  }
}

describe('the OpenAPI document', () => {
  it('has no redocly lint errors (recommended rules; declares security: [] and its 304 answers)', async () => {
    const report = JSON.parse(await lint('redocly', ['lint', file, '--config', 'redocly.yaml', '--format', 'json'])) as { totals: { errors: number }; problems: { ruleId: string; severity: string; message: string }[] };
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(report.totals.errors).toBe(0);
  });

  it('has no spectral errors (oas ruleset)', async () => {
    const report = JSON.parse(await lint('spectral', ['lint', file, '--ruleset', '.spectral.yaml', '--format', 'json', '--quiet'])) as { code: string; severity: number; message: string }[];
    // severity 0 = error
    expect(report.filter((p) => p.severity === 0)).toEqual([]);
  });

  it('declares the public API open (security: []) and the bulletins\' conditional 304 with ETag', () => {
    const doc = openApiDocument();
    expect(doc.security).toEqual([]);
    const month = doc.paths?.['/api/bulletins/{month}']?.get;
    expect(Object.keys(month?.responses ?? {})).toEqual(expect.arrayContaining(['200', '304', '400', '404']));
    expect(month?.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(['month', 'version', 'If-None-Match']));
    expect(Object.keys(doc.paths ?? {}).some((p) => p.startsWith('/api/office'))).toBe(false);
  });
});
