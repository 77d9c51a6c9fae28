// The open data of the monthly bulletins over HTTP: list, JSON, CSV (BOM, Chinese headers, same
// numbers), versions, cache headers and ETags, problems for unpublished months, and no personal
// data in any output even when the month holds complaints with marked names and phones.
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { BOM, CSV_HEADER, parseCsv } from '../../schema/bulletin/csv.ts';
import { bulletinList, bulletinResponse, type BulletinResponse } from '../../schema/bulletin/document.ts';
import { display } from '../../schema/bulletin/suppression.ts';
import { bulletinsSeedSql } from '../../worker/cli/seed/bulletins-sql.ts';
import { runInBatches } from './bulletin-helpers.ts';
import { demoDates } from '../../worker/cli/seed/bulletins-data.ts';
import { fileComplaint } from '../../worker/services/complaints.ts';
import { publishBulletin } from '../../worker/services/bulletin-month.ts';
import { schemas } from '../../worker/lib/catalogue.ts';
import { departmentName } from '../../worker/lib/catalogue.ts';
import { BASE, validComplaint } from './helpers.ts';

const get = (path: string, headers: Record<string, string> = {}) => exports.default.fetch(`${BASE}${path}`, { headers });
const MARKERS = { name: '标记人甲乙丙', phone: '13987654321', email: 'marker.person@example.com', staffName: '标记员工丁戊', description: '标记文字：窗口工作人员推诿扯皮，此句只应出现在加密数据中，不应出现在通报里。' };

beforeAll(async () => {
  // The demo's history as generated on 14 November 2026 (August–October 2026, September corrected).
  const statements = await bulletinsSeedSql(env.PII_KEY, demoDates(Date.parse('2026-11-14T12:00:00+08:00')));
  await runInBatches(statements);
  // December 2026: complaints with marked personal data, filed through the real service, then published.
  for (let k = 0; k < 3; k++) {
    const input = schemas.complaintInput.parse(validComplaint({ ...MARKERS }));
    await fileComplaint(env, input, undefined, Date.parse(`2026-12-0${k + 2}T10:00:00+08:00`));
  }
  const published = await publishBulletin(env.DB, '2026-12', { by: '1', expectedVersion: 1 }, Date.parse('2027-01-05T10:00:00+08:00'));
  expect(published.kind).toBe('published');
});

describe('GET /api/bulletins', () => {
  it('lists every published month, newest first, with its latest version and links', async () => {
    const res = await get('/api/bulletins');
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=300');
    const body = bulletinList.parse(await res.json());
    expect(body.bulletins.map((b) => [b.month, b.latestVersion])).toEqual([
      ['2026-12', 1],
      ['2026-10', 1],
      ['2026-09', 2],
      ['2026-08', 1],
    ]);
    expect(body.bulletins[1]).toMatchObject({ json: '/api/bulletins/2026-10', csv: '/api/bulletins/2026-10.csv' });
  });
});

