/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** The complaint form (/complaints/new/): works as a plain POST; complaint-form.js only polishes it. */
import { NotifyChoice } from '../notify/fields.tsx';
import { limits } from '../../schema/complaint.ts';
import { type FieldError } from '../../schema/common.ts';
import { categories } from '../../schema/domain.ts';
import { catalogue } from '../lib/catalogue.ts';
import { Choices, Consent, ErrorSummary, errorMap, FieldMessage, Select, TextArea, TextField } from './fields.tsx';
import { Layout } from './layout.tsx';

export type FormValues = Partial<Record<string, string>>;

export const complaintErrorIds: Record<string, string> = {
  category: `category-${categories.codes[0]}`,
  anonymous: 'anonymous-false',
  idempotencyKey: 'submit',
  turnstileToken: 'turnstile',
};

const privacy =
  '您的姓名、联系方式和投诉内容只用于办理本投诉，加密保存，只有经办的效能办工作人员可以查看；我们不会向被投诉单位或个人透露您的身份，也不会在任何公开信息（包括月度通报）中出现。查询办理进度时，只有同时持有受理编号和查询码的人才能看到您提交的内容。';

export interface ComplaintFormProps {
  values: FormValues;
  errors: FieldError[];
  idempotencyKey: string;
  turnstileSiteKey?: string;
}

