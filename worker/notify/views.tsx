/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** Console views of notifications: delivery state on the case page, preferences, the local SMS sink. */
import type { FieldError } from '../../schema/common.ts';
import type { Staff } from '../env.ts';
import { errorMap, TextField } from '../views/fields.tsx';
import { dateTime } from '../views/office/cases.tsx';
import { Layout } from '../views/layout.tsx';
import { CsrfField, OfficeLayout } from '../views/office/layout.tsx';
import { stateLabels, type Delivery, type OutboxOverview, type StaffPrefs } from './status.ts';
import { Table } from '../views/records.tsx';

const channelLabels = { email: '电子邮件', sms: '短信' } as const;
const audienceLabels = { citizen: '投诉人', staff: '工作人员' } as const;

/** The case page's notification section: what went to whom (by role, never the address) and how it went. */
export function Deliveries({ rows, citizen = '投诉人', empty = '没有发出通知（投诉人未选择通知、匿名投诉，或还没有需要通知的进展）。' }: { rows: Delivery[]; citizen?: string; empty?: string }) {
  return (
    <section aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">通知发送情况</h2>
      {rows.length === 0 ? (
        <p>{empty}</p>
      ) : (
        <Table class="table" caption="通知发送情况" captionClass="visually-hidden" head={['时间', '对象', '方式', '内容', '状态']}>
          {rows.map((d) => (
            <tr>
              <td>{dateTime(d.at)}</td>
              <td>{d.audience === 'citizen' ? citizen : audienceLabels[d.audience]}</td>
              <td>{channelLabels[d.channel]}</td>
              <td>{d.what}</td>
              <td>
                {stateLabels[d.state] ?? d.state}
                {d.sentAt ? `（${dateTime(d.sentAt)}）` : ''}
                {d.state !== 'sent' && d.attempts > 0 ? `，已尝试 ${d.attempts} 次` : ''}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}

export function PrefsPage({
  staff,
  csrf,
  prefs,
  errors,
  notice,
  staffSms,
  outbox,
}: {
  staff: Staff;
  csrf: string;
  prefs: Partial<Record<keyof StaffPrefs, string>>;
  errors: FieldError[];
  notice?: string;
  staffSms: boolean;
  /** Supervisors and admins: the outbox's messages and their states. */
  outbox?: OutboxOverview;
}) {
  const err = errorMap(errors);
  return (
    <OfficeLayout title="通知设置" staff={staff} csrf={csrf} active="notify" errors={errors} notice={notice}>
      <h1>通知设置</h1>
      <p>有新分派、转办、复核申请、超期等事项时，系统按这里的设置通知您。通知只写编号和事项，不写投诉内容。</p>
      <form method="post" action="/office/notify/" novalidate>
        <CsrfField csrf={csrf} />
        <TextField id="email" label="接收通知的电子邮箱" hint="不填则不发电子邮件" value={prefs.email} error={err.email} type="email" autocomplete="email" width="30" />
        <fieldset class="fieldset">
          <legend class="fieldset__legend">发送频率</legend>
          <div class="radios__item">
            <input class="radios__input" id="mode-immediate" name="mode" type="radio" value="immediate" checked={prefs.mode !== 'digest'} />
            <label class="radios__label" for="mode-immediate">
              每件事马上发一封
            </label>
          </div>
          <div class="radios__item">
            <input class="radios__input" id="mode-digest" name="mode" type="radio" value="digest" checked={prefs.mode === 'digest'} />
            <label class="radios__label" for="mode-digest">
              每天汇总一封（凌晨汇总，上午送达）
            </label>
          </div>
        </fieldset>
        <TextField id="phone" label="接收紧急短信的手机号" hint={staffSms ? '11 位手机号；只用于超期和红牌提醒' : '本单位尚未开通工作人员短信提醒；可以先填写'} value={prefs.phone} error={err.phone} type="tel" autocomplete="tel" width="20" />
        <div class="checkboxes__item">
          <input class="checkboxes__input" id="smsUrgent" name="smsUrgent" type="checkbox" value="true" checked={prefs.smsUrgent === 'true'} />
          <label class="checkboxes__label" for="smsUrgent">
            超期和红牌时给我发短信
          </label>
        </div>
        <button class="button" type="submit">
          保存
        </button>
      </form>
      {outbox && <OutboxSection outbox={outbox} />}
    </OfficeLayout>
  );
}

/** Every message's state (supervisors and admins), newest first; no address, ever. */
function OutboxSection({ outbox }: { outbox: OutboxOverview }) {
  return (
    <section aria-labelledby="outbox-title">
      <h2 id="outbox-title">通知发送情况</h2>
      <p>
        每条通知与引起它的办理动作同时写入，经队列发送；失败的自动重试，多次失败后转入死信队列并标为“发送失败”。这里不显示地址和手机号。
        <a href="/office/notify/sms/">本地短信接收器的记录</a>
      </p>
      {outbox.counts.length === 0 ? (
        <p>还没有通知。</p>
      ) : (
        <Table class="table" caption="按状态统计" head={['状态', '渠道', '条数']}>
          {outbox.counts.map((c) => (
            <tr>
              <td>{stateLabels[c.state] ?? c.state}</td>
              <td>{channelLabels[c.channel]}</td>
              <td>{c.n}</td>
            </tr>
          ))}
        </Table>
      )}
      {outbox.rows.length > 0 && (
        <Table class="table" caption="最近的通知" head={['写入时间', '对象', '渠道', '内容', '状态', '尝试次数', '错误代码']}>
          {outbox.rows.map((r) => (
            <tr>
              <td>{dateTime(r.at)}</td>
              <td>{r.audience === 'citizen' ? '市民' : '工作人员'}</td>
              <td>{channelLabels[r.channel]}</td>
              <td>{r.what}</td>
              <td>{stateLabels[r.state] ?? r.state}</td>
              <td>{r.attempts}</td>
              <td>{r.error ?? ''}</td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}

export interface SinkMessage {
  at: string;
  phone: string;
  templateId: string;
  params: string[];
  text?: string;
  signName: string;
}

/** The local SMS sink's messages (demo only: production has no sink). */
export function SinkPage({ staff, csrf, messages, error }: { staff: Staff; csrf: string; messages: SinkMessage[]; error?: string }) {
  return (
    <OfficeLayout title="短信发送记录（本地演示）" staff={staff} csrf={csrf}>
      <h1>短信发送记录（本地演示）</h1>
      <p>本地运行时短信不会真的发出，而是发到本机的短信接收器；接收器按腾讯云的签名方法逐条验签后记录在这里。</p>
      {error && <p role="alert">{error}</p>}
      {messages.length === 0 && !error && <p>还没有短信。</p>}
      {messages.length > 0 && (
        <Table class="table" caption="短信发送记录" captionClass="visually-hidden" head={['时间', '手机号', '模板', '短信内容']}>
          {messages.map((m) => (
            <tr>
              <td>{m.at}</td>
              <td>{m.phone.replace(/(\d{3})\d{4}(\d{4})$/, '$1****$2')}</td>
              <td>{m.templateId}</td>
              <td>
                【{m.signName}】{m.text ?? m.params.join('，')}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </OfficeLayout>
  );
}

/** The unsubscribe page: a link in an e-mail only shows it; the button (POST) unsubscribes. */
export function UnsubscribePage({ reference, channel, token, state }: { reference: string; channel: string; token: string; state: 'confirm' | 'done' | 'invalid' }) {
  const what = channel === 'sms' ? '短信' : '电子邮件';
  return (
    <Layout title="退订通知" path="/notify/unsubscribe">
      <h1>退订通知</h1>
      {state === 'invalid' && <p>这个退订链接不完整或已失效。请使用通知邮件里的完整链接，或拨打效能投诉电话办理。</p>}
      {state === 'done' && (
        <p role="status">
          已退订：{reference} 的{what}通知不会再发送。办理进度仍可凭受理编号和查询码查询。
        </p>
      )}
      {state === 'confirm' && (
        <form method="post" action="/notify/unsubscribe" novalidate>
          <p>
            退订后，{reference} 的办理进展不再用{what}通知您，您仍可凭受理编号和查询码查询。
          </p>
          <input type="hidden" name="r" value={reference} />
          <input type="hidden" name="c" value={channel} />
          <input type="hidden" name="t" value={token} />
          <button class="button" type="submit">
            确认退订
          </button>
        </form>
      )}
    </Layout>
  );
}