describe('GET /api/bulletins/YYYY-MM', () => {
  it('returns the latest version with its version history and the definitions', async () => {
    const res = await get('/api/bulletins/2026-09');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
    const body = bulletinResponse.parse(await res.json());
    expect(body.version).toBe(2);
    expect(body.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(body.versions[1].note).toContain('更正');
    expect(body.definitions.onTime).toContain('按期办结率');
  });

  it('keeps the old version readable and caches a fixed version for a year', async () => {
    const res = await get('/api/bulletins/2026-09?version=1');
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    const old = bulletinResponse.parse(await res.json());
    const latest = bulletinResponse.parse(await (await get('/api/bulletins/2026-09')).json());
    expect(old.version).toBe(1);
    expect(old.note).toBeNull();
    expect(old.data.overall.received).toBeLessThan(latest.data.overall.received);
  });

  it('answers If-None-Match with 304 and a version-named ETag', async () => {
    const first = await get('/api/bulletins/2026-10');
    const etag = first.headers.get('ETag');
    expect(etag).toBe('"2026-10.v1.json"');
    const again = await get('/api/bulletins/2026-10', { 'If-None-Match': etag! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect((await get('/api/bulletins/2026-10', { 'If-None-Match': '"2026-10.v0.json"' })).status).toBe(200);
  });

  it.each([
    ['/api/bulletins/2026-07', 404, '该月通报尚未发布'],
    ['/api/bulletins/2031-01.csv', 404, '该月通报尚未发布'],
    ['/api/bulletins/2026-13', 404, '没有这个月份的通报'],
    ['/api/bulletins/october', 404, '没有这个月份的通报'],
    ['/api/bulletins/2026-10.xlsx', 404, '没有这个月份的通报'],
    ['/api/bulletins/2026-09?version=3', 404, '没有这个版本'],
    ['/api/bulletins/2026-09?version=0', 400, '版本号有误'],
    ['/api/bulletins/2026-09?version=abc', 400, '版本号有误'],
    ['/api/bulletins/2026-09?version=1e3', 400, '版本号有误'],
  ])('%s is a %i problem in Chinese, never a 500', async (path, status, title) => {
    const res = await get(path);
    expect(res.status).toBe(status);
    expect(res.headers.get('Content-Type')).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { title: string }).title).toBe(title);
  });
});

describe('GET /api/bulletins/YYYY-MM.csv', () => {
  it('is UTF-8 with a BOM and Chinese headers, and parses back to the JSON’s numbers', async () => {
    const res = await get('/api/bulletins/2026-10.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('ETag')).toBe('"2026-10.v1.csv2"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true }).decode(bytes);
    expect(text.startsWith(BOM)).toBe(true);
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([...CSV_HEADER]);
    const json = bulletinResponse.parse(await (await get('/api/bulletins/2026-10')).json()) as BulletinResponse;
    const find = (part: string, row: string, col: string) => rows.find((r) => r[2] === part && r[3] === row && r[4] === col);
    const o = json.data.overall;
    expect(find('总体', '收到投诉', '')?.[5]).toBe(String(o.received));
    expect(find('总体', '办结', '')?.[5]).toBe(String(o.concluded));
    expect(find('总体', '按期办结率', '')?.slice(5)).toEqual([o.onTime.percent === null ? '' : String(o.onTime.percent), String(o.onTime.n), o.onTime.percent === null ? '—' : `${o.onTime.percent}%`]);
    for (const d of json.data.departments) {
      expect(find('处室', departmentName(d.department), '收到投诉')?.[5], d.department).toBe(String(d.received));
    }
    // Every cell of the department × category table, hidden ones included, comes back as shown.
    const t = json.data.receivedByCategory;
    const cells = rows.filter((r) => r[2] === '投诉类别' && r[3] !== '合计' && r[4] !== '合计');
    expect(cells).toHaveLength(t.rows.length * t.cols.length);
    t.rows.forEach((row, i) =>
      t.cols.forEach((_, j) => {
        const r = cells[i * t.cols.length + j];
        expect(r[3]).toBe(departmentName(row));
        expect([r[5], r[7]]).toEqual([t.cells[i][j].value === null ? '' : String(t.cells[i][j].value), display(t.cells[i][j])]);
      }),
    );
    expect(rows.every((r) => r[0] === '2026-10' && r[1] === '1')).toBe(true);
  });
});

describe('no personal data in any bulletin output', () => {
  it('keeps marked names, phones, e-mails and descriptions out of the JSON, the CSV and the list', async () => {
    const outputs = await Promise.all(['/api/bulletins', '/api/bulletins/2026-12', '/api/bulletins/2026-12.csv'].map(async (p) => (await get(p)).text()));
    const json = bulletinResponse.parse(JSON.parse(outputs[1]));
    expect(json.data.overall.received).toBe(3);
    for (const text of outputs) {
      for (const marker of [...Object.values(MARKERS), '标记', '13987654321', 'example.com']) expect(text).not.toContain(marker);
      // Nor any reference number or sealed blob.
      expect(text).not.toMatch(/XN-\d{4}-/);
      expect(text).not.toMatch(/v1\.[A-Za-z0-9_-]{16,}/);
    }
    // Three complaints in one department and category: the cell is hidden ("<5", or the whole
    // breakdown withheld as "—" when the row total alone would give it away), never 3.
    const row = json.data.receivedByCategory.rows.indexOf(validComplaint().department as string);
    const col = json.data.receivedByCategory.cols.indexOf('overdue');
    expect(json.data.receivedByCategory.cells[row][col].value).toBeNull();
    expect(['<5', '—']).toContain(display(json.data.receivedByCategory.cells[row][col]));
  });
});
