/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * /office/applications/: 电子监察 in the console (issue 12). Window clerks record applications and
 * their events (the same `recordEvents` as the machine API, source `console:<account>`, so a double
 * submit is a duplicate, not a second record); the efficiency office supervises cards (督办), units
 * answer (回告); admins manage the business-system clients.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { cardActionIds, cardActions, followUpInput, type CardAction } from '../../schema/application.ts';
import { followUpRating, ratingOf } from '../services/application-ratings.ts';
import { fieldErrors, type FieldError } from '../../schema/common.ts';
import type { Role } from '../../schema/domain.ts';
import { now as clockNow } from '../../schema/clock.ts';
import { shanghaiDate } from '../../schema/workdays.ts';
import type { StaffEnv } from '../env.ts';
import { randomCrockford } from '../lib/crypto.ts';
import { catalogue } from '../lib/catalogue.ts';
import { pathId } from '../lib/requests.ts';
import { onlyRoles, staffApp } from '../office/auth.ts';
import { html, messagePage, refusal, officeForm } from '../office/pages.tsx';
import { actOnCard, applicationFile, listApplications, listCards, openCaseFromCard } from '../services/application-cards.ts';
import { createClient, listClients, revokeClient } from '../services/application-clients.ts';
import { recordEvents } from '../services/applications.ts';
import { MOBILE } from '../../schema/common.ts';
import { applicationRef } from '../notify/outbox.ts';
import { deliveriesOf } from '../notify/status.ts';
import { Deliveries } from '../notify/views.tsx';
import { page } from '../views/layout.tsx';
import { monthlyPerformance, THRESHOLD } from '../services/application-performance.ts';
import { ApplicationFilePage, ApplicationsPage, ClerkForm, ClientsPage, PerformancePage, type ClerkValues, type EventValues } from '../views/office/applications.tsx';

const readers: Role[] = ['intake', 'handler', 'supervisor', 'admin'];
const clerks = onlyRoles('intake', 'handler', 'supervisor');

/** Mounted at /office/applications/ (worker/app.ts): every route is for `readers`, some for fewer. */
export const officeApplications = staffApp(...readers);
const NUMBER = /^[A-Za-z0-9-]{6,40}$/;
const pick = <T extends string>(value: string | undefined, allowed: readonly T[]) => (allowed.includes(value as T) ? (value as T) : undefined);

/** The console's Shanghai wall-clock input (datetime-local) as an ISO instant; empty: now. */
function occurredAt(value: string | undefined, now: number): string {
  if (!value) return new Date(now).toISOString();
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? `${value}:00+08:00` : value;
}

/** An event outcome's refusal as a form error (on the field it names, else on the type). */
function refusalErrors(reason: string): FieldError[] {
  const field = /^data\.(\w+)/.exec(reason)?.[1] ?? /^(occurredAt)/.exec(reason)?.[1] ?? 'type';
  return [{ field, message: reason.replace(/^data\.\w+：/, '') }];
}

/** The card named in the path, or a 404 thrown. */
function cardIdOf(c: Context<StaffEnv>): number {
  const id = pathId(c);
  if (!id) throw refusal(c, 404, '找不到该预警', '预警编号不正确。', '/office/applications/');
  return id;
}

/** A card action's roles depend on the action (schema/application.ts cardActions); an unknown one is a 404. */
const cardActionRoles: MiddlewareHandler<StaffEnv> = (c, next) => {
  const action = pick(c.req.param('action'), cardActionIds);
  if (!action) throw refusal(c, 404, '找不到该操作', '没有这个预警操作。', '/office/applications/');
  return onlyRoles(...(cardActions[action].roles as readonly Role[]))(c, next);
};

const str = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;

