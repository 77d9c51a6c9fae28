/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The supervisor's monthly bulletins: the list of months, a live preview of a month computed from
 * today's case data, publishing (which freezes it) and corrections as new versions with a note.
 */
import type { FieldError } from '../../../schema/common.ts';
import { columnLabel, formatRate, formatStat, measureLabels, type MeasureKey } from '../../../schema/bulletin/csv.ts';
import type { BulletinVersion } from '../../../schema/bulletin/document.ts';
import { definitions, type BulletinData } from '../../../schema/bulletin/measures.ts';
import type { PublishedTable } from '../../../schema/bulletin/suppression.ts';
import type { Staff } from '../../env.ts';
import { CountRows, CountTable as PublicCountTable, DepartmentTable, PerformanceTable, serviceLabel, SuppressedNote } from '../bulletins.tsx';
import { departmentName } from '../../lib/catalogue.ts';
import type { PublishedSummary } from '../../services/bulletins.ts';
import { errorMap } from '../fields.tsx';
import { TextArea } from './fields.tsx';
import { BackLink, OfficeLayout, VersionedForm } from './layout.tsx';
import { formatMonth, formatStamp } from '../../../schema/format.ts';
import { Table } from '../records.tsx';

export const monthLabel = formatMonth;
const when = (iso: string) => formatStamp(iso);

export function BulletinListPage({ staff, csrf, published, months }: { staff: Staff; csrf: string; published: PublishedSummary[]; months: string[] }) {
  const done = new Map(published.map((p) => [p.month, p]));
  return (
    <OfficeLayout title="月度通报" staff={staff} csrf={csrf} active="bulletins">
      <h1>月度通报</h1>
      <p>
        每月初预览上个月的通报，核对无误后发布。发布时系统按当时的案件数据计算并冻结保存，之后案件再有变动也不会改变已发布的通报；发现错误时发布更正版本，并写明改了什么、为什么改，旧版本仍然公开可查。
      </p>
      <Table class="stack" caption="最近的月份" head={['月份', '状态', '操作']}>
        {months.map((m) => {
          const p = done.get(m);
          return (
            <tr>
              <th scope="row">{monthLabel(m)}</th>
              <td data-label="状态">{p ? `已发布第 ${p.latestVersion} 版（收到 ${p.received} 件，办结 ${p.concluded} 件）` : '尚未发布'}</td>
              <td data-label="操作">
                <a href={`/office/bulletins/${m}`}>
                  {p ? '查看和更正' : '预览和发布'}
                  <span class="visually-hidden">{monthLabel(m)}通报</span>
                </a>
              </td>
            </tr>
          );
        })}
      </Table>
      <h2>公开网站怎样更新</h2>
      <p>
        发布或更正后立即公开，无需重新构建或部署：公开网站的 <a href="/bulletins/">/bulletins/</a>（各月页面和订阅）与开放数据接口 <a href="/api/bulletins">/api/bulletins</a>（JSON、CSV）都直接读取已发布的版本。
      </p>
    </OfficeLayout>
  );
}

function CountTable({ table, caption, rowLabel }: { table: PublishedTable; caption: string; rowLabel: (id: string) => string }) {
  return (
    <Table class="stack" caption={caption} head={['范围', ...table.cols.map((c) => columnLabel(c)), '合计']}>
      <CountRows table={table} rowLabel={rowLabel} />
    </Table>
  );
}

/** The 绩效评估 the month's bulletin will publish (the same components as the public page). */
function PerformancePreview({ perf, label }: { perf: NonNullable<BulletinData['performance']>; label: string }) {
  return (
    <>
      <h3>办件绩效评估（随通报公布）</h3>
      <PerformanceTable rows={perf.departments} caption={`${label}各处室办件绩效`} rowHeading="处室" rowLabel={departmentName} link={(id) => `/departments/${id}/`} />
      {perf.services.length > 0 && <PerformanceTable rows={perf.services} caption={`${label}各事项办件绩效`} rowHeading="事项" rowLabel={serviceLabel} link={(id) => `/services/${id}/`} />}
      {(
        [
          [perf.cardsByDepartment, '各处室黄牌红牌', '处室', departmentName],
          [perf.cardsByService, '各事项黄牌红牌', '事项', serviceLabel],
          [perf.ratingsByDepartment, '各处室办件好差评', '处室', departmentName],
          [perf.ratingsByService, '各事项办件好差评', '事项', serviceLabel],
        ] as const
      ).map(([table, caption, heading, rowLabel]) =>
        table.rows.length === 0 ? null : (
          <>
            <PublicCountTable table={table} caption={`${label}${caption}`} rowHeading={heading} rowLabel={rowLabel} />
            <SuppressedNote table={table} rowLabel={rowLabel} />
          </>
        ),
      )}
    </>
  );
}

