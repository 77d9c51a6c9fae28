/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** Tracking pages: the reference + access code form (POST, so the code never sits in a URL) and the status page. */
import type { Child } from 'hono/jsx';
import type { PublicCaseEvent } from '../../schema/cases.ts';
import { limits, type Timeline } from '../../schema/complaint.ts';
import { type FieldError } from '../../schema/common.ts';
import { channels, findings, reviewOutcomes, satisfaction, type Channel, type Finding, type ReviewOutcome } from '../../schema/domain.ts';
import { catalogue } from '../lib/catalogue.ts';
import { formatDate } from './confirmation.tsx';
import { describedBy, ErrorSummary, errorMap, FieldMessage, SuccessNotice, TextArea } from './fields.tsx';
import { Layout } from './layout.tsx';
import { LookupForm, NotFoundNotice, TimelineList } from './status-parts.tsx';
import { Entry } from './records.tsx';

export function TrackForm({ values, errors, notFound }: { values: Partial<Record<string, string>>; errors: FieldError[]; notFound?: boolean }) {
  const err = errorMap(errors);
  return (
    <Layout title="查询办理进度" path="/track/" hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} />
      <h1>查询办理进度</h1>
      {notFound && <NotFoundNotice title="查不到这件投诉">受理编号或查询码不正确。请核对后重试；查询码在提交投诉时只显示一次，大小写和短横线不影响查询。</NotFoundNotice>}
      <p>请输入提交投诉时得到的受理编号和查询码。</p>
      <LookupForm action="/track/" referenceLabel="受理编号" referenceExample="XN-2611-7KQ4M9" reference={values.reference} err={err} />
      <p>
        忘记查询码？请拨打效能投诉电话 {catalogue.supervision.complaintPhone}（{catalogue.supervision.phoneHours}）。
      </p>
    </Layout>
  );
}

/** What the tracking page shows of each public event (typed against the registry, schema/cases.ts). */
const eventDetails = {
  received: (data) => <p>渠道：{channels.entries[data.channel as Channel] ?? data.channel}</p>,
  accepted: (data) => (data.dueBy ? <p>办结期限：{formatDate(data.dueBy)}</p> : null),
  declined: (data) => (
    <dl class="summary-list">
      <dt>理由</dt>
      <dd>{data.reason}</dd>
      <dt>依据</dt>
      <dd>{data.legalBasis}</dd>
      <dt>可向何处反映</dt>
      <dd>{data.referral}</dd>
    </dl>
  ),
  transferred: (data) => <p>转交 {data.departmentName} 办理；效能办继续跟踪督办。</p>,
  extended: (data) => (
    <dl class="summary-list">
      <dt>延期理由</dt>
      <dd>{data.reason}</dd>
      <dt>新的期限</dt>
      <dd>{data.newDueBy ? formatDate(data.newDueBy) : ''}</dd>
    </dl>
  ),
  concluded: (data) => (
    <dl class="summary-list">
      <dt>调查结论</dt>
      <dd>{findings.entries[data.finding as Finding] ?? data.finding}</dd>
      <Entry term="答复" value={data.reply} />
    </dl>
  ),
  rated: (data) => <p>评价：{satisfaction.entries[data.level as keyof typeof satisfaction.entries] ?? data.level}</p>,
  'review-requested': () => null,
  'review-concluded': (data) => (
    <dl class="summary-list">
      <dt>复核结果</dt>
      <dd>{reviewOutcomes.entries[data.outcome as ReviewOutcome] ?? data.outcome}</dd>
      <Entry term="新的调查结论" value={data.outcome === 'changed' && data.finding && (findings.entries[data.finding as Finding] ?? data.finding)} />
      <dt>复核答复</dt>
      <dd class="prewrap">{data.reply}</dd>
    </dl>
  ),
} satisfies Record<PublicCaseEvent, (data: Record<string, string>) => Child>;

function EventDetails({ type, data }: { type: PublicCaseEvent; data: Record<string, string> }) {
  return eventDetails[type]?.(data) ?? null;
}

export interface StatusProps {
  timeline: Timeline;
  /** The credentials, carried in hidden fields of the rating and review forms (POST bodies, never URLs). */
  reference: string;
  accessCode: string;
  errors?: FieldError[];
  values?: Partial<Record<string, string>>;
  notice?: string;
  /** Which form the errors belong to. */
  form?: 'rating' | 'review';
}