officeApplications
  .get('/', async (c) => {
    const q = c.req.query();
    const filters = {
      department: pick(q.department, catalogue.departments.map((d) => d.id)),
      service: pick(q.service, catalogue.services.map((s) => s.id)),
      colour: pick(q.colour, ['yellow', 'red'] as const),
      state: pick(q.state, ['open', 'supervised', 'answered', 'closed'] as const),
      status: pick(q.status, ['received', 'accepted', 'not-accepted', 'approved', 'refused', 'withdrawn'] as const),
    };
    const [applications, cards] = await Promise.all([listApplications(c.var.db, filters), listCards(c.var.db, filters)]);
    const notice = q.done === 'card' ? '已记录。' : undefined;
    return html(200, page(<ApplicationsPage staff={c.var.staff} csrf={c.var.csrf} filters={filters} applications={applications} cards={cards} notice={notice} />));
  })
  .get('/new', clerks, (c) =>
    html(200, page(<ClerkForm staff={c.var.staff} csrf={c.var.csrf} values={{ key: crypto.randomUUID() }} />)),
  )
  .post('/new', clerks, async (c) => {
    const staff = c.var.staff;
    const f = await officeForm(c, '未能录入', '/office/applications/new', ['notify']);
    const now = clockNow();
    const values: ClerkValues = {
      key: /^[\x21-\x7e]{8,60}$/.test(str(f.key) ?? '') ? str(f.key)! : crypto.randomUUID(),
      number: str(f.number),
      service: str(f.service),
      channel: str(f.channel),
      applicantKind: str(f.applicantKind),
      applicantName: str(f.applicantName),
      idNumber: str(f.idNumber),
      phone: str(f.phone),
      email: str(f.email),
      notify: (Array.isArray(f.notify) ? f.notify : []).filter((v) => v === 'email' || v === 'sms'),
      decision: str(f.decision),
      materials: str(f.materials),
    };
    const errors: FieldError[] = [];
    if (!values.service || !catalogue.services.some((s) => s.id === values.service)) errors.push({ field: 'service', message: '请选择办理事项' });
    if (values.number && !NUMBER.test(values.number)) errors.push({ field: 'number', message: '办件编号应为 6—40 位字母、数字或连字符；不填则自动生成' });
    if (!values.applicantName) errors.push({ field: 'applicantName', message: '请填写申请人姓名或单位名称' });
    // The notice channels need their address (the event schema checks it again for the machine API).
    if (values.notify?.includes('sms') && !MOBILE.test(values.phone ?? '')) errors.push({ field: 'phone', message: '申请人选择了短信通知，请填写 11 位手机号；不需要就取消勾选“短信通知”' });
    if (values.notify?.includes('email') && !values.email) errors.push({ field: 'email', message: '申请人选择了电子邮件通知，请填写电子邮箱；不需要就取消勾选“电子邮件通知”' });
    const decision = pick(values.decision ?? 'accept', ['accept', 'correction', 'none'] as const);
    if (!decision) errors.push({ field: 'decision', message: '请选择当场处理方式' });
    const materials = (values.materials ?? '').split(/\r?\n/).map((m) => m.trim()).filter(Boolean);
    if (decision === 'correction' && materials.length === 0) errors.push({ field: 'materials', message: '需要补正时，请一次列出全部所缺材料，每行一项' });
    if (errors.length) return html(422, page(<ClerkForm staff={staff} csrf={c.var.csrf} values={values} errors={errors} />));

    const number = values.number ?? `CK-${shanghaiDate(now).replaceAll('-', '').slice(2)}-${randomCrockford(6)}`;
    const at = new Date(now).toISOString();
    const events: unknown[] = [
      {
        id: `${values.key}:received`,
        application: number,
        type: 'received',
        occurredAt: at,
        data: {
          service: values.service,
          channel: values.channel ?? 'window',
          applicant: { kind: values.applicantKind ?? 'person', name: values.applicantName, idNumber: values.idNumber, phone: values.phone, email: values.email },
          // The channels the applicant chose for status notices (issue 15).
          notify: { email: values.notify?.includes('email') ?? false, sms: values.notify?.includes('sms') ?? false },
          ...(staff.staffId ? { receiver: staff.staffId } : {}),
        },
      },
    ];
    if (decision === 'accept') events.push({ id: `${values.key}:accepted`, application: number, type: 'accepted', occurredAt: at, data: staff.staffId ? { by: staff.staffId } : {} });
    if (decision === 'correction') {
      events.push({ id: `${values.key}:correction`, application: number, type: 'correction-requested', occurredAt: at, data: { materials } });
      events.push({ id: `${values.key}:stop`, application: number, type: 'stop-started', occurredAt: at, data: { kind: 'correction' } });
    }
    const [first, ...rest] = await recordEvents(c.env, c.var.db, `console:${staff.accountId}`, null, events, now);
    if (first.status === 'refused') {
      const field = first.reason.includes('电子邮箱') ? 'email' : first.reason.includes('applicant') ? 'applicantName' : first.reason.includes('收件') ? 'number' : 'service';
      return html(422, page(<ClerkForm staff={staff} csrf={c.var.csrf} values={values} errors={[{ field, message: first.reason.replace(/^data\.[\w.]+：/, '') }]} />));
    }
    const refused = rest.find((r) => r.status === 'refused');
    const code = first.status === 'accepted' && first.queryCode ? `&code=${first.queryCode}` : '';
    return c.redirect(`/office/applications/${first.application}?done=new${code}${refused ? '&partial=1' : ''}`, 303);
  })
  .get('/clients/', onlyRoles('admin', 'supervisor'), async (c) =>
    html(200, page(<ClientsPage staff={c.var.staff} csrf={c.var.csrf} clients={await listClients(c.var.db)} />)),
  )
  .post('/clients/', onlyRoles('admin'), async (c) => {
    const staff = c.var.staff;
    const form = await officeForm(c, '未能创建', '/office/applications/clients/', []);
    const values = { name: str(form.name) ?? '', department: str(form.department) ?? '', service: str(form.service) ?? '' };
    const errors: FieldError[] = [];
    if (!values.name || values.name.length > 60) errors.push({ field: 'name', message: '请填写业务系统名称（最多 60 个字）' });
    const department = pick(values.department, catalogue.departments.map((d) => d.id));
    const service = pick(values.service, catalogue.services.map((s) => s.id));
    if (!department && !service) errors.push({ field: 'clientDepartment', message: '请选择可报送的部门或事项，至少一项' });
    if (errors.length) return html(422, page(<ClientsPage staff={staff} csrf={c.var.csrf} clients={await listClients(c.var.db)} errors={errors} values={values} />));
    const created = await createClient(c.env, c.var.db, { name: values.name, departments: department ? [department] : [], services: service ? [service] : [] });
    c.header('Cache-Control', 'no-store');
    return html(201, page(<ClientsPage staff={staff} csrf={c.var.csrf} clients={await listClients(c.var.db)} created={created} />), { 'Cache-Control': 'no-store' });
  })
  .post('/clients/:id/revoke', onlyRoles('admin'), async (c) => {
    const ok = await revokeClient(c.var.db, c.req.param('id'));
    if (!ok) return html(404, messagePage(c.var.staff, c.var.csrf, '找不到该客户端', '没有这个客户端。', '/office/applications/clients/'));
    return c.redirect('/office/applications/clients/', 303);
  })
  .post('/cards/:id/open-case', onlyRoles('supervisor'), async (c) => {
    const staff = c.var.staff;
    const outcome = await openCaseFromCard(c.env, c.var.db, cardIdOf(c), `console:${staff.accountId}`);
    if (outcome.kind === 'opened') return c.redirect(`/office/cases/${outcome.id}`, 303);
    if (outcome.kind === 'not-found') return html(404, messagePage(staff, c.var.csrf, '找不到该预警', '没有这个预警。', '/office/applications/'));
    if (outcome.kind === 'not-red') return html(409, messagePage(staff, c.var.csrf, '不能立案', '只有红牌可以直接立为效能案件。', '/office/applications/'));
    return html(409, messagePage(staff, c.var.csrf, '已经立案', '这张红牌已经立为效能案件。', '/office/applications/'));
  })
  .post('/cards/:id/:action', cardActionRoles, async (c) => {
    const staff = c.var.staff;
    const action = c.req.param('action') as CardAction;
    const id = cardIdOf(c);
    const form = await officeForm(c, '未能记录', '/office/applications/', []);
    const values = Object.fromEntries(Object.entries(form).filter(([k]) => k !== 'csrf').map(([k, v]) => [k, String(v)]));
    const parsed = (cardActions[action].input as z.ZodType).safeParse(Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== '')));
    const card = await c.var.db.query.applicationCards.findFirst({ where: (t, { eq }) => eq(t.id, id) });
    if (!card) return html(404, messagePage(staff, c.var.csrf, '找不到该预警', '没有这个预警。', '/office/applications/'));
    // A unit's handler answers only the cards of their own department.
    if (action === 'answer' && staff.role === 'handler' && staff.department !== card.department) {
      return html(403, messagePage(staff, c.var.csrf, '无权回告', '只有被督办部门的承办人可以回告。', '/office/applications/'));
    }
    const number = (await c.var.db.query.applications.findFirst({ where: (t, { eq }) => eq(t.id, card.applicationId) }))!.number;
    if (!parsed.success) {
      const file = (await applicationFile(c.var.db, number))!;
      const failed = { id, action, errors: fieldErrors(parsed.error), values };
      return html(422, page(<ApplicationFilePage staff={staff} csrf={c.var.csrf} file={file} eventValues={{ key: crypto.randomUUID() }} cardFailed={failed} />));
    }
    const outcome = await actOnCard(c.env, c.var.db, id, action, `console:${staff.accountId}`, parsed.data as Record<string, unknown>);
    if (outcome === 'wrong-state') return html(409, messagePage(staff, c.var.csrf, '未能记录', '这张预警的状态已经变化（可能他人刚刚处理过），请刷新后查看。', `/office/applications/${number}`));
    return c.redirect(`/office/applications/${number}?done=card`, 303);
  })
  .get('/performance', onlyRoles('supervisor', 'admin'), async (c) => {
    const today = shanghaiDate(clockNow());
    const asked = c.req.query('month');
    const month = asked && /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) ? asked : today.slice(0, 7);
    const by = c.req.query('by') === 'service' ? 'service' : 'department';
    const rows = await monthlyPerformance(c.var.db, month, by);
    return html(200, page(<PerformancePage staff={c.var.staff} csrf={c.var.csrf} month={month} by={by} rows={rows} threshold={THRESHOLD} />));
  })
  .get('/:number', async (c) => {
    const number = c.req.param('number');
    const file = NUMBER.test(number) ? await applicationFile(c.var.db, number) : undefined;
    if (!file) return html(404, messagePage(c.var.staff, c.var.csrf, '找不到该办件', '没有这个办件编号。', '/office/applications/'));
    const q = c.req.query();
    const notice =
      q.done === 'new'
        ? `已录入办件 ${file.number}。${q.code && /^[0-9A-Z]{10}$/.test(q.code) ? `办件查询码：${q.code}（只显示这一次，请告知申请人）。` : ''}${q.partial ? '但当场处理未能记录，请在下方补记。' : ''}`
        : q.done === 'event'
          ? '事件已记录。'
          : q.done === 'card'
            ? '已记录。'
            : undefined;
    const [rating, sent] = await Promise.all([ratingOf(c.var.db, file.number), deliveriesOf(c.env, applicationRef(file.number))]);
    const deliveries = <Deliveries rows={sent} citizen="申请人" empty="没有发出通知（申请人未选择通知，或还没有需要通知的进展）。" />;
    return html(200, page(<ApplicationFilePage staff={c.var.staff} csrf={c.var.csrf} file={file} eventValues={{ key: crypto.randomUUID() }} notice={notice} rating={rating} deliveries={deliveries} />), {
      'Cache-Control': 'no-store',
    });
  })
  .post('/:number/follow-up', clerks, async (c) => {
    const staff = c.var.staff;
    const number = c.req.param('number');
    const file = NUMBER.test(number) ? await applicationFile(c.var.db, number) : undefined;
    const rating = file ? await ratingOf(c.var.db, number) : undefined;
    if (!file || !rating?.followUpBy || rating.followedUpAt) return html(404, messagePage(staff, c.var.csrf, '无需回访', '这个办件没有待回访的差评。', '/office/applications/'));
    const form = await officeForm(c, '未能记录', `/office/applications/${number}`, []);
    const parsed = followUpInput.safeParse({ followUp: str(form.followUp) });
    if (!parsed.success) {
      return html(422, page(<ApplicationFilePage staff={staff} csrf={c.var.csrf} file={file} eventValues={{ key: crypto.randomUUID() }} rating={rating} followUpErrors={fieldErrors(parsed.error)} />));
    }
    await followUpRating(c.var.db, number, parsed.data.followUp);
    return c.redirect(`/office/applications/${number}?done=event`, 303);
  })
  .post('/:number/events', clerks, async (c) => {
    const staff = c.var.staff;
    const number = c.req.param('number');
    const file = NUMBER.test(number) ? await applicationFile(c.var.db, number) : undefined;
    if (!file) return html(404, messagePage(staff, c.var.csrf, '找不到该办件', '没有这个办件编号。', '/office/applications/'));
    const f = await officeForm(c, '未能记录', `/office/applications/${number}`, []);
    const values: EventValues = { key: /^[\x21-\x7e]{8,60}$/.test(str(f.key) ?? '') ? str(f.key)! : crypto.randomUUID() };
    for (const k of ['type', 'occurredAt', 'step', 'reason', 'basis', 'days', 'approvedBy', 'kind', 'item', 'amountYuan', 'outcome', 'materials'] as const) values[k] = str(f[k]);
    const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
    const by = staff.staffId ? { by: staff.staffId } : {};
    const dataByType: Record<string, Record<string, unknown>> = {
      accepted: by,
      'not-accepted': { reason: values.reason, basis: values.basis, ...by },
      'correction-requested': { materials: (values.materials ?? '').split(/\r?\n/).map((m) => m.trim()).filter(Boolean) },
      'stop-started': { kind: values.kind, note: values.reason },
      'stop-ended': {},
      'step-done': { step: num(values.step), ...by },
      extended: { days: num(values.days), reason: values.reason, approvedBy: values.approvedBy },
      'fee-charged': { item: values.item, amountYuan: num(values.amountYuan) },
      concluded: { outcome: values.outcome, reason: values.reason, basis: values.basis, ...by },
    };
    const now = clockNow();
    const [outcome] = await recordEvents(c.env, c.var.db, `console:${staff.accountId}`, null, [
      { id: `${values.key}:event`, application: number, type: values.type, occurredAt: occurredAt(values.occurredAt, now), data: dataByType[values.type ?? ''] ?? {} },
    ], now);
    if (outcome.status === 'refused') {
      return html(422, page(<ApplicationFilePage staff={staff} csrf={c.var.csrf} file={file} eventValues={values} eventErrors={refusalErrors(outcome.reason)} />));
    }
    return c.redirect(`/office/applications/${number}?done=event`, 303);
  });
