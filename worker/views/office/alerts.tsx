/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** The supervisor's accountability alerts: which rule, who, when, and what was done. */
import type { FieldError } from '../../../schema/common.ts';
import type { Staff } from '../../env.ts';
import { alertRules, periodLabel, subjectName, type Alert, type AlertHistoryEntry } from '../../services/alerts.ts';
import { catalogue } from '../../lib/catalogue.ts';
import { errorMap } from '../fields.tsx';
import { dateTime } from './cases.tsx';
import { TextArea } from './fields.tsx';
import { CsrfField, OfficeLayout } from './layout.tsx';

/**
 * The proposal an alert leads to (issue 14): 待岗 for the person (3 in a month), a written admonition
 * of the unit head (2 in a month / 5 in a year), loss of award eligibility (2 in a year).
 */
function decisionLink(a: Alert): string {
  const unit = alertRules[a.rule].subject === 'unit';
  const staff = unit ? (catalogue.departments.find((d) => d.id === a.subject)?.head ?? '') : a.subject;
  const kind = a.rule === 'staff-suspension' ? 'standby' : a.rule === 'person-year' ? 'award-ineligible' : 'written-admonition';
  return `/office/decisions/new?${new URLSearchParams({ alert: String(a.id), kind, staff })}`;
}

const historyLabels: Record<AlertHistoryEntry['type'], string> = { raised: '提醒', 'count-changed': '次数变更', withdrawn: '撤销', reinstated: '恢复' };

export function AlertsPage({
  staff,
  csrf,
  alerts,
  histories = new Map(),
  failed,
  notice,
}: {
  staff: Staff;
  csrf: string;
  alerts: Alert[];
  histories?: Map<number, AlertHistoryEntry[]>;
  failed?: { id: number; errors: FieldError[]; value: string };
  notice?: string;
}) {
  const errors = failed ? failed.errors.map((e) => ({ ...e, field: `resolution-${failed.id}` })) : [];
  const open = alerts.filter((a) => !a.resolvedAt && !a.withdrawnAt);
  return (
    <OfficeLayout title="问责提醒" staff={staff} csrf={csrf} active="alerts" errors={errors} notice={notice}>
      <h1>问责提醒</h1>
      <p>按被诉待岗制度和效能告诫制度，达到下列情形时系统自动提醒；请在处理后记录处理情况。当前待处理 {open.length} 条。</p>
      {alerts.length === 0 && <p>目前没有提醒。</p>}
      {alerts.map((a) => {
        const rule = alertRules[a.rule];
        const err = failed?.id === a.id ? errorMap(failed.errors) : {};
        return (
          <section class={`alert-card${a.resolvedAt || a.withdrawnAt ? ' alert-card--resolved' : ''}`} aria-labelledby={`alert-${a.id}-title`} data-alert-state={a.withdrawnAt ? 'withdrawn' : a.resolvedAt ? 'resolved' : 'open'}>
            <h2 id={`alert-${a.id}-title`}>
              {a.withdrawnAt ? '已撤销：' : a.resolvedAt ? '已处理：' : '待处理：'}
              {rule.title}
            </h2>
            <dl class="summary-list">
              <dt>对象</dt>
              <dd>{subjectName(a.rule, a.subject)}</dd>
              <dt>期间</dt>
              <dd>{periodLabel(a.period)}</dd>
              <dt>次数</dt>
              <dd>
                {a.count} 次（规定 {rule.threshold} 次）
              </dd>
              <dt>应当</dt>
              <dd>{rule.consequence}</dd>
              <dt>依据</dt>
              <dd>
                <a href={`/rules/${rule.rule.id}/`}>{rule.rule.title}</a>
              </dd>
              <dt>提醒时间</dt>
              <dd>{dateTime(a.raisedAt)}</dd>
              {a.withdrawnAt && (
                <>
                  <dt>撤销</dt>
                  <dd class="prewrap">
                    {dateTime(a.withdrawnAt)}：{a.withdrawalReason}
                  </dd>
                </>
              )}
              {(histories.get(a.id) ?? []).length > 0 && (
                <>
                  <dt>变更记录</dt>
                  <dd>
                    <ul>
                      {(histories.get(a.id) ?? []).map((h) => (
                        <li>
                          {dateTime(h.at)} {historyLabels[h.type]}（{h.count} 次）{h.reason ? `：${h.reason}` : ''}
                        </li>
                      ))}
                    </ul>
                  </dd>
                </>
              )}
              {a.resolvedAt && (
                <>
                  <dt>处理情况</dt>
                  <dd class="prewrap">{a.resolution}</dd>
                  <dt>记录人</dt>
                  <dd>
                    {a.resolvedByName}，{dateTime(a.resolvedAt)}
                  </dd>
                </>
              )}
            </dl>
            {!a.resolvedAt && !a.withdrawnAt && (
              <p>
                <a href={decisionLink(a)} data-decision-link="">
                  据此提出处理建议
                </a>
              </p>
            )}
            {!a.resolvedAt && !a.withdrawnAt && (
              <form method="post" action={`/office/alerts/${a.id}/resolve`} novalidate>
                <CsrfField csrf={csrf} />
                <TextArea id={`resolution-${a.id}`} name="resolution" label="处理情况" hint="写明作出了什么处理、何时作出、文号等" value={failed?.id === a.id ? failed.value : ''} error={err.resolution} />
                <button class="button" type="submit">
                  记录处理情况
                </button>
              </form>
            )}
          </section>
        );
      })}
    </OfficeLayout>
  );
}
