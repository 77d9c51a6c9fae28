/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * /office/inquiries/: the first-inquiry register in the console (any staff member linked to a
 * staff record registers; the supervisor sees the whole register), and /inquiries/track/: the
 * person's lookup by reference + query code (POST, so the code never sits in a URL; wrong codes
 * are throttled like complaint lookups).
 */
import { Hono, type Context } from 'hono';
import { fieldErrors } from '../../schema/common.ts';
import { computeInquiryFigures } from '../../schema/bulletin/inquiries.ts';
import { inquiryActions, inquiryTrackFields, inquiryTrackInput, registerFields, registerSchema, type InquiryAction } from '../../schema/inquiry.ts';
import { shanghaiDate } from '../../schema/workdays.ts';
import type { AppEnv, StaffEnv } from '../env.ts';
import { readForm } from '../lib/body.ts';
import { stop } from '../lib/tracking-form.tsx';
import { catalogue } from '../lib/catalogue.ts';
import { checkCredentials, html as publicHtml, pathId } from '../lib/requests.ts';
import { staffApp, staffRecordOf } from '../office/auth.ts';
import { answers } from '../office/form.ts';
import { formAnswers, html, messagePage, officeForm } from '../office/pages.tsx';
import { act, authenticateInquiry, convertToComplaint, inquiryFactsOf, eventsOf, getInquiry, listInquiries, maySeeInquiry, personalOf, publicViewOf, registerInquiry, stateOf, type InquiryView } from '../services/inquiries.ts';
import { ErrorPage } from '../views/confirmation.tsx';
import { ConvertedPage, FiguresPage, InquiryListPage, InquiryPage, InquiryStatusPage, InquiryTrackForm, RegisteredPage, RegisterPage } from '../views/inquiries.tsx';
import { page } from '../views/layout.tsx';
import { now as clockNow } from '../../schema/clock.ts';

const STALE = '这条登记已被他人更新，请刷新后再操作';
const NO_STAFF = '您的账户没有对应的工作人员档案，不能登记首问；请联系系统管理员。';

async function render(c: Context<StaffEnv>, id: number | undefined, status: number, extra: { errors?: { field: string; message: string }[]; values?: Record<string, string>; notice?: string } = {}) {
  const staff = c.var.staff;
  const row = id === undefined ? undefined : await getInquiry(c.env, id);
  if (!row || !maySeeInquiry(staff, row)) return html(404, messagePage(staff, c.var.csrf, '找不到该登记', '没有这条首问登记，或者它与您和您的部门无关。', '/office/inquiries/'));
  const [history, personal] = await Promise.all([eventsOf(c.env, row.id), personalOf(c.env, row)]);
  return html(status, page(<InquiryPage staff={staff} csrf={c.var.csrf} row={row} state={stateOf(row)} personal={personal} history={history} {...extra} />));
}

/** The register in the console, mounted at /office/inquiries/ (worker/app.ts). */
export const officeInquiries = staffApp('intake', 'handler', 'supervisor');

