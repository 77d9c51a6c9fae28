import type { APIRoute } from 'astro';
import { getEntry } from 'astro:content';
import { loadBulletins, monthLabel, publishedLabel } from './_bulletins.ts';

/** An Atom feed (RFC 4287) of the bulletins: one entry per published version, corrections included. */
const esc = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

export const GET: APIRoute = async ({ site }) => {
  const office = (await getEntry('office', 'office'))!.data;
  const base = site ?? new URL('http://localhost/');
  const months = await loadBulletins();
  const entries = months
    .flatMap((m) => m.versions.map((v) => ({ month: m.month, ...v })))
    .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
  const updated = entries[0]?.publishedAt ?? '2026-01-01T00:00:00.000Z';
  const body = entries
    .map((e) => {
      const url = new URL(`/bulletins/${e.month}/`, base).href;
      const title = `${monthLabel(e.month)}效能投诉月度通报${e.version > 1 ? `（第 ${e.version} 版，更正）` : ''}`;
      const o = e.data.overall;
      const summary = `${publishedLabel(e.publishedAt)}发布。收到 ${o.received} 件，受理 ${o.accepted} 件，办结 ${o.concluded} 件，按期办结率 ${o.onTime.percent === null ? '—' : `${o.onTime.percent}%`}。${e.note ? `更正说明：${e.note}` : ''}`;
      return `  <entry>
    <id>${esc(`${url}#v${e.version}`)}</id>
    <title>${esc(title)}</title>
    <link rel="alternate" type="text/html" href="${esc(url)}"/>
    <link rel="related" type="application/json" href="${esc(new URL(`/api/bulletins/${e.month}?version=${e.version}`, base).href)}"/>
    <updated>${e.publishedAt}</updated>
    <summary>${esc(summary)}</summary>
  </entry>`;
    })
    .join('\n');
  const xml = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
  <id>${esc(new URL('/bulletins/', base).href)}</id>
  <title>${esc(office.name)} 效能投诉月度通报</title>
  <link rel="self" type="application/atom+xml" href="${esc(new URL('/bulletins/feed.xml', base).href)}"/>
  <link rel="alternate" type="text/html" href="${esc(new URL('/bulletins/', base).href)}"/>
  <author><name>${esc(office.name)}</name></author>
  <updated>${updated}</updated>
${body}
</feed>
`;
  return new Response(xml, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