export function StatusPage({ timeline: t, reference, accessCode, errors = [], values = {}, notice, form }: StatusProps) {
  const err = errorMap(errors);
  const hidden = (
    <>
      <input type="hidden" name="reference" value={reference} />
      <input type="hidden" name="accessCode" value={accessCode} />
    </>
  );
  return (
    <Layout title={`投诉 ${t.reference} 办理进度`} path="/track/" hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} />
      <SuccessNotice notice={notice} />
      <h1>投诉 {t.reference} 办理进度</h1>
      <dl class="summary-list">
        <dt>当前环节</dt>
        <dd data-status={t.status}>{t.statusLabel}</dd>
        {t.dueBy && (
          <>
            <dt>当前期限</dt>
            <dd>
              {formatDate(t.dueBy)}
              {t.dueByProvisional && <span class="hint">（暂按周一至周五推算，放假安排公布后可能调整）</span>}
            </dd>
          </>
        )}
        <dt>投诉类别</dt>
        <dd>{t.categoryLabel}</dd>
        <dt>被投诉部门</dt>
        <dd>{t.department.name}</dd>
        <dt>本案联系方式</dt>
        <dd>
          {t.contact.name}，电话 <a href={`tel:${t.contact.phone}`}>{t.contact.phone}</a>（{t.contact.hours}）
        </dd>
      </dl>

      <h2>办理经过</h2>
      <TimelineList events={t.events} details={(e) => <EventDetails type={e.type} data={e.data} />} />

      {t.canRate && (
        <section aria-labelledby="rate-title">
          <h2 id="rate-title">评价办理结果</h2>
          <form method="post" action="/track/rating" novalidate>
            {hidden}
            <div class={`form-group${err.level ? ' form-group--error' : ''}`}>
              <fieldset class="fieldset" aria-describedby={describedBy('level', false, form === 'rating' ? err.level : undefined)}>
                <legend class="fieldset__legend">您对这次办理满意吗？</legend>
                <FieldMessage id="level" message={err.level} />
                <div class="radios">
                  {satisfaction.codes.map((code) => (
                    <div class="radios__item">
                      <input class="radios__input" id={`level-${code}`} name="level" type="radio" value={code} checked={values.level === code} />
                      <label class="radios__label" for={`level-${code}`}>
                        {satisfaction.label(code)}
                      </label>
                    </div>
                  ))}
                </div>
              </fieldset>
            </div>
            <TextArea id="comment" label="意见和建议（可选）" hint={`最多 ${limits.comment} 字`} value={values.comment} error={err.comment} rows={3} />
            <button class="button" type="submit">
              提交评价
            </button>
          </form>
        </section>
      )}

      {t.canReview && t.reviewBy && (
        <section aria-labelledby="review-title">
          <h2 id="review-title">申请复核</h2>
          <p>对办理结论有异议的，可在 {formatDate(t.reviewBy)} 之前申请复核，效能办将另行指定人员复查。</p>
          <form method="post" action="/track/review" novalidate>
            {hidden}
            <TextArea id="reason" label="复核理由" hint={`写明哪一点结论您不认同，理由是什么（${limits.reason.min}—${limits.reason.max} 字）`} value={values.reason} error={err.reason} />
            <button class="button button--secondary" type="submit">
              申请复核
            </button>
          </form>
        </section>
      )}

      <h2>您提交的内容</h2>
      <dl class="summary-list">
        <dt>投诉方式</dt>
        <dd>{t.submitted.anonymous ? '匿名' : '实名'}</dd>
        <Entry term="姓名" value={t.submitted.name} />
        <Entry term="联系电话" value={t.submitted.phone} />
        <Entry term="电子邮箱" value={t.submitted.email} />
        <Entry term="工作人员姓名" value={t.submitted.staffName} />
        <dt>事情经过</dt>
        <dd class="prewrap">{t.submitted.description}</dd>
        <dt>诉求</dt>
        <dd class="prewrap">{t.submitted.request}</dd>
      </dl>
      <p>
        <a href="/track/">查询其他投诉</a>
      </p>
    </Layout>
  );
}
