/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The public monthly bulletin pages (月度通报), rendered by the worker from the published versions
 * in D1, so a bulletin is on the public site the moment the office publishes or corrects it. Same
 * content and markup as the former static pages: build-time-style inline SVG charts (no script, no
 * inline style: the strict CSP holds), each followed by a table with the same numbers, and the
 * small-cell suppression already applied in the stored data (schema/bulletin/suppression.ts).
 */
import { raw } from 'hono/html';
import { barChart, trendChart } from '../../schema/bulletin/charts.ts';
import { columnLabel, formatRate, formatStat, measureLabels, type MeasureKey } from '../../schema/bulletin/csv.ts';
import { definitions, type BulletinData } from '../../schema/bulletin/measures.ts';
import { monthLabel, publishedLabel, trendPoints, type PublishedMonth } from '../../schema/bulletin/pages.ts';
import { display, type PublishedTable } from '../../schema/bulletin/suppression.ts';
import { satisfaction } from '../../schema/domain.ts';
import { inquiryDefinitions, type InquiryFigures } from '../../schema/bulletin/inquiries.ts';
import { performanceDefinitions, type PublishedPerformance, type PublishedPerformanceRow } from '../../schema/bulletin/performance.ts';
import { catalogue, departmentName } from '../lib/catalogue.ts';
import { Layout } from './layout.tsx';
import { RowLink, Table } from './records.tsx';

function Head() {
  return (
    <>
      <link rel="stylesheet" href="/styles/bulletins.css" />
      <link rel="alternate" type="application/atom+xml" title="月度通报（Atom 订阅）" href="/bulletins/feed.xml" />
    </>
  );
}

function TrendTable({ points, caption }: { points: ReturnType<typeof trendPoints>; caption: string }) {
  return (
    <Table class="stack" caption={caption} head={['月份', '收到', '办结']}>
      {points.map((p) => (
        <tr>
          <th scope="row">{monthLabel(p.month)}</th>
          <td data-label="收到">{p.received}</td>
          <td data-label="办结">{p.concluded}</td>
        </tr>
      ))}
    </Table>
  );
}

/** The rows of a suppressed breakdown table, each with its total: hidden entries shown by display(). */
export function CountRows({ table, rowLabel }: { table: PublishedTable; rowLabel: (id: string) => string }) {
  return (
    <>
      {table.rows.map((r, i) => (
        <tr>
          <th scope="row">{rowLabel(r)}</th>
          {table.cells[i].map((cell, j) => (
            <td data-label={columnLabel(table.cols[j])}>{display(cell)}</td>
          ))}
          <td data-label="合计">{table.rowTotals[i]}</td>
        </tr>
      ))}
    </>
  );
}

/** One suppressed breakdown table with its total row. */
export function CountTable({ table, caption, rowHeading, rowLabel }: { table: PublishedTable; caption: string; rowHeading: string; rowLabel: (id: string) => string }) {
  return (
    <>
      {table.withheld && <p class="bulletin-note">本月这张表的明细不能安全公布（数字太小，会被反推出来），只公布合计；明细显示为“—”。</p>}
      <Table class="stack bulletin-counts" caption={caption} head={[rowHeading, ...table.cols.map((c) => columnLabel(c)), '合计']}>
        <CountRows table={table} rowLabel={rowLabel} />
        {table.rows.length > 1 && (
          <tr class="total-row">
            <th scope="row">合计</th>
            {table.colTotals.map((cell, j) => (
              <td data-label={columnLabel(table.cols[j])}>{display(cell)}</td>
            ))}
            <td data-label="合计">{table.total}</td>
          </tr>
        )}
      </Table>
    </>
  );
}

