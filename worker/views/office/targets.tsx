/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * 目标管理 in the console (issue 14): a year's targets by department (and the individual ones the
 * reader may see), the four quarters' review rounds, one quarter's checks with the forms of the
 * actions open to the reader (record a check, approve, publish, correct), and a target's edit form.
 */
import type { FieldError } from '../../../schema/common.ts';
import { periodId, periodLabel, quarterDays, roundStates, targetStatuses, type Period, type Quarter } from '../../../schema/targets.ts';
import type { Staff } from '../../env.ts';
import { catalogue, departmentName } from '../../lib/catalogue.ts';
import type { CheckRow, ResultVersion, Round, Target } from '../../services/targets.ts';
import { ErrorSummary, errorMap } from '../fields.tsx';
import { dateTime } from './cases.tsx';
import { Choices, Select, Text, TextArea } from './fields.tsx';
import { BackLink, CsrfField, OfficeLayout, VersionedForm } from './layout.tsx';
import { Table, Entry } from '../records.tsx';

const departmentOptions = () => catalogue.departments.map((d) => ({ value: d.id, label: d.name }));
const staffOptions = () => catalogue.staff.map((s) => ({ value: s.id, label: `${s.name}（${departmentName(s.department)}，${s.title}）` }));
const statusOptions = targetStatuses.codes.map((s) => ({ value: s, label: targetStatuses.label(s) }));
export const staffName = (id: string | null) => (id ? (catalogue.staff.find((s) => s.id === id)?.name ?? id) : '');

export interface Failed {
  form: string;
  errors: FieldError[];
  values: Record<string, string>;
}

function TargetFields({ values = {}, errors = [], year }: { values?: Record<string, string>; errors?: FieldError[]; year: number }) {
  const err = errorMap(errors);
  return (
    <>
      <Text id="t-year" name="year" label="年度" width="4" inputmode="numeric" value={values.year ?? String(year)} error={err.year} />
      <Select id="t-department" name="department" label="责任处室" empty="请选择" options={departmentOptions()} value={values.department} error={err.department} />
      <Select id="t-staffId" name="staffId" label="责任人（个人岗位目标才选；个人目标只在内部可见，不对外通报）" empty="不选：处室目标" options={staffOptions()} value={values.staffId} error={err.staffId} />
      <Text id="t-title" name="title" label="目标名称" value={values.title} error={err.title} />
      <TextArea id="t-measure" name="measure" label="考核指标（怎样算完成）" value={values.measure} error={err.measure} />
      <Text id="t-points" name="points" label="分值（1—100）" width="4" inputmode="numeric" value={values.points} error={err.points} />
      <Text id="t-source" name="source" label="目标来源（对应的全局工作目标）" value={values.source} error={err.source} />
      <Text id="t-due" name="due" label="完成期限" hint={`例如 ${year}-12-31`} width="10" value={values.due} error={err.due} />
    </>
  );
}

function TargetTable({ rows, caption, editable }: { rows: Target[]; caption: string; editable: boolean }) {
  return (
    <Table class="stack" caption={caption} head={['目标', '考核指标', '分值', '目标来源', '完成期限', '责任', editable && '操作']}>
      {rows.map((t) => (
        <tr data-target={t.id} data-individual={t.staffId ? '' : undefined}>
          <th scope="row">{t.title}</th>
          <td data-label="考核指标">{t.measure}</td>
          <td data-label="分值">{t.points}</td>
          <td data-label="目标来源">{t.source}</td>
          <td data-label="完成期限">{t.due}</td>
          <td data-label="责任">{t.staffId ? `个人：${staffName(t.staffId)}（内部）` : '处室'}</td>
          {editable && (
            <td data-label="操作">
              <a href={`/office/targets/items/${t.id}`}>修改</a>
            </td>
          )}
        </tr>
      ))}
    </Table>
  );
}

