// The public bulletin pages rendered by the worker from D1 (worker/routes/bulletin-pages.tsx): a
// month published in the console is on /bulletins/YYYY-MM/, the index and the feed at once, with
// no rebuild; a correction shows; ETag and 304; the feed is Atom; nothing personal appears.
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { monthLabel } from '../../schema/bulletin/pages.ts';
import { DEMO_MONTHS } from '../../worker/cli/seed/bulletins-data.ts';
import { seedHistoryWithoutBulletins } from './bulletin-helpers.ts';
import { versionsOf } from '../../worker/services/bulletins.ts';
import { BASE } from './helpers.ts';
import { as, createAccount, post, type Session } from './office-helpers.ts';

const month = DEMO_MONTHS[DEMO_MONTHS.length - 1];
const earlier = DEMO_MONTHS[0];
let supervisor: Session;

const fetchPage = (path: string, headers: Record<string, string> = {}) => exports.default.fetch(`${BASE}${path}`, { headers, redirect: 'manual' });

beforeAll(async () => {
  // The demo's history without its published bulletins: the tests publish through the console.
  await seedHistoryWithoutBulletins();
  await createAccount('chief', 'supervisor');
  supervisor = await as('chief');
});

describe('public bulletin pages rendered from D1', () => {
  it('an unpublished month is 404 (the site’s own page); the index says nothing is published yet', async () => {
    const res = await fetchPage(`/bulletins/${month}/`);
    expect(res.status).toBe(404);
    const index = await fetchPage('/bulletins/');
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('目前还没有发布的月度通报');
  });

  it('a month published in the console is on /bulletins/YYYY-MM/ at once, with its figures, charts and tables', async () => {
    expect((await post(`/office/bulletins/${month}/publish`, supervisor, { version: 1 })).status).toBe(303);
    const [v1] = await versionsOf(env.DB, month);
    const res = await fetchPage(`/bulletins/${month}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain(`<h1>${monthLabel(month)}效能投诉月度通报</h1>`);
    expect(html).toContain('第 1 版');
    expect(html).toMatch(new RegExp(`<td data-label="本月">${v1.data.overall.received} 件</td>`));
    expect(html).toContain('<svg');
    expect(html).toContain('各处室效能投诉办理情况');
    expect(html).toContain('href="/styles/bulletins.css"');
    expect(html).toContain('aria-label="当前位置"');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('style="');
    // The bare month redirects to the page.
    const bare = await fetchPage(`/bulletins/${month}`);
    expect(bare.status).toBe(301);
    expect(bare.headers.get('Location')).toBe(`/bulletins/${month}/`);
  });

  it('the index and the Atom feed (served as application/atom+xml) list it at once', async () => {
    const index = await (await fetchPage('/bulletins/')).text();
    expect(index).toContain(`href="/bulletins/${month}/"`);
    const feed = await fetchPage('/bulletins/feed.xml');
    expect(feed.status).toBe(200);
    expect(feed.headers.get('Content-Type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await feed.text();
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect(xml).toContain(`/bulletins/${month}/#v1`);
  });

  it('answers If-None-Match with 304 while nothing is published, and with a new ETag after a correction, which the page shows', async () => {
    const first = await fetchPage(`/bulletins/${month}/`);
    const etag = first.headers.get('ETag')!;
    expect(etag).toMatch(/^"bulletin-/);
    expect(first.headers.get('Cache-Control')).toBe('public, max-age=300');
    const again = await fetchPage(`/bulletins/${month}/`, { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const indexTag = (await fetchPage('/bulletins/')).headers.get('ETag')!;
    expect((await fetchPage('/bulletins/', { 'If-None-Match': indexTag })).status).toBe(304);

    const note = '更正：一件投诉的责任处室登记有误，已改正，各处室件数随之更新。';
    expect((await post(`/office/bulletins/${month}/publish`, supervisor, { version: 2, note })).status).toBe(303);
    const after = await fetchPage(`/bulletins/${month}/`, { 'If-None-Match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('ETag')).not.toBe(etag);
    const html = await after.text();
    expect(html).toContain('本通报已更正');
    expect(html).toContain(note);
    expect(html).toContain('第 2 版');
    expect((await fetchPage('/bulletins/', { 'If-None-Match': indexTag })).status).toBe(200);
    expect(await (await fetchPage('/bulletins/feed.xml')).text()).toContain('第 2 版，更正');
  });

  it('a later month’s trend includes an earlier month published afterwards; an unknown or malformed month is 404', async () => {
    expect((await post(`/office/bulletins/${earlier}/publish`, supervisor, { version: 1 })).status).toBe(303);
    const html = await (await fetchPage(`/bulletins/${month}/`)).text();
    expect(html).toContain(`<th scope="row">${monthLabel(earlier)}</th>`);
    for (const path of ['/bulletins/2026-13/', '/bulletins/1999-01/']) expect((await fetchPage(path)).status, path).toBe(404);
  });

  it('shows nothing personal: no reference numbers, access codes, staff accounts or placeholder case text', async () => {
    for (const path of ['/bulletins/', `/bulletins/${month}/`, `/bulletins/${earlier}/`, '/bulletins/feed.xml']) {
      const text = await (await fetchPage(path)).text();
      expect(text, path).not.toMatch(/XN-\d{4}-/);
      expect(text, path).not.toContain('HISTORY000');
      expect(text, path).not.toContain('chief');
      expect(text, path).not.toContain('历史示例案件');
    }
  });
});