/** Says in words which entries of a table are hidden and why (issue 12: "say in the page which cells are suppressed"). */
export function SuppressedNote({ table, rowLabel }: { table: PublishedTable; rowLabel: (id: string) => string }) {
  if (table.withheld) return null;
  const hidden: string[] = [];
  table.cells.forEach((row, i) =>
    row.forEach((c, j) => {
      if (c.value === null) hidden.push(`${rowLabel(table.rows[i])} × ${columnLabel(table.cols[j])}（${display(c)}）`);
    }),
  );
  table.colTotals.forEach((c, j) => c.value === null && hidden.push(`合计 × ${columnLabel(table.cols[j])}（${display(c)}）`));
  if (hidden.length === 0) return <p class="bulletin-footnote">本表没有隐去的数字。</p>;
  const small = hidden.filter((h) => h.endsWith('（<5）')).length;
  return (
    <p class="bulletin-footnote">
      本表隐去了 {hidden.length} 个数字：{hidden.join('；')}。
      {small > 0 && '“<5”是 1—4 件（或为防反推而一并隐去的 0），数字太小会让人认出是谁；'}
      {hidden.length > small && '“×”是 5 件及以上，为防止用合计反推出小数字而隐去；'}
      各行合计如实公布。
    </p>
  );
}

/** 85%（20 件）: a rate and how many it counts, or only the dash when there are too few. */
const rateWithCount = (r: { percent: number | null; n: number }) => `${formatRate(r)}${r.percent === null ? '' : `（${r.n} 件）`}`;

/**
 * The month's complaints per section. The public page links each section to its page and says how many
 * cases the on-time rate counts; the console's preview shows the bare figures.
 */
export function DepartmentTable({ departments, caption, linked = false }: { departments: BulletinData['departments']; caption: string; linked?: boolean }) {
  return (
    <Table class="stack" caption={caption} head={['处室', '收到', '受理', '不予受理', '转办', '办结', '按期办结率']}>
      {departments.map((d) => (
        <tr>
          <th scope="row">{linked ? <a href={`/departments/${d.department}/`}>{departmentName(d.department)}</a> : departmentName(d.department)}</th>
          <td data-label="收到">{d.received}</td>
          <td data-label="受理">{d.accepted}</td>
          <td data-label="不予受理">{d.declined}</td>
          <td data-label="转办">{d.transferred}</td>
          <td data-label="办结">{d.concluded}</td>
          <td data-label="按期办结率">{linked ? rateWithCount(d.onTime) : formatRate(d.onTime)}</td>
        </tr>
      ))}
    </Table>
  );
}

export const serviceLabel = (id: string) => catalogue.services.find((s) => s.id === id)?.name ?? id;

export function PerformanceTable({ rows, caption, rowHeading, rowLabel, link }: { rows: PublishedPerformanceRow[]; caption: string; rowHeading: string; rowLabel: (id: string) => string; link: (id: string) => string }) {
  const avg = (s: { value: number | null; n: number }) => (s.value === null ? '—' : String(s.value));
  return (
    <Table class="stack bulletin-performance" caption={caption} head={[rowHeading, '收件', '办结', '超期未办结', '按时办结率', '平均用时（工作日）', '承诺时限（工作日）']}>
      {rows.map((r) => (
        <tr>
          <RowLink href={link(r.key)}>{rowLabel(r.key)}</RowLink>
          <td data-label="收件">{r.received}</td>
          <td data-label="办结">{r.concluded}</td>
          <td data-label="超期未办结">{r.overdueOpen}</td>
          <td data-label="按时办结率">{rateWithCount(r.onTime)}</td>
          <td data-label="平均用时（工作日）">{avg(r.averageDays)}</td>
          <td data-label="承诺时限（工作日）">{avg(r.committedDays)}</td>
        </tr>
      ))}
    </Table>
  );
}

