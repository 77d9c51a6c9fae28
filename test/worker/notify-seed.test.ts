// The notifications demo (issue 15): after the seed, the outbox holds messages in every state, the
// pending ones really go out (e-mail, the staff red-card SMS at once, a citizen's SMS held in quiet
// hours), and the applications whose applicants chose e-mail and SMS have their subscriptions.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { now } from '../../schema/clock.ts';
import { makeCalendar } from '../../schema/workdays.ts';
import { demoApplicationsSql } from '../../worker/cli/seed/applications.ts';
import { demoCasesSql } from '../../worker/cli/seed/cases.ts';
import { demoNotificationsSql } from '../../worker/cli/seed/notifications.ts';
import { deliverOne } from '../../worker/notify/consumer.ts';
import { quietUntil } from '../../worker/notify/policy.ts';
import { catalogue } from './helpers.ts';

beforeAll(async () => {
  const deps = { key: env.PII_KEY, catalogue, calendar: makeCalendar(catalogue.calendar) };
  const statements = [...(await demoCasesSql(undefined, { ...deps, iterations: 1000 })), ...(await demoApplicationsSql(now(), deps)), ...(await demoNotificationsSql(now(), deps))];
  for (let i = 0; i < statements.length; i += 50) await env.DB.batch(statements.slice(i, i + 50).map((s) => env.DB.prepare(s)));
}, 60_000);

describe('the notifications demo', { timeout: 30_000 }, () => {
  it('has messages in every state, to citizens and staff, by e-mail and SMS, and no address in any row', async () => {
    const states = (await env.DB.prepare('select distinct state from notifications order by state').all<{ state: string }>()).results.map((r) => r.state);
    expect(states).toEqual(['digest', 'failed', 'pending', 'sent']);
    const kinds = (await env.DB.prepare("select distinct audience || '/' || channel as k from notifications order by k").all<{ k: string }>()).results.map((r) => r.k);
    expect(kinds).toEqual(['citizen/email', 'citizen/sms', 'staff/email', 'staff/sms']);
    const all = JSON.stringify((await env.DB.prepare('select * from notifications').all()).results);
    expect(all).not.toMatch(/1380000\d{4}|1360000\d{4}|@example\.com|@office\.example\.cn/);
    // Every staff row names a real account (the demo accounts exist).
    const orphans = await env.DB.prepare("select count(*) as n from notifications where audience = 'staff' and (recipient is null or recipient not like 'account:%')").first<{ n: number }>();
    expect(orphans!.n).toBe(0);
  });

  it('the applications that chose e-mail and SMS hold both subscriptions, and the red card names the demo handler', async () => {
    const subs = (await env.DB.prepare("select reference || '/' || channel as k from notification_subscriptions where reference like 'BJ:%' order by k").all<{ k: string }>()).results.map((r) => r.k);
    expect(subs).toEqual(['BJ:DEMO-2612-A10/email', 'BJ:DEMO-2612-A10/sms', 'BJ:DEMO-2612-A15/email', 'BJ:DEMO-2612-A15/sms']);
    const card = await env.DB.prepare("select c.holder, c.state from application_cards c join applications a on a.id = c.application_id where a.number = 'DEMO-2612-A15' and c.colour = 'red'").first();
    expect(card).toEqual({ holder: 'han-bing', state: 'supervised' });
  });

  it('the pending messages really go: e-mail to the sealed address, the urgent staff SMS at once, the citizen SMS after quiet hours', async () => {
    await env.DB.prepare("update notifications set state = 'queued' where state = 'pending'").run();
    const pending = (await env.DB.prepare("select id, key, channel, audience from notifications where state = 'queued' order by id").all<{ id: number; key: string; channel: string; audience: string }>()).results;
    expect(pending.length).toBe(4);
    const sent: { to: string; subject: string }[] = [];
    const mailEnv = { ...env, EMAIL: { send: async (m: { to: string; subject: string }) => (sent.push(m), { messageId: '<demo@test>' }) } as unknown as SendEmail } as Env;
    const phones: string[] = [];
    const fetcher = (async (_url: string, init: RequestInit) => {
      phones.push(...(JSON.parse(String(init.body)).PhoneNumberSet as string[]));
      return Response.json({ Response: { SendStatusSet: [{ SerialNo: `s${phones.length}`, Code: 'Ok' }] } });
    }) as unknown as typeof fetch;
    const at = now();
    const outcomes = Object.fromEntries(await Promise.all(pending.map(async (m) => [m.key, await deliverOne(mailEnv, m.id, 1, { fetcher }, at)] as const)));
    expect(outcomes['demo:card-red:A15:sms']).toBe('sent');
    expect(outcomes['demo:card-supervised:A15']).toBe('sent');
    expect(outcomes['demo:application-concluded:A10:email']).toBe('sent');
    expect(outcomes['demo:application-concluded:A10:sms']).toBe(quietUntil(at) === undefined ? 'sent' : 'deferred');
    expect(phones).toContain('+8613600000022');
    expect(sent.map((m) => m.to).sort()).toEqual(['applicant.a10@example.com', 'han.bing@office.example.cn']);
  });
});
