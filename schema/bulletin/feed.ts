/**
 * The Atom feed (RFC 4287) of the monthly bulletins: one entry per published version, corrections
 * included, newest first. Served by the worker at /bulletins/feed.xml as application/atom+xml.
 */
import { xmlText } from '../common.ts';
import type { PublishedMonth } from './pages.ts';
import { monthLabel, publishedLabel } from './pages.ts';

// Escaped, and stripped of what XML forbids or a reader cannot see, even in text stored before the
// input rules existed (issue 17, item 4).
const esc = xmlText;

export function atomFeed(months: readonly PublishedMonth[], officeName: string, base: URL): string {
  const entries = months.flatMap((m) => m.versions).sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
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
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
  <id>${esc(new URL('/bulletins/', base).href)}</id>
  <title>${esc(officeName)} 效能投诉月度通报</title>
  <link rel="self" type="application/atom+xml" href="${esc(new URL('/bulletins/feed.xml', base).href)}"/>
  <link rel="alternate" type="text/html" href="${esc(new URL('/bulletins/', base).href)}"/>
  <author><name>${esc(officeName)}</name></author>
  <updated>${updated}</updated>
${body}
</feed>
`;
}
