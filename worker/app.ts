import { notifyPages, officeNotify } from './notify/routes.tsx';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from './env.ts';
import { log } from './lib/log.ts';
import { publicApi } from './openapi.ts';
import { requestLog } from './lib/request-log.ts';
import { securityHeaders } from './lib/security-headers.ts';
import { pageMatcher, slashRedirect, type PageMatcher } from './lib/trailing-slash.ts';
import { appointmentPages } from './routes/appointments.tsx';
import { bulletinPages } from './routes/bulletin-pages.tsx';
import { applicationPages } from './routes/applications.tsx';
import { complaintPages } from './routes/complaints.tsx';
import { officeNotFound, officePages } from './routes/office.tsx';
import { officeAccounts } from './routes/office-accounts.tsx';
import { officeAlerts } from './routes/office-alerts.tsx';
import { officeBulletins } from './routes/office-bulletins.tsx';
import { officeApi } from './routes/office-api.ts';
import { officeAppointments } from './routes/office-appointments.tsx';
import { officeApplications } from './routes/office-applications.tsx';
import { officeCases } from './routes/office-cases.tsx';
import { officeDecisions } from './routes/office-decisions.tsx';
import { officeTargets } from './routes/office-targets.tsx';
import { targetPages } from './routes/target-pages.tsx';
import { trackPages } from './routes/track.tsx';
import { inquiryPages, officeInquiries } from './routes/inquiries.tsx';
import { officeWhereabouts, whereaboutsPages } from './routes/whereabouts.tsx';
import { officeHandovers } from './routes/handovers.tsx';
import { dbOf } from './lib/db.ts';

export const app = new Hono<AppEnv>();

// First, so its headers land on every response: pages, APIs, errors and passed-through assets.
app.use(securityHeaders());
app.use(async (c, next) => {
  c.set('requestId', crypto.randomUUID());
  c.set('db', dbOf(c.env));
  await next();
});
app.use(requestLog());

// The public API: every route declared once with its schemas; /api/openapi.json is generated from them.
app.route('/', publicApi);
// The public bulletin pages and feed, rendered from D1 as soon as a month is published.
app.route('/bulletins/', bulletinPages);
// The quarterly target results (目标管理, issue 14), rendered from D1 once a quarter is published.
app.route('/targets/', targetPages);
app.route('/appointments/', appointmentPages);
app.route('/applications/', applicationPages);
app.route('/complaints/', complaintPages);
app.route('/track/', trackPages);
app.route('/office/', officePages);
app.route('/office/cases/', officeCases);
app.route('/office/appointments/', officeAppointments);
app.route('/office/applications/', officeApplications);
app.route('/office/alerts/', officeAlerts);
app.route('/office/bulletins/', officeBulletins);
app.route('/office/accounts/', officeAccounts);
app.route('/office/decisions/', officeDecisions);
app.route('/office/targets/', officeTargets);
app.route('/api/office/', officeApi);
app.route('/notify/', notifyPages);
app.route('/office/notify/', officeNotify);
app.route('/inquiries/', inquiryPages);
app.route('/office/inquiries/', officeInquiries);
app.route('/whereabouts/', whereaboutsPages);
app.route('/office/whereabouts/', officeWhereabouts);
app.route('/office/handovers/', officeHandovers);

let pages: PageMatcher | undefined;
app.notFound((c) => {
  // Pages end in a slash: /api, /complaints/new, /office/cases … go to /api/, /complaints/new/ ….
  pages ??= pageMatcher(app.routes.filter((r) => r.method === 'GET').map((r) => r.path));
  const slash = slashRedirect(c, pages);
  if (slash) return slash;
  if (c.req.path.startsWith('/api/')) {
    return c.json({ type: 'about:blank', title: '找不到该接口', status: 404, detail: `没有 ${c.req.method} ${c.req.path} 这个接口，请查看 /api/openapi.json` }, 404, {
      'Content-Type': 'application/problem+json; charset=utf-8',
    });
  }
  if (c.req.path.startsWith('/office/')) return officeNotFound(c);
  // Anything else the worker was asked first about falls back to the static site (and its 404 page).
  return c.env.ASSETS.fetch(c.req.raw);
});

app.onError((error, c) => {
  if (error instanceof HTTPException) return error.getResponse();
  log('error', 'unhandled', { requestId: c.var.requestId, route: c.req.routePath, name: error.name });
  return c.json({ type: 'about:blank', title: '服务器内部错误', status: 500, detail: '请稍后再试；如仍不行，请拨打效能投诉电话。' }, 500, {
    'Content-Type': 'application/problem+json; charset=utf-8',
  });
});