export function TargetsPage(props: { staff: Staff; csrf: string; year: number; targets: Target[]; rounds: Round[]; current: Period; editable: boolean; notice?: string; failed?: Failed }) {
  const { staff, csrf, year, targets, rounds, current, editable, notice, failed } = props;
  const byDept = catalogue.departments.map((d) => ({ d, rows: targets.filter((t) => t.department === d.id) })).filter((x) => x.rows.length > 0);
  const errors = failed?.errors ?? [];
  return (
    <OfficeLayout title={`目标管理 ${year}年`} staff={staff} csrf={csrf} active="targets" hasErrors={errors.length > 0} notice={notice}>
      <ErrorSummary errors={errors} />
      <h1>目标管理：{year} 年度目标和季度考评</h1>
      <p>
        年度目标责任书分解到处室和岗位；效能建设领导小组每季度检查完成情况，审定后通报。处室结果在门户网站“<a href="/targets/">季度目标考核结果</a>”公开，个人目标和结果只在内部可见（仅领导小组、效能办负责人和本人）。
      </p>
      <p class="pager">
        <a href={`/office/targets/?year=${year - 1}`}>{year - 1} 年</a> · <a href={`/office/targets/?year=${year + 1}`}>{year + 1} 年</a>
      </p>
      <h2>季度考评</h2>
      <Table class="stack" caption={`${year} 年各季度检查`} head={['季度', '期间', '状态', '操作']}>
        {([1, 2, 3, 4] as Quarter[]).map((q) => {
          const p = { year, quarter: q };
          const round = rounds.find((r) => r.quarter === q);
          const started = year * 4 + q <= current.year * 4 + current.quarter;
          const days = quarterDays(p);
          return (
            <tr data-period={periodId(p)} data-state={round?.state ?? 'none'}>
              <th scope="row">{periodLabel(p)}</th>
              <td data-label="期间">
                {days.first} 至 {days.last}
              </td>
              <td data-label="状态">{round ? roundStates.label(round.state) : started ? '未开始检查' : '季度未到'}</td>
              <td data-label="操作">
                {round ? (
                  <a href={`/office/targets/quarters/${periodId(p)}/`}>查看检查结果</a>
                ) : (
                  editable &&
                  started && (
                    <form method="post" action={`/office/targets/quarters/${periodId(p)}/open`}>
                      <CsrfField csrf={csrf} />
                      <button class="button" type="submit">
                        开始{periodLabel(p)}检查
                      </button>
                    </form>
                  )
                )}
              </td>
            </tr>
          );
        })}
      </Table>
      <h2>年度目标</h2>
      {byDept.length === 0 ? (
        <p>{year} 年还没有您可以查看的目标。</p>
      ) : (
        byDept.map(({ d, rows }) => (
          <section aria-labelledby={`dept-${d.id}`}>
            <h3 id={`dept-${d.id}`}>{d.name}</h3>
            <TargetTable rows={rows} caption={`${d.name} ${year} 年目标`} editable={editable} />
          </section>
        ))
      )}
      {editable && (
        <section aria-labelledby="new-target">
          <h2 id="new-target">新增目标</h2>
          <form method="post" action="/office/targets/" novalidate>
            <CsrfField csrf={csrf} />
            <TargetFields year={year} values={failed?.form === 'new' ? failed.values : {}} errors={failed?.form === 'new' ? failed.errors : []} />
            <button class="button" type="submit">
              保存目标
            </button>
          </form>
        </section>
      )}
    </OfficeLayout>
  );
}

export function TargetEditPage({ staff, csrf, target, failed }: { staff: Staff; csrf: string; target: Target; failed?: Failed }) {
  const values = failed?.values ?? {
    year: String(target.year),
    department: target.department,
    staffId: target.staffId ?? '',
    title: target.title,
    measure: target.measure,
    points: String(target.points),
    source: target.source,
    due: target.due,
  };
  const errors = failed?.errors ?? [];
  return (
    <OfficeLayout title="修改目标" staff={staff} csrf={csrf} active="targets" errors={errors}>
      <h1>修改目标：{target.title}</h1>
      <p>
        已通报的季度结果不会因这里的修改而改变；需要改正已通报的内容，请在该季度页面发布更正。<a href={`/office/targets/?year=${target.year}`}>返回 {target.year} 年目标</a>
      </p>
      <form method="post" action={`/office/targets/items/${target.id}`} novalidate>
        <CsrfField csrf={csrf} />
        <TargetFields year={target.year} values={values} errors={errors} />
        <button class="button" type="submit">
          保存修改
        </button>
      </form>
      <h2>删除目标</h2>
      <p>只有还没有季度检查记录的目标才能删除。</p>
      <form method="post" action={`/office/targets/items/${target.id}/delete`}>
        <CsrfField csrf={csrf} />
        <button class="button button--secondary" type="submit">
          删除这个目标
        </button>
      </form>
    </OfficeLayout>
  );
}

function CheckFields({ prefix, targets, values, err, correction }: { prefix: string; targets: Target[]; values: Record<string, string>; err: Record<string, string>; correction?: boolean }) {
  return (
    <>
      <Select
        id={`${prefix}-target`}
        name="target"
        label="目标"
        empty="请选择"
        options={targets.map((t) => ({ value: String(t.id), label: `${departmentName(t.department)}：${t.title}${t.staffId ? `（个人：${staffName(t.staffId)}）` : ''}` }))}
        value={values.target}
        error={err.target}
      />
      <Choices id={`${prefix}-status`} name="status" label="完成情况" value={values.status} error={err.status} options={statusOptions} />
      <Text id={`${prefix}-score`} name="score" label="得分（选填，不超过该目标分值）" width="4" inputmode="numeric" value={values.score} error={err.score} />
      <TextArea id={`${prefix}-note`} name="note" label="检查说明（处室目标的说明会公开：只写处室和事实，不写姓名、电话）" value={values.note} error={err.note} />
      {correction && <TextArea id={`${prefix}-correction`} name="correction" label="更正说明（改了什么、为什么；公开显示）" value={values.correction} error={err.correction} />}
    </>
  );
}

