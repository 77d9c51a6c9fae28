/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** Stand-in handover (同岗替代) in the console: the list and planning form, and one handover with the post's history. */
import { absenceKinds } from '../../schema/appointment.ts';
import type { FieldError } from '../../schema/common.ts';
import { handoverActions, handoverEvents, handoverStatuses, type HandoverAction } from '../../schema/handover.ts';
import { eventLabel } from '../../schema/workflow.ts';
import type { Staff } from '../env.ts';
import { catalogue } from '../lib/catalogue.ts';
import { mayAct, type HandoverRow, type PostEventRow } from '../services/handovers.ts';
import { Choices, errorMap, Select, TextArea, TextField } from './fields.tsx';
import { formatStamp } from '../../schema/format.ts';
import { BackLink, CsrfField, OfficeLayout, VersionedForm } from './office/layout.tsx';
import { Table } from './records.tsx';

const nameOf = (id: string) => catalogue.staff.find((s) => s.id === id)?.name ?? id;
const postTitle = (id: string) => catalogue.posts.find((p) => p.id === id)?.title ?? id;

export function HandoversPage({ staff, csrf, rows, values = {}, errors = [], today }: { staff: Staff; csrf: string; rows: HandoverRow[]; values?: Record<string, string>; errors?: FieldError[]; today: string }) {
  const err = errorMap(errors);
  const myPosts = catalogue.posts.filter((p) => staff.role === 'supervisor' || p.holderA === staff.staffId);
  return (
    <OfficeLayout title="岗位交接" staff={staff} csrf={csrf} active="whereabouts" errors={errors}>
      <h1>岗位交接（同岗替代）</h1>
      <p>A 岗工作人员计划外出，要在外出开始前确定代岗人（默认 B 岗）。另选他人须经处室负责人批准，且代岗人熟悉该岗位业务。代岗人确认接手后代为办理；返岗时由代岗人写交回说明。</p>
      <Table class="table" head={['岗位', 'A 岗', '代岗人', '时间', '状态']}>
        {rows.map((r) => (
          <tr>
            <td>
              <a href={`/office/handovers/${r.id}`}>{postTitle(r.post)}</a>
            </td>
            <td>{nameOf(r.holder)}</td>
            <td>{nameOf(r.standIn)}</td>
            <td>
              {r.fromDate} 至 {r.toDate}
            </td>
            <td>{handoverStatuses[r.status]}</td>
          </tr>
        ))}
      </Table>
      {myPosts.length > 0 && (
        <form method="post" action="/office/handovers/" novalidate>
          <CsrfField csrf={csrf} />
          <h2>登记外出和交接</h2>
          <Select id="post" label="岗位" empty="请选择" value={values.post} error={err.post} options={myPosts.map((p) => ({ value: p.id, label: `${p.title}（B 岗：${nameOf(p.holderB)}）` }))} />
          <Select id="standIn" label="代岗人" hint="不选即由 B 岗代岗；选其他人须经处室负责人批准" empty="B 岗（默认）" value={values.standIn} error={err.standIn} options={catalogue.staff.map((s) => ({ value: s.id, label: `${s.name}（${s.title}）` }))} />
          <Select id="kind" label="原因" empty="请选择" value={values.kind} error={err.kind} options={absenceKinds.codes.map((k) => ({ value: k, label: absenceKinds.label(k) }))} />
          <TextField id="fromDate" label="从" hint="YYYY-MM-DD" value={values.fromDate ?? today} error={err.fromDate} width="10" />
          <TextField id="toDate" label="到（含这一天）" hint="YYYY-MM-DD" value={values.toDate ?? today} error={err.toDate} width="10" />
          <TextArea id="note" label="交接说明" hint="在办案件、预约、询问和其他待办事项" value={values.note} error={err.note} rows={4} />
          <button class="button" type="submit">
            登记交接
          </button>
        </form>
      )}
    </OfficeLayout>
  );
}

export function HandoverPage({ staff, csrf, row, history, errors = [], notice }: { staff: Staff; csrf: string; row: HandoverRow; history: PostEventRow[]; errors?: FieldError[]; notice?: string }) {
  const err = errorMap(errors);
  const actions = (Object.keys(handoverActions) as HandoverAction[]).filter((a) => (handoverActions[a].states as readonly string[]).includes(row.status) && mayAct(staff, row, a));
  return (
    <OfficeLayout title={`岗位交接：${postTitle(row.post)}`} staff={staff} csrf={csrf} active="whereabouts" errors={errors} notice={notice}>
      <h1>岗位交接：{postTitle(row.post)}</h1>
      <dl class="summary-list">
        <dt>A 岗</dt>
        <dd>{nameOf(row.holder)}</dd>
        <dt>代岗人</dt>
        <dd>{nameOf(row.standIn)}</dd>
        <dt>时间</dt>
        <dd>
          {row.fromDate} 至 {row.toDate}（{absenceKinds.label(row.kind)}）
        </dd>
        <dt>状态</dt>
        <dd>{handoverStatuses[row.status]}</dd>
      </dl>
      {actions.map((a) => (
        <VersionedForm action={`/office/handovers/${row.id}/${a}`} csrf={csrf} version={row.version}>
          <h2>{handoverActions[a].label}</h2>
          {a === 'approve' ? (
            <Choices name="familiar" kind="checkbox" label="代岗人是否熟悉该岗位" error={err.familiar} options={[{ value: 'yes', label: '我确认代岗人熟悉该岗位业务，同意代岗' }]} />
          ) : (
            <TextArea id="note" label={a === 'hand-back' ? '交回说明' : '接手说明（选填）'} error={err.note} rows={3} />
          )}
          <button class="button" type="submit">
            {handoverActions[a].label}
          </button>
        </VersionedForm>
      ))}
      <h2>岗位经过</h2>
      <ol class="timeline">
        {history.map((e) => {
          const data = JSON.parse(e.data) as { note?: string };
          return (
            <li>
              {formatStamp(e.at)} · {eventLabel(handoverEvents, e.type)} · {nameOf(e.actor)}
              {data.note && <p>{data.note}</p>}
            </li>
          );
        })}
      </ol>
      <BackLink href="/office/handovers/">返回岗位交接</BackLink>
    </OfficeLayout>
  );
}
