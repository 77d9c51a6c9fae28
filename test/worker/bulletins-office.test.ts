// The supervisor's bulletin pages in the console: only supervisors, preview computed live, publish
// freezes, a correction needs a note (GOV.UK error pattern), CSRF and bad months refused.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { monthLabel } from '../../schema/bulletin/pages.ts';
import { seedHistoryWithoutBulletins } from './bulletin-helpers.ts';
import { DEMO_MONTHS } from '../../worker/cli/seed/bulletins-data.ts';
import { versionsOf } from '../../worker/services/bulletins.ts';
import { as, createAccount, get, post, type Session } from './office-helpers.ts';

// The demo's months as of the run's clock: the last complete month and the one before (publishable now).
const [, earlier, last] = DEMO_MONTHS;
let supervisor: Session;
let handler: Session;

beforeAll(async () => {
  // The history without its published bulletins: this file publishes them itself.
  await seedHistoryWithoutBulletins();
  await createAccount('boss', 'supervisor');
  await createAccount('hand', 'handler', 'approval-section');
  supervisor = await as('boss');
  handler = await as('hand');
});

describe('/office/bulletins/', () => {
  it('sends anonymous visitors to sign in and refuses other roles', async () => {
    const anon = await get(`/office/bulletins/${last}`);
    expect(anon.status).toBe(303);
    expect(anon.headers.get('Location')).toContain('/office/login?next=');
    expect((await get('/office/bulletins/', handler)).status).toBe(403);
    expect((await post(`/office/bulletins/${last}/publish`, handler, { version: 1 })).status).toBe(403);
    expect(await versionsOf(env.DB, last)).toEqual([]);
  });

  it('lists recent months with their state', async () => {
    const res = await get('/office/bulletins/', supervisor);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>月度通报</h1>');
    expect(html).toContain(`href="/office/bulletins/${last}"`);
    expect(html).toContain('尚未发布');
  });

  it('previews an unpublished month computed live, with a publish button and no personal data', async () => {
    const res = await get(`/office/bulletins/${last}`, supervisor);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`${monthLabel(last)}月度通报`);
    expect(html).toContain('按当前数据预览');
    expect(html).toContain(`action="/office/bulletins/${last}/publish"`);
    expect(html).not.toMatch(/XN-\d{4}-/);
    expect(html).not.toContain('<script');
  });

  it('publishes version 1 with the CSRF token, and refuses a post without it', async () => {
    const noToken = await post(`/office/bulletins/${last}/publish`, { ...supervisor, csrf: 'wrong' }, { version: 1 });
    expect(noToken.status).toBe(403);
    expect(await versionsOf(env.DB, last)).toEqual([]);
    const res = await post(`/office/bulletins/${last}/publish`, supervisor, { version: 1 });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe(`/office/bulletins/${last}?published=1`);
    const versions = await versionsOf(env.DB, last);
    expect(versions.map((v) => v.version)).toEqual([1]);
    const page = await (await get(`/office/bulletins/${last}?published=1`, supervisor)).text();
    expect(page).toContain(`已发布${monthLabel(last)}通报第 1 版`);
    expect(page).toContain('与已发布的最新版本相同');
  });

  it('publishing version 1 twice is a conflict, not a duplicate', async () => {
    const res = await post(`/office/bulletins/${last}/publish`, supervisor, { version: 1 });
    expect(res.status).toBe(409);
    expect((await versionsOf(env.DB, last)).length).toBe(1);
  });

  it.each([
    ['no note', undefined],
    ['a blank note', '    '],
    ['a note too short to say what and why', '改了'],
    ['a note over 1000 characters', '改'.repeat(1001)],
  ])('refuses a correction with %s: 422, error summary linked to the field, answer kept', async (_name, note) => {
    const res = await post(`/office/bulletins/${last}/publish`, supervisor, { version: 2, note });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/<title>错误：/);
    expect(html).toMatch(/role="alert"[\s\S]*href="#note"/);
    expect(html).toMatch(/id="note"[^>]*aria-describedby="note-hint note-error"/);
    if (note && note.trim().length > 0 && note.length < 50) expect(html).toContain(`>${note}</textarea>`);
    expect((await versionsOf(env.DB, last)).length).toBe(1);
  });

  it('publishes a correction as version 2 with its note; version 1 stays as it was', async () => {
    const before = (await versionsOf(env.DB, last))[0];
    const note = '更正：一件投诉的责任处室登记有误，已改正，各处室件数随之更新。';
    const res = await post(`/office/bulletins/${last}/publish`, supervisor, { version: 2, note });
    expect(res.status).toBe(303);
    const versions = await versionsOf(env.DB, last);
    expect(versions.map((v) => [v.version, v.note])).toEqual([
      [1, null],
      [2, note],
    ]);
    expect(versions[0]).toEqual(before);
  });

  it.each([
    ['/office/bulletins/2026-13', 404],
    ['/office/bulletins/latest', 404],
  ])('%s is a %i page, not a 500', async (path, status) => {
    expect((await get(path, supervisor)).status).toBe(status);
  });

  it('refuses to publish a month that has not ended, and a malformed version', async () => {
    const future = await post('/office/bulletins/2099-01/publish', supervisor, { version: 1 });
    expect(future.status).toBe(422);
    expect(await future.text()).toContain('尚未结束');
    expect((await post(`/office/bulletins/${earlier}/publish`, supervisor, { version: 'x' })).status).toBe(400);
    expect((await post(`/office/bulletins/${earlier}/publish`, supervisor, {})).status).toBe(400);
  });
});
