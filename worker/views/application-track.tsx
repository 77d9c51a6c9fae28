/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** 办件查询 (issue 12): the lookup form and the applicant's view of an application. No personal data. */
import type { ApplicationView } from '../../schema/application.ts';
import type { FieldError } from '../../schema/common.ts';
import { satisfaction, type Satisfaction } from '../../schema/domain.ts';
import { Choices, ErrorSummary, errorMap, SuccessNotice, TextArea } from './fields.tsx';
import { Layout } from './layout.tsx';
import { LookupForm, NotFoundNotice } from './status-parts.tsx';
import { Table, Entry } from './records.tsx';

const PATH = '/applications/track/';

export function ApplicationTrackForm({ values, errors, notFound }: { values: Partial<Record<string, string>>; errors: FieldError[]; notFound?: boolean }) {
  return (
    <Layout title="办件查询" path={PATH} hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} />
      <h1>办件查询</h1>
      {notFound && <NotFoundNotice title="查不到这个办件">办件编号或查询码不正确。请核对受理通知书后重试；查询码的大小写和短横线不影响查询。</NotFoundNotice>}
      <p>请输入办件编号和收件时告知您的查询码，查看办理进度、每个环节的时限、计时暂停和延期情况以及办理结果。</p>
      <LookupForm action={PATH} referenceLabel="办件编号" referenceExample="CK-261201-7KQ4M9" reference={values.reference} err={errorMap(errors)} />
    </Layout>
  );
}

export interface RatingFormProps {
  reference: string;
  accessCode: string;
  rated?: string;
  errors?: FieldError[];
  notice?: string;
}

export function ApplicationStatusPage({ view: v, rating }: { view: ApplicationView; rating?: RatingFormProps }) {
  const err = errorMap(rating?.errors ?? []);
  return (
    <Layout title={`办件 ${v.number}`} path={PATH} hasErrors={(rating?.errors?.length ?? 0) > 0}>
      <ErrorSummary errors={rating?.errors ?? []} />
      <SuccessNotice notice={rating?.notice} />
      <h1>办件 {v.number}</h1>
      <dl class="summary-list">
        <dt>事项</dt>
        <dd>
          {v.service.code} {v.service.name}（{v.department}）
        </dd>
        <dt>当前状态</dt>
        <dd data-status={v.status}>{v.statusLabel}</dd>
        <dt>收件日期</dt>
        <dd>{v.receivedOn}</dd>
        <dt>承诺办结日期</dt>
        <dd>
          {v.dueBy ?? `受理后起算（应于 ${v.acceptBy} 前决定是否受理）`}
          {v.dueByProvisional ? '（暂定：当年放假安排公布后自动更正）' : ''}
        </dd>
        <Entry term="法定办结期限" value={v.statutoryBy} />
        {v.extension && (
          <>
            <dt>延期</dt>
            <dd>
              延长 {v.extension.days} 个工作日。理由：{v.extension.reason}
            </dd>
          </>
        )}
        <Entry term="需补正的材料（一次性告知）" value={v.missingMaterials.length > 0 && v.missingMaterials.join('；')} />
        {v.result && (
          <>
            <dt>办理结果</dt>
            <dd>
              {v.result.label}（{v.result.on}）{v.result.reason ? `。理由：${v.result.reason}` : ''}
              {v.result.basis ? `。依据：${v.result.basis}` : ''}
            </dd>
          </>
        )}
      </dl>
      <h2>办理环节</h2>
      <Table class="table" head={['环节', '时限', '完成']}>
        {v.steps.map((s) => (
          <tr>
            <td>{s.name}</td>
            <td>{s.days === 0 ? '即办' : `${s.days} 个工作日`}</td>
            <td>{s.doneOn ? `${s.doneOn} 完成` : s.dueBy ? `应于 ${s.dueBy} 前完成` : '—'}</td>
          </tr>
        ))}
      </Table>
      {v.stops.length > 0 && (
        <>
          <h2>依法暂停计时</h2>
          <ul>
            {v.stops.map((s) => (
              <li>
                {s.kind}：{s.from} 起{s.to ? `，${s.to} 恢复计时` : '，尚未恢复'}
              </li>
            ))}
          </ul>
        </>
      )}
      {v.result && rating && !rating.rated && (
        <>
          <h2>评价这次办理（好差评）</h2>
          <form method="post" action="/applications/rate" novalidate>
            <input type="hidden" name="reference" value={rating.reference} />
            <input type="hidden" name="accessCode" value={rating.accessCode} />
            <Choices name="level" id="level" kind="radio" label="您对这次办理满意吗？" error={err.level} options={satisfaction.codes.map((c) => ({ value: c, label: satisfaction.label(c) }))} />
            <TextArea id="comment" label="意见（可不填）" hint="请不要写身份证号等个人信息" error={err.comment} rows={3} />
            <button class="button" type="submit">
              提交评价
            </button>
          </form>
        </>
      )}
      {rating?.rated && <p>您已评价：{satisfaction.label(rating.rated as Satisfaction)}。差评由承办部门在 15 个工作日内回访并整改。</p>}
      <p>
        <a href={PATH}>查询其他办件</a>
      </p>
    </Layout>
  );
}