function BulletinTables({ data, label }: { data: BulletinData; label: string }) {
  const o = data.overall;
  return (
    <>
      <Table class="stack" caption={`${label}总体情况`} head={['指标', '数值', '怎么算']}>
        {(Object.keys(measureLabels) as MeasureKey[]).map((key) => {
          const v = o[key];
          const shown = typeof v === 'number' ? String(v) : 'percent' in v ? `${formatRate(v)}（${v.n} 件）` : `${formatStat(v)}（${v.n} 件）`;
          return (
            <tr>
              <th scope="row">{measureLabels[key]}</th>
              <td data-label="数值">{shown}</td>
              <td data-label="怎么算">{definitions[key]}</td>
            </tr>
          );
        })}
      </Table>
      <DepartmentTable departments={data.departments} caption={`${label}各处室`} />
      <CountTable table={data.receivedByCategory} caption={`${label}收到的投诉：处室 × 类别`} rowLabel={departmentName} />
      <CountTable table={data.findings} caption={`${label}办理结论`} rowLabel={(r) => r} />
      <CountTable table={data.sanctions} caption={`${label}责任追究`} rowLabel={(r) => r} />
      <CountTable table={data.satisfaction} caption={`${label}满意度`} rowLabel={(r) => r} />
      <p class="hint">{definitions.suppression}</p>
      {data.performance && <PerformancePreview perf={data.performance} label={label} />}
      {data.inquiries && (
        <>
          <h3>首问登记（随通报公布）</h3>
          <p>
            登记 {data.inquiries.received} 件；当场答复率 {formatRate(data.inquiries.answeredOnTheSpot)}（{data.inquiries.answeredOnTheSpot.n} 件）；按时办结率 {formatRate(data.inquiries.closedOnTime)}（{data.inquiries.closedOnTime.n} 件）。
          </p>
          <PublicCountTable table={data.inquiries.byChannelAndOutcome} caption={`${label}首问登记：渠道 × 办理方式`} rowHeading="渠道" rowLabel={(r) => r} />
          <SuppressedNote table={data.inquiries.byChannelAndOutcome} rowLabel={(r) => r} />
        </>
      )}
    </>
  );
}

export interface BulletinMonthProps {
  staff: Staff;
  csrf: string;
  month: string;
  /** Computed now from the case data. */
  preview: BulletinData;
  versions: BulletinVersion[];
  ended: boolean;
  notice?: string;
  errors?: FieldError[];
  note?: string;
}

export function BulletinMonthPage({ staff, csrf, month, preview, versions, ended, notice, errors = [], note }: BulletinMonthProps) {
  const label = monthLabel(month);
  const latest = versions[versions.length - 1];
  const err = errorMap(errors);
  const unchanged = latest !== undefined && JSON.stringify(latest.data) === JSON.stringify(preview);
  return (
    <OfficeLayout title={`${label}月度通报`} staff={staff} csrf={csrf} active="bulletins" errors={errors} notice={notice}>
      <h1>{label}月度通报</h1>
      <BackLink href="/office/bulletins/">返回月度通报列表</BackLink>
      {!ended && <p class="notice">本月尚未结束，只能预览；月份结束后才能发布。</p>}

      {latest ? (
        <section aria-labelledby="published-heading">
          <h2 id="published-heading">已发布的版本</h2>
          <ol>
            {versions.map((v) => (
              <li>
                第 {v.version} 版，{when(v.publishedAt)} 发布。{v.note ? `更正说明：${v.note}` : '首次发布。'}{' '}
                <a href={`/api/bulletins/${month}?version=${v.version}`}>查看第 {v.version} 版数据</a>
              </li>
            ))}
          </ol>
          <p>{unchanged ? '按当前案件数据重新计算的结果与已发布的最新版本相同，无需更正。' : '按当前案件数据重新计算的结果与已发布的最新版本不同（见下方预览）。如属发布时的数据错误，可以发布更正版本。'}</p>
          {ended && (
            <VersionedForm action={`/office/bulletins/${month}/publish`} csrf={csrf} version={latest.version + 1}>
              <TextArea
                id="note"
                name="note"
                label="更正说明（必填，公开显示）"
                hint="写明改了什么、为什么改，例如：补入 9 月收到但延迟登记的 8 件来信投诉，收到和办结件数随之更新。不要写任何人的姓名或案件细节。"
                value={note ?? ''}
                error={err.note}
              />
              <button class="button" type="submit">
                发布第 {latest.version + 1} 版（更正）
              </button>
            </VersionedForm>
          )}
        </section>
      ) : (
        ended && (
          <section aria-labelledby="publish-heading">
            <h2 id="publish-heading">发布</h2>
            <p>发布后通报即冻结：之后案件数据再有变动，已发布的数字也不会改变。请先核对下方预览。</p>
            <VersionedForm action={`/office/bulletins/${month}/publish`} csrf={csrf} version={1}>
              <button class="button" type="submit">
                发布{label}通报
              </button>
            </VersionedForm>
          </section>
        )
      )}

      <section aria-labelledby="preview-heading">
        <h2 id="preview-heading">按当前数据预览</h2>
        <p>以下数字按此刻的案件数据计算，与公开时的显示规则相同（小数字显示为“&lt;5”）。</p>
        <BulletinTables data={preview} label={label} />
      </section>
    </OfficeLayout>
  );
}
