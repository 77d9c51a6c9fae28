// Issue 17, item 9: the complaint form narrows the service and post lists to the chosen department
// with CSS alone (the strict CSP allows no inline style; no script needed), generated from the
// catalogue; without it the form works as before and the server checks the pair.
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { BASE, catalogue, postJson, validComplaint } from './helpers.ts';

describe('narrowing the service and post lists to the department', () => {
  it('marks each optgroup with its department and links the generated stylesheet', async () => {
    const html = await (await exports.default.fetch(`${BASE}/complaints/new/`)).text();
    expect(html).toContain('<link rel="stylesheet" href="/styles/complaint-narrow.css"/>');
    for (const d of catalogue.departments.filter((d) => catalogue.services.some((s) => s.department === d.id))) {
      expect(html).toMatch(new RegExp(`<select[^>]*id="service"[\\s\\S]*<optgroup label="${d.name}" data-department="${d.id}">`));
    }
    expect(html).not.toMatch(/<style|style="/);
  });

  it('the stylesheet hides, for every department, the other departments’ services and posts', async () => {
    const res = await env.ASSETS.fetch(`${BASE}/styles/complaint-narrow.css`);
    expect(res.status).toBe(200);
    const css = await res.text();
    for (const d of catalogue.departments) {
      expect(css).toContain(`form:has(#department option[value="${d.id}"]:checked) #service optgroup:not([data-department="${d.id}"])`);
      expect(css).toContain(`form:has(#department option[value="${d.id}"]:checked) #post optgroup:not([data-department="${d.id}"])`);
    }
  });

  it('still refuses on the server a service of another department (the path without CSS)', async () => {
    const [a, b] = catalogue.departments.filter((d) => catalogue.services.some((s) => s.department === d.id));
    const service = catalogue.services.find((s) => s.department === b.id)!;
    const res = await postJson('/api/complaints', validComplaint({ department: a.id, service: service.id, post: undefined }));
    expect(res.status).toBe(422);
  });
});