/** 绩效评估 of service applications (issue 12), when the version carries it. */
function PerformanceSection({ perf, label }: { perf: PublishedPerformance; label: string }) {
  const d = performanceDefinitions;
  return (
    <section aria-labelledby="performance-heading">
      <h2 id="performance-heading">办件绩效评估（电子监察）</h2>
      <p>
        按处室和办事事项公布本月办件的收件、办结、按时办结率、平均用时与承诺时限、黄牌红牌和好差评。只公布处室和事项，不公布任何申请人或工作人员的姓名。
      </p>
      <ul class="bulletin-definitions">
        <li>{d.onTime}</li>
        <li>{d.averageDays}</li>
        <li>{d.cards}</li>
        <li>{d.ratings}</li>
      </ul>
      <h3>按处室</h3>
      <PerformanceTable rows={perf.departments} caption={`${label}各处室办件绩效`} rowHeading="处室" rowLabel={departmentName} link={(id) => `/departments/${id}/`} />
      <CountTable table={perf.cardsByDepartment} caption={`${label}各处室黄牌红牌`} rowHeading="处室" rowLabel={departmentName} />
      <SuppressedNote table={perf.cardsByDepartment} rowLabel={departmentName} />
      <CountTable table={perf.ratingsByDepartment} caption={`${label}各处室办件好差评`} rowHeading="处室" rowLabel={departmentName} />
      <SuppressedNote table={perf.ratingsByDepartment} rowLabel={departmentName} />
      <h3>按办事事项</h3>
      {perf.services.length === 0 ? (
        <p>本月没有办件。</p>
      ) : (
        <>
          <PerformanceTable rows={perf.services} caption={`${label}各事项办件绩效`} rowHeading="事项" rowLabel={serviceLabel} link={(id) => `/services/${id}/`} />
          <CountTable table={perf.cardsByService} caption={`${label}各事项黄牌红牌`} rowHeading="事项" rowLabel={serviceLabel} />
          <SuppressedNote table={perf.cardsByService} rowLabel={serviceLabel} />
          <CountTable table={perf.ratingsByService} caption={`${label}各事项办件好差评`} rowHeading="事项" rowLabel={serviceLabel} />
          <SuppressedNote table={perf.ratingsByService} rowLabel={serviceLabel} />
        </>
      )}
    </section>
  );
}

/** 首问登记 figures (issue 13), when the version carries them. */
function InquirySection({ figures, label }: { figures: InquiryFigures; label: string }) {
  return (
    <section aria-labelledby="inquiries-heading">
      <h2 id="inquiries-heading">首问登记</h2>
      <p>
        本月登记询问 {figures.received} 件。{inquiryDefinitions.received}
      </p>
      <p>
        当场答复率：{rateText(figures.answeredOnTheSpot)}。{inquiryDefinitions.answeredOnTheSpot}
      </p>
      <p>
        按时办结率：{rateText(figures.closedOnTime)}。{inquiryDefinitions.closedOnTime}
      </p>
      <CountTable table={figures.byChannelAndOutcome} caption={`${label}首问登记：渠道 × 办理方式`} rowHeading="渠道" rowLabel={(r) => r} />
      <SuppressedNote table={figures.byChannelAndOutcome} rowLabel={(r) => r} />
    </section>
  );
}

export function BulletinIndexPage({ months }: { months: PublishedMonth[] }) {
  const points = trendPoints(months);
  return (
    <Layout title="月度通报" path="/bulletins/" robots="index, follow" description="本局每月公开效能投诉的收到、受理、办结、按期办结率和满意度等匿名统计，附开放数据下载。" head={<Head />}>
      <p class="page-kind">月度通报</p>
      <h1>效能投诉月度通报</h1>
      <p class="lead">
        每月初，效能办公开上一个月效能投诉的办理情况。所有数字都是匿名统计：不公布任何人的姓名、联系方式、投诉内容或具体日期，较小的数字按规则隐去。已发布的通报不再改动；确需更正的，发布新版本并说明改了什么、为什么改，旧版本仍可查看。
      </p>
      {months.length === 0 ? (
        <p>目前还没有发布的月度通报。</p>
      ) : (
        <>
          <section aria-labelledby="trend-heading">
            <h2 id="trend-heading">每月收到与办结件数</h2>
            <figure class="chart-figure">
              {raw(trendChart('trend', points))}
              <figcaption>折线图下方的表格列出同样的数字。</figcaption>
            </figure>
            <TrendTable points={points} caption="每月收到与办结的效能投诉件数" />
          </section>

          <section aria-labelledby="list-heading">
            <h2 id="list-heading">已发布的通报</h2>
            <Table class="stack" caption="各月通报（最新的在前）" head={['月份', '收到', '办结', '按期办结率', '版本', '开放数据']}>
              {months.map((m) => (
                <tr>
                  <RowLink href={`/bulletins/${m.month}/`}>{monthLabel(m.month)}通报</RowLink>
                  <td data-label="收到">{m.latest.data.overall.received}</td>
                  <td data-label="办结">{m.latest.data.overall.concluded}</td>
                  <td data-label="按期办结率">{formatRate(m.latest.data.overall.onTime)}</td>
                  <td data-label="版本">
                    第 {m.latest.version} 版{m.latest.version > 1 ? '（已更正）' : ''}，{publishedLabel(m.latest.publishedAt)}发布
                  </td>
                  <td data-label="开放数据">
                    <a href={`/api/bulletins/${m.month}`}>
                      JSON<span class="visually-hidden">（{monthLabel(m.month)}）</span>
                    </a>{' '}
                    ·{' '}
                    <a href={`/api/bulletins/${m.month}.csv`}>
                      CSV<span class="visually-hidden">（{monthLabel(m.month)}）</span>
                    </a>
                  </td>
                </tr>
              ))}
            </Table>
          </section>
        </>
      )}

      <section aria-labelledby="data-heading">
        <h2 id="data-heading">开放数据与订阅</h2>
        <ul>
          <li>
            全部已发布月份的清单：<a href="/api/bulletins">/api/bulletins</a>（JSON）。
          </li>
          <li>
            某月的通报：<code>/api/bulletins/年-月</code>（JSON）和 <code>/api/bulletins/年-月.csv</code>（CSV，UTF-8，表格软件可直接打开）；加 <code>?version=1</code>{' '}
            可取旧版本。接口说明见 <a href="/api/">开放接口说明</a>。
          </li>
          <li>
            新通报和更正的订阅：<a href="/bulletins/feed.xml">Atom 订阅源</a>。
          </li>
        </ul>
      </section>
    </Layout>
  );
}

