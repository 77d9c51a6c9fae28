// Issue 10: a handler recorded as absent on the appointment day (not only on the day of the request) is not named.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { bookableService, recordAbsence, validAppointment } from './appointments-helpers.ts';
import { catalogue, postJson } from './helpers.ts';

describe('A→B→head routing uses the appointment day', () => {
  it('A is in today but away on the appointment day: B is named; B away that day too: the head', async () => {
    const { post, department } = bookableService();
    const first = validAppointment();
    const day = first.date as string;
    await recordAbsence(post.holderA, day, day);
    const res = await postJson('/api/appointments', first);
    expect(res.status).toBe(201);
    const json = (await res.json()) as { reference: string; contact: { name: string; via: string } };
    expect(json.contact.via).toBe('b');
    expect(json.contact.name).toBe(catalogue.staff.find((s) => s.id === post.holderB)!.name);
    await recordAbsence(post.holderB, day, day);
    const second = (await (await postJson('/api/appointments', validAppointment())).json()) as { contact: { name: string; via: string } };
    expect(second.contact.via).toBe('head');
    expect(second.contact.name).toBe(catalogue.staff.find((s) => s.id === department.head)!.name);
    const row = await env.DB.prepare('select assignee from appointments where reference = ?').bind(json.reference).first<{ assignee: string }>();
    expect(row!.assignee).toBe(post.holderB);
  });
});
