// Demo notifications (issue 15) for `npm start`: a complaint (XN-…-DEM003) and applications
// (DEMO-2612-A10, DEMO-2612-A15) whose citizens chose e-mail and SMS, and two staff accounts with
// their choices, so that /office/notify/ and the SMS sink show messages in every state:
// - 已发送 (sent earlier, with the provider's id);
// - 发送失败 (the provider kept failing: retried with backoff, then dead-lettered);
// - 排队中 (pending): handed to the queue by the first request after `npm start`, then really sent
//   by the consumer — e-mail to wrangler's simulation, SMS to the local sink (a citizen's SMS waits
//   for 08:00 in quiet hours; the staff red-card SMS is urgent and goes at once);
// - 待列入每日汇总 (held for the supervisor's daily digest).
// Rows are written as the outbox writes them (recipient = reference or account, never an address).
import { now as clockNow } from '../../../schema/clock.ts';
import { seal } from '../../lib/crypto.ts';
import { alertRules } from '../../services/alert-rules.ts';
import { datedReference, q } from './sql.ts';

const base = 'http://127.0.0.1:8787';
const account = (username: string) => `(select 'account:' || id from staff_accounts where username = ${q(username)})`;

interface Row {
  key: string;
  event: string;
  audience: 'citizen' | 'staff';
  /** A reference (citizen) or an SQL expression for `account:<id>` (staff). */
  recipient: string;
  subject: string;
  channel: 'email' | 'sms';
  template: string;
  params: Record<string, string>;
  urgent?: boolean;
  state: 'pending' | 'sent' | 'failed' | 'digest';
  minutesAgo: number;
  attempts?: number;
  error?: string;
}

export const demoNotificationNotes = [
  'demo notifications: /office/notify/ (demo-supervisor) lists them in every state; /office/notify/sms/ shows the texts the local sink received',
];