export function QuarterPage(props: {
  staff: Staff;
  csrf: string;
  period: Period;
  round: Round;
  targets: Target[];
  checks: Map<number, CheckRow>;
  versions: ResultVersion[];
  editable: boolean;
  approver: boolean;
  notice?: string;
  failed?: Failed;
}) {
  const { staff, csrf, period, round, targets, checks, versions, editable, approver, notice, failed } = props;
  const label = periodLabel(period);
  const errors = failed?.errors ?? [];
  const pick = (form: string) => (failed?.form === form ? { values: failed.values, err: errorMap(failed.errors) } : { values: {}, err: {} });
  const base = `/office/targets/quarters/${periodId(period)}`;
  const checked = targets.filter((t) => checks.has(t.id)).length;
  const latest = versions.at(-1);
  return (
    <OfficeLayout title={`${label}目标考评`} staff={staff} csrf={csrf} active="targets" hasErrors={errors.length > 0} notice={notice}>
      <ErrorSummary errors={errors} />
      <h1>{label}目标考评</h1>
      <dl class="facts">
        <dt>状态</dt>
        <dd data-round-state={round.state}>{roundStates.label(round.state)}</dd>
        <dt>检查进度</dt>
        <dd>
          已检查 {checked} / {targets.length} 个目标
        </dd>
        <Entry term="领导小组审定" value={round.approvedAt ? dateTime(round.approvedAt) : null} />
        {latest && (
          <>
            <dt>通报</dt>
            <dd>
              第 {latest.version} 版，{dateTime(latest.publishedAt)}；<a href={`/targets/${periodId(period)}/`}>门户网站上的通报</a>
            </dd>
          </>
        )}
      </dl>
      <BackLink href={`/office/targets/?year=${period.year}`}>返回 {period.year} 年目标</BackLink>
      <Table class="stack" caption={`${label}各目标检查结果`} head={['目标', '处室', '分值', '完成情况', '得分', '检查说明', '检查人']}>
        {targets.map((t) => {
          const c = checks.get(t.id);
          return (
            <tr data-target={t.id} data-status={c?.status ?? 'unchecked'}>
              <th scope="row">
                {t.title}
                {t.staffId ? `（个人：${staffName(t.staffId)}，内部）` : ''}
              </th>
              <td data-label="处室">{departmentName(t.department)}</td>
              <td data-label="分值">{t.points}</td>
              <td data-label="完成情况">{c ? targetStatuses.label(c.status) : '未检查'}</td>
              <td data-label="得分">{c?.score ?? '—'}</td>
              <td data-label="检查说明">{c?.note ?? ''}</td>
              <td data-label="检查人">{c ? `${c.checkedByName ?? ''} ${dateTime(c.checkedAt)}` : ''}</td>
            </tr>
          );
        })}
      </Table>
      {editable && round.state === 'draft' && (
        <section aria-labelledby="check-title" class="action">
          <h2 id="check-title">记录检查结果</h2>
          <form method="post" action={`${base}/check`} novalidate>
            <CsrfField csrf={csrf} />
            <CheckFields prefix="check" targets={targets} {...pick('check')} />
            <button class="button" type="submit">
              保存检查结果
            </button>
          </form>
        </section>
      )}
      {approver && round.state === 'draft' && (
        <section aria-labelledby="approve-title" class="action">
          <h2 id="approve-title">领导小组审定</h2>
          <p>季度结束、全部处室目标检查完后才能审定；审定后检查结果不再修改。</p>
          <VersionedForm action={`${base}/approve`} csrf={csrf} version={round.version} novalidate={false}>
            <button class="button" type="submit">
              审定{label}检查结果
            </button>
          </VersionedForm>
        </section>
      )}
      {editable && round.state === 'approved' && (
        <section aria-labelledby="publish-title" class="action">
          <h2 id="publish-title">通报</h2>
          <p>通报后处室结果立即在门户网站公开并冻结（个人目标不公开）；以后的改动只能以更正发布。</p>
          <VersionedForm action={`${base}/publish`} csrf={csrf} version={round.version} novalidate={false}>
            <button class="button" type="submit">
              通报{label}结果
            </button>
          </VersionedForm>
        </section>
      )}
      {editable && round.state === 'published' && (
        <section aria-labelledby="correct-title" class="action">
          <h2 id="correct-title">发布更正</h2>
          <p>更正会作为第 {(latest?.version ?? 0) + 1} 版公开，并显示更正说明；以前的版本仍可查阅。</p>
          <form method="post" action={`${base}/correct`} novalidate>
            <CsrfField csrf={csrf} />
            <input type="hidden" name="expectedVersion" value={String((latest?.version ?? 0) + 1)} />
            <CheckFields prefix="correct" targets={targets.filter((t) => t.staffId === null)} correction {...pick('correct')} />
            <button class="button" type="submit">
              发布更正
            </button>
          </form>
        </section>
      )}
      {versions.length > 0 && (
        <section aria-labelledby="versions-title">
          <h2 id="versions-title">通报版本</h2>
          <ol>
            {versions.map((v) => (
              <li data-version={v.version}>
                第 {v.version} 版，{dateTime(v.publishedAt)}
                {v.note ? `：${v.note}` : '（首次通报）'}
              </li>
            ))}
          </ol>
        </section>
      )}
    </OfficeLayout>
  );
}