officeInquiries
  .get('/', async (c) => {
    const q = c.req.query('view');
    const view: InquiryView = q === 'handling' || q === 'all' ? q : 'follow-ups';
    const rows = await listInquiries(c.env, c.var.staff, view);
    return html(200, page(<InquiryListPage staff={c.var.staff} csrf={c.var.csrf} rows={rows} view={view} />));
  })
  .get('/new', (c) => {
    staffRecordOf(c, NO_STAFF, '/office/inquiries/');
    return html(200, page(<RegisterPage staff={c.var.staff} csrf={c.var.csrf} values={{}} />));
  })
  .post('/new', async (c) => {
    const staff = c.var.staff;
    const staffId = staffRecordOf(c, NO_STAFF, '/office/inquiries/');
    const values = await formAnswers(c, '无法登记', '/office/inquiries/new');
    const now = clockNow();
    const parsed = registerSchema(catalogue, shanghaiDate(now)).safeParse(values);
    if (!parsed.success) return html(422, page(<RegisterPage staff={staff} csrf={c.var.csrf} values={values} errors={fieldErrors(parsed.error, registerFields)} />));
    const registered = await registerInquiry(c.env, parsed.data, staffId, now);
    return html(201, page(<RegisteredPage staff={staff} csrf={c.var.csrf} registered={registered} />));
  })
  .get('/figures', async (c) => {
    const staff = c.var.staff;
    if (staff.role !== 'supervisor') return html(403, messagePage(staff, c.var.csrf, '无权访问', '月度数字只对效能办负责人开放。', '/office/inquiries/'));
    const q = c.req.query('month') ?? '';
    const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(q) ? q : shanghaiDate(clockNow()).slice(0, 7);
    const figures = computeInquiryFigures(await inquiryFactsOf(c.env, month), clockNow());
    return html(200, page(<FiguresPage staff={staff} csrf={c.var.csrf} month={month} figures={figures} />));
  })
  .get('/:id', (c) => render(c, pathId(c), 200))
  .post('/:id/:action', async (c) => {
    const staff = c.var.staff;
    const action = c.req.param('action') as InquiryAction;
    if (!Object.hasOwn(inquiryActions, action)) return html(404, messagePage(staff, c.var.csrf, '没有这项操作', '请返回登记页面重新操作。', '/office/inquiries/'));
    const id = pathId(c);
    const row = id === undefined ? undefined : await getInquiry(c.env, id);
    if (!row || !maySeeInquiry(staff, row)) return render(c, undefined, 404);
    const spec = inquiryActions[action];
    if (!(spec.roles as readonly string[]).includes(staff.role)) return html(403, messagePage(staff, c.var.csrf, '无权操作', '您的账户角色不能做这项操作。', `/office/inquiries/${row.id}`));
    const form = await officeForm(c, '无法记录', `/office/inquiries/${row.id}`, []);
    const values = answers(form) as Record<string, string>;
    const parsed = spec.input.safeParse(values);
    if (!parsed.success) return render(c, row.id, 422, { errors: fieldErrors(parsed.error, ['reply', 'note', 'version']), values });
    const outcome = await act(c.env, row, action, parsed.data as { version: number }, staff.staffId ?? staff.username);
    if (outcome === 'not-allowed') return render(c, row.id, 409, { errors: [{ field: 'version', message: '这条登记已办结，不能再做这项操作' }] });
    if (outcome === 'stale') return render(c, row.id, 409, { errors: [{ field: 'version', message: STALE }], values });
    return render(c, row.id, 200, { notice: action === 'close' ? '已记录办结。' : '已记录督促。' });
  });

/**
 * The person's lookup form read and its credentials checked: the inquiry, the credentials and the
 * form's answers, or the finished page (400/404/422/429) thrown for app.ts's onError.
 */
async function checkedInquiry(c: Context<AppEnv>, failTitle: string) {
  const body = await readForm(c.req.raw);
  if (!body.ok) return stop(publicHtml(body.status, page(<ErrorPage title={failTitle} message={body.message} path="/inquiries/track/" />)));
  const form: Record<string, string> = {};
  for (const k of inquiryTrackFields) if (typeof body.value[k] === 'string' && body.value[k].trim() !== '') form[k] = body.value[k];
  const check = await checkCredentials(c, form, { schema: inquiryTrackInput, fields: inquiryTrackFields, authenticate: authenticateInquiry });
  switch (check.kind) {
    case 'blocked':
      return stop(publicHtml(429, page(<ErrorPage title="尝试次数太多" message={`查询码错误次数过多，请 ${Math.ceil(check.retryAfter / 60)} 分钟后再试。`} path="/inquiries/track/" />), { 'Retry-After': String(check.retryAfter) }));
    case 'invalid':
      return stop(publicHtml(422, page(<InquiryTrackForm values={form} errors={check.errors} />)));
    case 'not-found':
      return stop(publicHtml(404, page(<InquiryTrackForm values={{}} errors={[]} notFound />)));
    case 'ok':
      return { row: check.row, creds: check.creds, answers: body.value };
  }
}

/** The person's lookup, mounted at /inquiries/ (worker/app.ts). */
export const inquiryPages = new Hono<AppEnv>()
  .get('/track/', (c) => publicHtml(200, page(<InquiryTrackForm values={{}} errors={[]} />)))
  .post('/track/', async (c) => {
    const check = await checkedInquiry(c, '无法查询');
    return publicHtml(200, page(<InquiryStatusPage view={await publicViewOf(c.env, check.row)} creds={check.creds} />));
  })
  .post('/track/complaint', async (c) => {
    const check = await checkedInquiry(c, '无法转为投诉');
    if (check.answers.consent !== 'yes') {
      return publicHtml(422, page(<InquiryStatusPage view={await publicViewOf(c.env, check.row)} creds={check.creds} consentError="请阅读并同意个人信息保护说明后再转为投诉" />));
    }
    const outcome = await convertToComplaint(c.env, check.row);
    if (outcome.kind !== 'done') {
      const message = { 'not-overdue': '这条询问还没有超过办理时限，请先联系承办人。', closed: '这条询问已经办结，不能再转为投诉；如不满意请直接提出效能投诉。', already: '这条询问已经转为效能投诉。' }[outcome.kind];
      return publicHtml(409, page(<ErrorPage title="不能转为投诉" message={message} path="/inquiries/track/" />));
    }
    return publicHtml(201, page(<ConvertedPage reference={outcome.reference} accessCode={outcome.accessCode} inquiry={check.row.reference} />));
  });