export async function demoNotificationsSql(now = clockNow(), deps?: { key: string }): Promise<string[]> {
  const local = './local.ts';
  const key = deps?.key ?? ((await import(/* @vite-ignore */ local)) as { devVar: (n: string) => string }).devVar('PII_KEY');
  const out: string[] = [];

  // Staff choices: the handler wants each message at once and urgent SMS; the supervisor a digest.
  const prefs = [
    { username: 'demo-handler', email: 'han.bing@office.example.cn', phone: '13600000022', mode: 'immediate', smsUrgent: 1 },
    { username: 'demo-supervisor', email: 'zhao.li@office.example.cn', phone: null, mode: 'digest', smsUrgent: 0 },
  ];
  for (const p of prefs) {
    out.push(
      `insert into staff_notification_prefs (account_id, email, phone, mode, sms_urgent, updated_at) select id, ${q(await seal(key, p.email))}, ${q(p.phone ? await seal(key, p.phone) : null)}, ${q(p.mode)}, ${p.smsUrgent}, ${now} from staff_accounts where username = ${q(p.username)};`,
    );
  }

  // The demo complaint XN-…-DEM003, received 8 days before the demo (seed-complaints.ts), by its reference on this demo.
  const complaint = datedReference('XN-2611-DEM003', now - 8 * 86_400_000);
  for (const channel of ['email', 'sms']) out.push(`insert into notification_subscriptions (reference, channel, created_at) values (${q(complaint)}, ${q(channel)}, ${now - 8 * 86_400_000});`);
  const track = `${base}/track/`;
  const appTrack = `${base}/applications/track/`;
  const a15 = 'BJ:DEMO-2612-A15';
  const a10 = 'BJ:DEMO-2612-A10';
  const a15Console = `${base}/office/applications/DEMO-2612-A15`;
  /** A message to a staff account about `subject`, or to the citizen of `subject` (their reference is the recipient; the template is named after the event, the key after both). */
  type Message = Omit<Row, 'audience' | 'recipient' | 'subject' | 'channel'>;
  const toCitizen = (subject: string, channel: Row['channel'], event: string, keyPart: string, m: Omit<Message, 'key' | 'event' | 'template'>): Row => {
    const template = event.replace('.', '-');
    return { audience: 'citizen', recipient: q(subject), subject, channel, key: `demo:${template}:${keyPart}${channel}`, event, template, ...m };
  };
  const toStaff = (username: string, subject: string, channel: Row['channel'], m: Message): Row => ({ audience: 'staff', recipient: account(username), subject, channel, ...m });
  /** The same message by e-mail, then by SMS. */
  const byBoth = (row: (channel: Row['channel']) => Row): Row[] => (['email', 'sms'] as const).map(row);
  const rows: Row[] = [
    // The complaint's acceptance: the e-mail went out; the SMS failed six times and was dead-lettered.
    ...byBoth((channel) =>
      toCitizen(complaint, channel, 'complaint.accepted', '', {
        params: { reference: complaint, status: '已受理', link: track },
        minutesAgo: 6 * 1440,
        ...(channel === 'email' ? { state: 'sent' } : { state: 'failed', attempts: 6, error: 'HTTP503' }),
      }),
    ),
    // DEMO-2612-A15: accepted three working days ago (e-mail sent, SMS dead-lettered); its red card
    // told 韩冰 by e-mail (sent) and by urgent SMS (pending: goes to the sink on start); the 督办 told the unit.
    ...byBoth((channel) =>
      toCitizen(a15, channel, 'application.accepted', 'A15:', {
        params: { reference: 'DEMO-2612-A15', status: '已受理，办理中', link: appTrack },
        minutesAgo: 3 * 1440,
        ...(channel === 'email' ? { state: 'sent' } : { state: 'failed', attempts: 6, error: 'DeadLetter' }),
      }),
    ),
    ...byBoth((channel) =>
      toStaff('demo-handler', a15, channel, {
        key: `demo:card-red:A15:${channel}`,
        event: 'card.raised',
        template: 'staff-card-red',
        params: { reference: 'DEMO-2612-A15', status: '红牌：超过承诺时限', link: a15Console },
        urgent: channel === 'sms',
        state: channel === 'email' ? 'sent' : 'pending',
        minutesAgo: 60,
      }),
    ),
    toStaff('demo-handler', a15, 'email', { key: 'demo:card-supervised:A15', event: 'card.supervised', template: 'staff-card-supervised', params: { reference: 'DEMO-2612-A15', link: a15Console }, state: 'pending', minutesAgo: 30 }),
    // DEMO-2612-A10: concluded two working days ago; the notices are pending and go out on start.
    ...byBoth((channel) =>
      toCitizen(a10, channel, 'application.concluded', 'A10:', {
        params: { reference: 'DEMO-2612-A10', status: '办结：准予办理', link: appTrack },
        state: 'pending',
        minutesAgo: 10,
      }),
    ),
    // Held for the supervisor's daily digest (the 01:00 sweep sends one e-mail listing them): the
    // seeded 被诉待岗 alert (worker/cli/seed/cases.ts), as alert.raised writes it.
    toStaff('demo-supervisor', '', 'email', {
      key: 'demo:alert:staff-suspension',
      event: 'alert.raised',
      template: 'staff-alert',
      params: { reference: '', status: alertRules['staff-suspension'].title, link: `${base}/office/alerts/` },
      state: 'digest',
      minutesAgo: 5,
    }),
  ];
  for (const r of rows) {
    const created = now - r.minutesAgo * 60_000;
    const sent = r.state === 'sent' ? created + 30_000 : null;
    out.push(
      `insert into notifications (key, event, audience, recipient, subject, channel, template, params, urgent, state, attempts, error, provider_id, created_at, queued_at, sent_at)
       values (${q(r.key)}, ${q(r.event)}, ${q(r.audience)}, ${r.recipient}, ${q(r.subject)}, ${q(r.channel)}, ${q(r.template)}, ${q(JSON.stringify(r.params))}, ${r.urgent ? 1 : 0}, ${q(r.state)}, ${r.attempts ?? (r.state === 'sent' ? 1 : 0)}, ${q(r.error ?? null)}, ${q(sent ? `demo-${r.key}` : null)}, ${created}, ${q(r.state === 'pending' || r.state === 'digest' ? null : created + 1000)}, ${q(sent)});`,
    );
  }
  return out;
}
