/**
 * The monthly bulletins' examples in the OpenAPI document (the routes, worker/routes/bulletins.ts,
 * name them by key): they pass the same zod schemas the responses are built from.
 */
import type { Problem } from '../../schema/complaint.ts';
import type { BulletinList, BulletinResponse } from '../../schema/bulletin/document.ts';
import { computeBulletin, definitions, type CaseFacts } from '../../schema/bulletin/measures.ts';
import { calendar, catalogue } from '../lib/catalogue.ts';

/** A small made-up month: twelve cases of one department, enough to show rates and suppressed cells. */
function exampleData() {
  const department = catalogue.departments[0].id;
  const cases: CaseFacts[] = Array.from({ length: 12 }, (_, k) => ({
    receivedOn: '2026-10-12',
    department,
    category: k < 7 ? 'overdue' : 'not-told-at-once',
    acceptedOn: '2026-10-13',
    transfers: [],
    extensions: [],
    dueBy: '2026-10-23',
    concludedOn: `2026-10-${String(14 + k).padStart(2, '0')}`,
    finding: k < 6 ? 'substantiated' : 'unsubstantiated',
    sanctions: k < 2 ? ['oral-admonition'] : [],
  }));
  return computeBulletin('2026-10', cases, [], catalogue.departments.map((d) => d.id), calendar);
}

export function bulletinExamples() {
  const data = exampleData();
  const bulletin: BulletinResponse = {
    month: '2026-10',
    version: 2,
    publishedAt: '2026-11-12T02:30:00.000Z',
    note: '更正：补入一件 10 月收到、延迟登记的来信投诉。',
    data,
    latestVersion: 2,
    versions: [
      { version: 1, publishedAt: '2026-11-09T02:30:00.000Z', note: null },
      { version: 2, publishedAt: '2026-11-12T02:30:00.000Z', note: '更正：补入一件 10 月收到、延迟登记的来信投诉。' },
    ],
    definitions,
  };
  const list: BulletinList = {
    bulletins: [
      { month: '2026-10', latestVersion: 2, publishedAt: '2026-11-12T02:30:00.000Z', received: data.overall.received, concluded: data.overall.concluded, json: '/api/bulletins/2026-10', csv: '/api/bulletins/2026-10.csv' },
    ],
  };
  const notPublished: Problem = { type: 'about:blank', title: '该月通报尚未发布', status: 404, detail: '2026-12 的月度通报尚未发布。已发布的月份见 /api/bulletins' };
  const badVersion: Problem = { type: 'about:blank', title: '版本号有误', status: 400, detail: 'version 应为正整数，如 ?version=1；不写则返回最新版本' };
  return { bulletin, bulletinList: list, bulletinNotPublished: notPublished, bulletinBadVersion: badVersion };
}