const rateText = (r: { percent: number | null; n: number }) => (r.percent === null ? `—（不足 10 件，共 ${r.n} 件）` : `${r.percent}%（${r.n} 件）`);

export function BulletinMonthPage({ current, months }: { current: PublishedMonth; months: PublishedMonth[] }) {
  const { month, latest, versions } = current;
  const data = latest.data;
  const o = data.overall;
  const label = monthLabel(month);
  const title = `${label}效能投诉月度通报`;
  const overallRows = (Object.keys(measureLabels) as MeasureKey[]).map((key) => {
    const v = o[key];
    const shown = typeof v === 'number' ? `${v} 件` : 'percent' in v ? rateText(v) : v.value === null ? `—（不足 10 件，共 ${v.n} 件）` : `${formatStat(v)} 个工作日`;
    return { key, label: measureLabels[key], shown, definition: definitions[key] };
  });
  const onTimeChart = barChart(
    'ontime',
    `${label}各处室按期办结率`,
    data.departments.map((d) => ({ label: departmentName(d.department), value: d.onTime.percent, text: d.onTime.percent === null ? '—（不足 10 件）' : `${d.onTime.percent}%` })),
    100,
  );
  const sat = data.satisfaction;
  const satisfactionChart = barChart(
    'satisfaction',
    `${label}办结后评价（好差评）`,
    sat.cols.map((c, j) => ({ label: satisfaction.label(c as never), value: sat.cells[0][j].value, text: `${display(sat.cells[0][j])} 件` })),
  );
  const points = trendPoints(months, month);
  return (
    <Layout
      title={title}
      path="/bulletins/"
      robots="index, follow"
      breadcrumb={[{ href: '/bulletins/', label: '月度通报' }]}
      description={`${label}效能投诉的收到、受理、办结、按期办结率、办理结论和满意度（匿名统计）。`}
      head={<Head />}
    >
      <p class="page-kind">月度通报</p>
      <h1>{title}</h1>
      <p class="lead">
        第 {latest.version} 版，{publishedLabel(latest.publishedAt)}发布。数字均为匿名统计，按收到、受理、办结等事情发生的日期计入当月。
      </p>
      {latest.version > 1 && (
        <div class="bulletin-correction" role="note" aria-labelledby="correction-heading">
          <h2 id="correction-heading">本通报已更正</h2>
          <p>{latest.note}</p>
          <p>
            更正前的版本见下方“<a href="#versions-heading">版本记录</a>”。
          </p>
        </div>
      )}

      <section aria-labelledby="overall-heading">
        <h2 id="overall-heading">总体情况</h2>
        <Table class="stack" caption={`${label}全局效能投诉办理情况`} head={['指标', '本月', '怎么算']}>
          {overallRows.map((r) => (
            <tr id={`measure-${r.key}`}>
              <th scope="row">{r.label}</th>
              <td data-label="本月">{r.shown}</td>
              <td data-label="怎么算">{r.definition}</td>
            </tr>
          ))}
        </Table>
        {data.overall.findingsChangedOnReview !== undefined && (
          <p>
            经复核改变以前月份的结论：{data.overall.findingsChangedOnReview} 件。{definitions.findingsChangedOnReview}
          </p>
        )}
      </section>

      <section aria-labelledby="departments-heading">
        <h2 id="departments-heading">各处室情况</h2>
        <p>各处室的件数如实公布（这是各处室自身的工作情况）；按期办结率在不足 10 件时不计算，显示为“—”。</p>
        <figure class="chart-figure">
          {raw(onTimeChart)}
          <figcaption>条形图的数字与下表“按期办结率”一列相同。</figcaption>
        </figure>
        <DepartmentTable departments={data.departments} caption={`${label}各处室效能投诉办理情况`} linked />
      </section>

      <section aria-labelledby="categories-heading">
        <h2 id="categories-heading">按投诉类别</h2>
        <CountTable table={data.receivedByCategory} caption={`${label}收到的投诉：处室 × 类别`} rowHeading="处室" rowLabel={departmentName} />
        <p class="bulletin-footnote" id="suppression-note">
          说明：{definitions.suppression}
        </p>
      </section>

      <section aria-labelledby="outcomes-heading">
        <h2 id="outcomes-heading">办理结论与责任追究</h2>
        <CountTable table={data.findings} caption={`${label}办结案件的结论`} rowHeading="范围" rowLabel={(r) => r} />
        <CountTable table={data.sanctions} caption={`${label}作出的责任追究（只统计件数，不公布对象）`} rowHeading="范围" rowLabel={(r) => r} />
      </section>

      <section aria-labelledby="satisfaction-heading">
        <h2 id="satisfaction-heading">满意度（好差评）</h2>
        <figure class="chart-figure">
          {raw(satisfactionChart)}
          <figcaption>隐去的数字（“&lt;5”“×”）不画条形；下表列出同样的数字。</figcaption>
        </figure>
        <CountTable table={sat} caption={`${label}办结后的评价`} rowHeading="范围" rowLabel={(r) => r} />
        <p>
          差评复核率：{rateText(o.badRatingsReviewed)}。{definitions.badRatingsReviewed}
        </p>
      </section>

      {data.performance && <PerformanceSection perf={data.performance} label={label} />}
      {data.inquiries && <InquirySection figures={data.inquiries} label={label} />}

      <section aria-labelledby="trend-heading">
        <h2 id="trend-heading">近几个月的变化</h2>
        <figure class="chart-figure">
          {raw(trendChart('trend', points))}
          <figcaption>折线图下方的表格列出同样的数字。</figcaption>
        </figure>
        <TrendTable points={points} caption={`截至${label}每月收到与办结的件数`} />
      </section>

      <section aria-labelledby="versions-heading">
        <h2 id="versions-heading">版本记录</h2>
        <ol class="bulletin-versions">
          {[...versions].reverse().map((v) => (
            <li>
              <strong>第 {v.version} 版</strong>，{publishedLabel(v.publishedAt)}发布{v.version === latest.version ? '（当前版本）' : ''}。
              {v.note ? <span>更正说明：{v.note}</span> : <span>首次发布。</span>}
              数据：<a href={`/api/bulletins/${month}?version=${v.version}`}>第 {v.version} 版 JSON</a> ·{' '}
              <a href={`/api/bulletins/${month}.csv?version=${v.version}`}>第 {v.version} 版 CSV</a>
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="data-heading">
        <h2 id="data-heading">下载本月数据</h2>
        <ul>
          <li>
            <a href={`/api/bulletins/${month}.csv`}>{label}通报 CSV</a>（UTF-8，表格软件可直接打开；每行一个数字）
          </li>
          <li>
            <a href={`/api/bulletins/${month}`}>{label}通报 JSON</a>（含每项指标的定义）
          </li>
          <li>
            <a href="/bulletins/">全部月度通报</a>
          </li>
        </ul>
      </section>
    </Layout>
  );
}
