import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { validAppointment } from './appointments-helpers.ts';
import { postForm, postJson, asForm, validComplaint } from './helpers.ts';
import { signIn } from './office-helpers.ts';

const MARK = `L${Date.now().toString(36).toUpperCase()}`;
const person = {
  name: `日志测试${MARK}`,
  phone: '13955501234',
  email: `log.${MARK.toLowerCase()}@example.org`,
  staffName: `被投诉人${MARK}`,
  description: `日志标记 ${MARK}：窗口承诺的办结时间已过，仍没有人说明原因，请核查处理。`,
  request: `请回复 ${MARK}`,
};
const CLIENT_IP = '198.18.77.201';
const IPV6 = '2001:db8::7f3a';

let lines: string[] = [];
beforeEach(() => {
  lines = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    });
  }
});
afterEach(() => vi.restoreAllMocks());

function expectClean(what: string) {
  expect(lines.length, `${what} logged nothing`).toBeGreaterThan(0);
  for (const line of lines) {
    let parsed: Record<string, unknown>;
    expect(() => (parsed = JSON.parse(line)), `not a JSON line: ${line}`).not.toThrow();
    expect(parsed!.level).toMatch(/^(info|warn|error)$/);
    expect(typeof parsed!.event).toBe('string');
    expect(typeof parsed!.time).toBe('string');
    for (const value of [...Object.values(person), MARK, CLIENT_IP, IPV6, '13955501234']) expect(line, what).not.toContain(value);
    // No IPv4 or IPv6 address at all.
    expect(line).not.toMatch(/\b\d{1,3}(\.\d{1,3}){3}\b/);
    expect(line).not.toMatch(/\b[0-9a-f]{1,4}(:[0-9a-f]{0,4}){2,7}\b/i);
  }
}

describe('logs are JSON lines without personal data or client addresses', () => {
  it('for a filing through the API', async () => {
    const res = await postJson('/api/complaints', validComplaint(person), { 'CF-Connecting-IP': CLIENT_IP, 'Idempotency-Key': `logs-${MARK}` });
    expect(res.status).toBe(201);
    expectClean('API filing');
    expect(lines.some((l) => JSON.parse(l).event === 'complaint.filed')).toBe(true);
    expect(lines.some((l) => JSON.parse(l).event === 'request' && JSON.parse(l).status === 201)).toBe(true);
  });

  it('for a filing through the form', async () => {
    const res = await postForm('/complaints/new/', asForm(validComplaint(person)), { 'CF-Connecting-IP': IPV6 });
    expect(res.status).toBe(303);
    expectClean('form filing');
  });

  it('for a refused filing (422) that echoes the answers on the page but not in the log', async () => {
    const res = await postJson('/api/complaints', validComplaint({ ...person, phone: `abc${MARK}` }), { 'CF-Connecting-IP': CLIENT_IP });
    expect(res.status).toBe(422);
    expectClean('refused filing');
  });

  it('for failed tracking attempts, through the API and the form, up to the 429', async () => {
    for (let i = 0; i < 11; i++) {
      await postJson('/api/track', { reference: 'XN-2611-ZZZZZZ', accessCode: `${MARK}XXXXXXXXXX`.slice(0, 10).replace(/[ILOU]/g, 'X') }, { 'CF-Connecting-IP': CLIENT_IP });
    }
    const blocked = await postJson('/api/track', { reference: 'XN-2611-ZZZZZZ', accessCode: 'ABCDEFGHJK' }, { 'CF-Connecting-IP': CLIENT_IP });
    expect(blocked.status).toBe(429);
    const page = await postForm('/track/', new URLSearchParams({ reference: 'XN-2611-ZZZZZZ', accessCode: 'ABCDE-FGHJK' }), { 'CF-Connecting-IP': IPV6 });
    expect(page.status).toBe(404);
    expectClean('failed tracking');
    const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.event === 'request');
    expect(requests.map((r) => r.status)).toContain(429);
    expect(requests.every((r) => !String(r.route).includes('XN-'))).toBe(true);
  });

  it('for an appointment booking and a failed tracking of it', async () => {
    const res = await postJson('/api/appointments', validAppointment({ name: person.name, phone: person.phone, matter: person.description }), { 'CF-Connecting-IP': CLIENT_IP, 'Idempotency-Key': `logs-appt-${MARK}` });
    expect(res.status).toBe(201);
    const { reference } = (await res.json()) as { reference: string };
    // Another address: CLIENT_IP has used up its wrong codes in the test above (the limit is shared).
    const wrong = await postJson('/api/appointments/track', { reference, accessCode: 'ABCDEFGHJK' }, { 'CF-Connecting-IP': IPV6 });
    expect(wrong.status).toBe(404);
    expectClean('appointment');
    expect(lines.some((l) => JSON.parse(l).event === 'appointment.booked')).toBe(true);
  });

  it('for a failed console sign-in with a marker as the user name and password', async () => {
    const { res } = await signIn(person.name, `${MARK}-password`, CLIENT_IP);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expectClean('failed sign-in');
    for (const line of lines) expect(line).not.toContain(`${MARK}-password`);
  });
});
