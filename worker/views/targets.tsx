/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The public quarterly target results (目标管理, issue 14), rendered by the worker from the frozen
 * published versions in D1: the list of published quarters, and one quarter (summary per department,
 * then each department's targets with status and note, the correction note and the version history).
 * Departments only: the snapshot holds no person (schema/targets.ts buildResult).
 */
import { periodLabel, targetStatuses, type Period, type StatusCounts, type TargetResultData } from '../../schema/targets.ts';
import { formatStamp } from '../../schema/format.ts';
import type { ResultVersion } from '../services/targets.ts';
import { Layout } from './layout.tsx';
import { RowLink, Table } from './records.tsx';

function Head() {
  return (
    <>
      <link rel="stylesheet" href="/styles/bulletins.css" />
      <link rel="stylesheet" href="/styles/targets.css" />
    </>
  );
}

const label = (v: { year: number; quarter: number }) => periodLabel(v as Period);
const published = (ms: number) => formatStamp(ms);

function CountCells({ counts }: { counts: StatusCounts }) {
  return (
    <>
      <td data-label="目标数">{counts.total}</td>
      <td data-label="完成">{counts.done}</td>
      <td data-label="基本完成">{counts.mostly}</td>
      <td data-label="进行中">{counts.inProgress}</td>
      <td data-label="未完成">{counts.notDone}</td>
    </>
  );
}

const countHeads = ['目标数', '完成', '基本完成', '进行中', '未完成'];

export function TargetIndexPage({ quarters }: { quarters: ResultVersion[] }) {
  return (
    <Layout title="季度目标考核结果" path="/targets/" robots="index, follow" head={<Head />}>
      <p class="page-kind">目标管理</p>
      <h1>季度目标考核结果</h1>
      <p class="lead">
        本局实行岗位目标责任制：年初把全局工作目标分解到各处室，效能建设领导小组每季度检查各处室目标的完成情况，审定后通报。这里公开各处室的季度结果（只公开处室，不公开个人）。已通报的结果不再改动；确需更正的，发布新版本并写明改了什么、为什么改，旧版本仍可查看。
      </p>
      {quarters.length === 0 ? (
        <p>目前还没有通报的季度结果。</p>
      ) : (
        <Table class="stack targets-summary" caption="已通报的季度（最新的在前）" head={['季度', ...countHeads, '版本']}>
          {quarters.map((q) => (
            <tr data-period={q.period}>
              <RowLink href={`/targets/${q.period}/`}>{label(q)}目标考核结果</RowLink>
              <CountCells counts={q.data.overall} />
              <td data-label="版本">
                第 {q.version} 版{q.version > 1 ? '（已更正）' : ''}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </Layout>
  );
}

export function TargetQuarterPage({ current, versions }: { current: ResultVersion; versions: ResultVersion[] }) {
  const data: TargetResultData = current.data;
  const title = `${label(current)}目标考核结果`;
  const latest = versions.at(-1)!;
  return (
    <Layout
      title={title}
      path="/targets/"
      robots="index, follow"
      breadcrumb={[{ href: '/targets/', label: '季度目标考核结果' }]}
      description={`${label(current)}各处室年度目标的完成情况（效能建设领导小组季度检查通报，只公开处室）。`}
      head={<Head />}
    >
      <p class="page-kind">目标管理</p>
      <h1>{title}</h1>
      <p class="lead">
        第 {current.version} 版，{published(current.publishedAt)}通报{current.version < latest.version ? `（这是旧版本；最新为第 ${latest.version} 版）` : ''}。效能建设领导小组对各处室年度目标逐项检查，结果分为完成、基本完成、进行中、未完成。
      </p>
      {current.version > 1 && (
        <div class="bulletin-correction" role="note" aria-labelledby="correction-heading">
          <h2 id="correction-heading">本通报已更正</h2>
          <p data-correction-note="">{current.note}</p>
          <p>
            更正前的版本见下方“<a href="#versions-heading">版本记录</a>”。
          </p>
        </div>
      )}
      <section aria-labelledby="summary-heading">
        <h2 id="summary-heading">各处室完成情况</h2>
        <Table class="stack targets-summary" caption={`${label(current)}各处室目标完成情况（个数）`} head={['处室', ...countHeads, '得分 / 分值']}>
          {data.departments.map((d) => (
            <tr data-department={d.department}>
              <RowLink href={`#dept-${d.department}`}>{d.name}</RowLink>
              <CountCells counts={d.counts} />
              <td data-label="得分 / 分值">
                {d.score ?? '—'} / {d.points}
              </td>
            </tr>
          ))}
          <tr class="total-row">
            <th scope="row">合计</th>
            <CountCells counts={data.overall} />
            <td data-label="得分 / 分值"></td>
          </tr>
        </Table>
      </section>
      {data.departments.map((d) => (
        <section class="targets-dept" aria-labelledby={`dept-${d.department}`}>
          <h2 id={`dept-${d.department}`}>{d.name}</h2>
          <p>
            <a href={`/departments/${d.department}/`}>{d.name}的职责和岗位</a>
          </p>
          <Table class="stack targets-table" caption={`${d.name}${label(current)}目标检查结果`} head={['目标', '考核指标', '分值', '完成期限', '完成情况', '得分', '检查说明']}>
            {d.targets.map((t) => (
              <tr>
                <th scope="row">{t.title}</th>
                <td data-label="考核指标">{t.measure}</td>
                <td data-label="分值">{t.points}</td>
                <td data-label="完成期限">{t.due}</td>
                <td data-label="完成情况" class={`target-status target-status--${t.status ?? 'none'}`}>
                  {t.status ? targetStatuses.label(t.status) : '未检查'}
                </td>
                <td data-label="得分">{t.score ?? '—'}</td>
                <td data-label="检查说明">{t.note ?? ''}</td>
              </tr>
            ))}
          </Table>
        </section>
      ))}
      <section aria-labelledby="versions-heading">
        <h2 id="versions-heading">版本记录</h2>
        <ol class="bulletin-versions">
          {[...versions].reverse().map((v) => (
            <li data-version={v.version}>
              <strong>第 {v.version} 版</strong>，{published(v.publishedAt)}通报{v.version === latest.version ? '（当前版本）' : ''}。{v.note ? <span>更正说明：{v.note}</span> : <span>首次通报。</span>}{' '}
              {v.version === current.version ? '（正在查看）' : <a href={`/targets/${v.period}/?version=${v.version}`}>查看第 {v.version} 版</a>} ·{' '}
              <a href={`/api/targets/${v.period}?version=${v.version}`}>第 {v.version} 版 JSON</a>
            </li>
          ))}
        </ol>
      </section>
      <p class="targets-data">
        <a href="/targets/">全部季度结果</a> · <a href={`/api/targets/${current.period}`}>本季度开放数据（JSON）</a>
      </p>
    </Layout>
  );
}