export function ComplaintForm({ values, errors, idempotencyKey, turnstileSiteKey }: ComplaintFormProps) {
  const err = errorMap(errors);
  const departments = catalogue.departments;
  const byDepartment = <T extends { department: string }>(items: T[], label: (i: T) => string, id: (i: T) => string) =>
    departments
      .map((d) => ({ label: d.name, department: d.id, options: items.filter((i) => i.department === d.id).map((i) => ({ value: id(i), label: label(i) })) }))
      .filter((g) => g.options.length > 0);
  return (
    <Layout
      title="效能投诉"
      path="/complaints/new/"
      hasErrors={errors.length > 0}
      scripts={['/scripts/complaint-form.js']}
      externalScripts={turnstileSiteKey ? ['https://challenges.cloudflare.com/turnstile/v0/api.js'] : []}
    >
      <ErrorSummary errors={errors} ids={complaintErrorIds} />
      <h1>效能投诉</h1>
      <p class="lead">
        机关工作人员推诿扯皮、超过时限、未一次性告知、态度生硬、吃拿卡要、违反服务承诺等影响机关效能的行为，都可以在这里投诉。提交后您会得到受理编号和查询码，凭它们可随时查询办理进度。
      </p>
      <p>
        也可以拨打效能投诉电话 <a href={`tel:${catalogue.supervision.complaintPhone}`}>{catalogue.supervision.complaintPhone}</a>（{catalogue.supervision.phoneHours}）。
      </p>
      {/* Narrows the service and post lists to the chosen department with CSS :has() (no script; built from the catalogue). */}
      <link rel="stylesheet" href="/styles/complaint-narrow.css" />
      <form method="post" action="/complaints/new/" novalidate data-complaint-form="">
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />

        <fieldset class="fieldset">
          <legend class="fieldset__legend">投诉对象</legend>
          <Select
            id="department"
            label="被投诉的部门"
            value={values.department}
            error={err.department}
            empty="请选择部门"
            groups={[{ options: departments.map((d) => ({ value: d.id, label: d.name })) }]}
          />
          <Select
            id="service"
            label="涉及的办事事项（可选）"
            hint="只能选所选部门的事项；不涉及具体事项可不选"
            value={values.service}
            error={err.service}
            empty="不涉及具体事项"
            groups={byDepartment(catalogue.services, (s) => `${s.code} ${s.name}`, (s) => s.id)}
          />
          <Select
            id="post"
            label="涉及的岗位（可选）"
            hint="只能选所选部门的岗位；不清楚可不选"
            value={values.post}
            error={err.post}
            empty="不清楚或不涉及"
            groups={byDepartment(catalogue.posts, (p) => p.title, (p) => p.id)}
          />
          <TextField id="staffName" label="工作人员姓名（可选）" hint={`知道姓名可以填写，最多 ${limits.staffName} 个字`} value={values.staffName} error={err.staffName} width="20" />
        </fieldset>

        <Choices
          name="category"
          label="投诉类别"
          hint="选择最接近的一项"
          value={values.category}
          error={err.category}
          options={categories.codes.map((code) => ({ value: code, id: `category-${code}`, label: categories.label(code) }))}
        />

        <TextField
          id="occurredOn"
          label="事情发生的日期"
          hint="写成 年-月-日，例如 2026-03-01；不能晚于今天"
          value={values.occurredOn}
          error={err.occurredOn}
          type="date"
          width="10"
        />
        <TextArea
          id="description"
          label="事情经过"
          hint={`写清什么时间、在哪个窗口或科室、办什么事、遇到了什么问题（${limits.description.min}—${limits.description.max} 字）`}
          value={values.description}
          error={err.description}
          rows={8}
        />
        <TextArea id="request" label="您的诉求" hint={`您希望我们怎么处理（最多 ${limits.request.max} 字）`} value={values.request} error={err.request} rows={4} />

        <Choices
          name="anonymous"
          label="实名还是匿名"
          hint="实名投诉会收到书面答复。匿名投诉不留姓名和联系方式，我们不作书面答复，但您仍可凭受理编号和查询码查询办理进度和结果。"
          value={values.anonymous}
          error={err.anonymous}
          options={[
            { value: 'false', id: 'anonymous-false', label: '实名投诉（留下姓名和联系方式）' },
            { value: 'true', id: 'anonymous-true', label: '匿名投诉（不作书面答复）' },
          ]}
        />

        <fieldset class="fieldset" data-contact="">
          <legend class="fieldset__legend">联系方式（实名投诉填写；匿名投诉请留空，填了也不会保存）</legend>
          <TextField id="name" label="姓名" value={values.name} error={err.name} autocomplete="name" width="20" />
          <TextField id="phone" label="联系电话" hint="手机写 11 位数字，固定电话写“区号-号码”，例如 0519-85681234；电话和邮箱至少填一项" value={values.phone} error={err.phone} type="tel" autocomplete="tel" width="20" />
          <TextField id="email" label="电子邮箱（可选）" value={values.email} error={err.email} type="email" autocomplete="email" width="30" />
          <div class="form-group" data-identity-consent="">
            <div class="checkboxes__item">
              <input class="checkboxes__input" id="identityConsent" name="identityConsent" type="checkbox" value="true" checked={values.identityConsent === 'true'} aria-describedby="identityConsent-hint" />
              <label class="checkboxes__label" for="identityConsent">
                我同意被投诉的部门在办理时知道我的姓名和联系方式（可不选）
              </label>
            </div>
            <p class="hint" id="identityConsent-hint">
              不选时，被投诉的部门只能看到事情本身，看不到您是谁；被投诉的工作人员本人在任何情况下都看不到您的投诉。
            </p>
          </div>
        </fieldset>
        <NotifyChoice values={values} />

        <Consent privacy={privacy} value={values.consent} error={err.consent} />

        {turnstileSiteKey && (
          <div class={`form-group${err.turnstileToken ? ' form-group--error' : ''}`} id="turnstile" tabindex={-1}>
            <FieldMessage id="turnstileToken" message={err.turnstileToken} />
            <div class="cf-turnstile" data-sitekey={turnstileSiteKey} data-language="zh-cn"></div>
          </div>
        )}
        <FieldMessage id="idempotencyKey" message={err.idempotencyKey} />
        <button class="button" id="submit" type="submit" data-prevent-double-click="">
          提交投诉
        </button>
      </form>
    </Layout>
  );
}
