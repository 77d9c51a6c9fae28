/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** The confirmation after filing: reference, the access code (shown this once), what comes next. */
import type { Created } from '../../schema/complaint.ts';
import { catalogue } from '../lib/catalogue.ts';
import { Layout } from './layout.tsx';
import { ConfirmationGonePage, ReferencePanel } from './status-parts.tsx';
import { formatDate } from '../../schema/format.ts';

export { formatDate };

export function Confirmation({ created, anonymous }: { created: Created; anonymous: boolean }) {
  const s = catalogue.supervision;
  return (
    <Layout title="投诉已提交" path="/complaints/confirmation/" scripts={['/scripts/complaint-form.js']}>
      <ReferencePanel
        title="投诉已提交"
        referenceLabel="受理编号"
        reference={created.reference}
        accessCode={created.accessCode}
        warning="查询码只在这里显示这一次，我们不保存它的原文，丢失后无法找回。请打印本页或抄下受理编号和查询码，凭这两项查询办理进度。"
      />
      <p>
        <button class="button button--secondary" type="button" data-print="" hidden>
          打印本页
        </button>
      </p>
      <h2>接下来会怎样</h2>
      <ol class="steps">
        <li>
          效能办将在 <strong>{formatDate(created.acknowledgeBy)}</strong> 之前（{catalogue.office.limits.acceptance} 个工作日内）决定是否受理。
          {created.acknowledgeByProvisional && <span class="hint">（该日期超出已公布的放假安排，暂按周一至周五推算，公布后可能调整。）</span>}
        </li>
        <li>受理后一般在 {catalogue.office.limits.conclusion} 个工作日内办结；情况复杂需要延期的，会说明理由和新的期限。</li>
        <li>不予受理的，会说明理由、依据以及应当向哪里反映。</li>
        <li>{anonymous ? '您选择了匿名投诉：我们不作书面答复，请凭受理编号和查询码查询办理结果。' : '办结后我们会按您留下的联系方式答复您。'}</li>
      </ol>
      <p>
        查询进度：<a href="/track/">查询办理进度</a>
      </p>
      <h2>联系我们</h2>
      <p>
        {s.officeName}
        <br />
        效能投诉电话：<a href={`tel:${s.complaintPhone}`}>{s.complaintPhone}</a>（{s.phoneHours}）
      </p>
    </Layout>
  );
}

export function ConfirmationGone() {
  return (
    <ConfirmationGonePage path="/complaints/confirmation/">
      <p>为保护您的查询码，确认页只显示一次。请凭提交时记下的受理编号和查询码<a href="/track/">查询办理进度</a>。</p>
      <p>
        如果查询码没有记下，请拨打效能投诉电话 {catalogue.supervision.complaintPhone}，说明提交的时间和内容，工作人员会帮您核实。
      </p>
      <p>
        <a href="/complaints/new/">提交新的投诉</a>
      </p>
    </ConfirmationGonePage>
  );
}

export function ErrorPage({ title, message, path }: { title: string; message: string; path: string }) {
  return (
    <Layout title={title} path={path}>
      <h1>{title}</h1>
      <p>{message}</p>
    </Layout>
  );
}
