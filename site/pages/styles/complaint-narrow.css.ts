import type { APIRoute } from 'astro';
import { loadOffice } from '../../lib/office.ts';

/**
 * The complaint form's service and post lists narrowed to the chosen department, in CSS only
 * (issue 17, item 9): for each department, while its option is selected, the other departments'
 * optgroups (data-department, worker/views/complaint-form.tsx) are hidden. Built from the catalogue,
 * served as a static file (the strict CSP allows no inline style and the form needs no script).
 * Without :has() support nothing is hidden, and the server still refuses a service or post of
 * another department with a message: the no-JS, no-CSS path is unchanged.
 */
export const GET: APIRoute = async () => {
  const { departments } = await loadOffice();
  const id = (text: string) => text.replace(/[^a-z0-9-]/g, '');
  const rules = departments.map((d) => {
    const on = `form:has(#department option[value="${id(d.id)}"]:checked)`;
    return `${on} #service optgroup:not([data-department="${id(d.id)}"]),\n${on} #post optgroup:not([data-department="${id(d.id)}"]) {\n  display: none;\n}`;
  });
  const body = `/* Generated from the catalogue at build time (site/pages/styles/complaint-narrow.css.ts). */\n${rules.join('\n')}\n`;
  return new Response(body, { headers: { 'Content-Type': 'text/css; charset=utf-8' } });
};
