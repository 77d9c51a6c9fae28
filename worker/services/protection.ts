/**
 * Complainant protection (issue 10; 信访工作条例 2022 第四十五条, the 1996 rules on protecting
 * 检举、控告人, ISO 37002 §8.4 confidentiality):
 * - recusal (回避): a person suggested by the filing, confirmed by intake as concerned, or who declared a
 *   conflict (自行回避) never sees the case. `visibleTo` is the ONE predicate every list, count,
 *   export, JSON route and single-case read of worker/services/cases.ts goes through;
 * - shielding: a handler of the department complained about sees the matter without the
 *   complainant's identity (unless they consented or the supervisor decided, on the record) and the
 *   free text only once intake has cleared it;
 * - the access log: `caseView` is the only function that opens sealed personal data for display to
 *   staff, and it writes the log row itself, so no route can show data without a record.
 */
import type { PersonalData } from '../../schema/complaint.ts';
import type { Catalogue } from '../../schema/catalogue.ts';
import type { Staff } from '../env.ts';
import { catalogue, departmentName } from '../lib/catalogue.ts';
import { open } from '../lib/crypto.ts';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { caseParties, complaintEvents, personalDataAccess, staffAccounts } from '../../schema/db/index.ts';
import { dbOf } from '../lib/db.ts';
import { log } from '../lib/log.ts';
import { now as clockNow } from '../../schema/clock.ts';

/** Every key a staff member may be recorded under in case_parties: their content staff id and their account. */
export function personKeys(staff: Pick<Staff, 'staffId' | 'username'>): string[] {
  return [...(staff.staffId ? [staff.staffId] : []), `account:${staff.username}`];
}


// ---------- who the complaint is about ----------

export type StaffMatch =
  | { kind: 'one'; staff: Catalogue['staff'][number] }
  | { kind: 'ambiguous'; staff: Catalogue['staff'] }
  | { kind: 'none' }
  | { kind: 'other-department'; staff: Catalogue['staff'] };

const HONORIFICS = /(同志|先生|女士|小姐|老师|师傅|姓|的|那位|这位|工作人员|窗口)/g;

/**
 * Matches a citizen's free-text staff name ("韩冰", "韩冰科员", "科长") against the published staff of
 * the department complained about: a full name, or a title held in that department (the longest
 * title named wins: 副科长 is not 科长). A match is a suggestion that intake confirms at registration.
 */
export function matchStaff(cat: Pick<Catalogue, 'staff'>, department: string, text: string | undefined): StaffMatch {
  const q = (text ?? '').replace(/\s+/g, '').replace(HONORIFICS, '');
  if (!q) return { kind: 'none' };
  const byId = cat.staff.find((s) => s.id === q);
  if (byId) return byId.department === department ? { kind: 'one', staff: byId } : { kind: 'other-department', staff: [byId] };
  const inDept = cat.staff.filter((s) => s.department === department);
  const byName = inDept.filter((s) => q.includes(s.name));
  if (byName.length === 1) return { kind: 'one', staff: byName[0] };
  if (byName.length > 1) return { kind: 'ambiguous', staff: byName };
  const titles = [...new Set(inDept.map((s) => s.title))].filter((t) => q.includes(t));
  const longest = titles.filter((t) => !titles.some((o) => o !== t && o.includes(t)));
  const byTitle = inDept.filter((s) => longest.includes(s.title));
  if (byTitle.length === 1) return { kind: 'one', staff: byTitle[0] };
  if (byTitle.length > 1) return { kind: 'ambiguous', staff: byTitle };
  const elsewhere = cat.staff.filter((s) => s.department !== department && q.includes(s.name));
  if (elsewhere.length > 0) return { kind: 'other-department', staff: elsewhere };
  return { kind: 'none' };
}

/** Staff ids to hide a new filing from until intake confirms: every plausible match (safety first). */
export function suggestionsOf(department: string, text: string | undefined): string[] {
  const m = matchStaff(catalogue, department, text);
  return m.kind === 'one' ? [m.staff.id] : m.kind === 'none' ? [] : m.staff.map((s) => s.id);
}

/** What intake is told when a typed name does not name exactly one person of the department. */
export function matchMessage(m: Exclude<StaffMatch, { kind: 'one' }>, department: string, text: string): string {
  const names = (list: Catalogue['staff']) => list.map((s) => `${s.name}（${s.title}）`).join('、');
  switch (m.kind) {
    case 'ambiguous':
      return `“${text}”对应${departmentName(department)}的 ${m.staff.length} 名工作人员：${names(m.staff)}。请写明是哪一位的全名`;
    case 'none':
      return `${departmentName(department)}没有名为“${text}”的工作人员。请核对姓名；如投诉未涉及具体人员，请清空此栏`;
    case 'other-department':
      return `${names(m.staff)}是${departmentName(m.staff[0].department)}的工作人员，不属于被投诉部门${departmentName(department)}。请核对被投诉部门或姓名`;
  }
}

// ---------- parties of a case ----------

export interface PartyRow {
  person: string;
  kind: 'suggested' | 'concerned' | 'recused';
  reason: string | null;
  actor: string;
  at: number;
}

/** The persons a case is hidden from now (not cleared), oldest first. */
export async function partiesOf(env: Env, complaintId: number): Promise<PartyRow[]> {
  const p = caseParties;
  return dbOf(env)
    .select({ person: p.person, kind: p.kind, reason: p.reason, actor: p.actor, at: p.at })
    .from(p)
    .where(and(eq(p.complaintId, complaintId), isNull(p.clearedAt)))
    .orderBy(p.at, p.id);
}

// ---------- shielding and the access log ----------

export type Purpose = 'handling' | 'consent' | 'supervisor';
export const purposeLabels: Record<Purpose, string> = { handling: '正常办理', consent: '投诉人同意公开身份', supervisor: '效能办负责人决定公开身份' };

export interface ShieldFacts {
  department: string;
  identityConsent: boolean;
  identityDisclosed: boolean;
  textCleared: boolean;
}

export interface Shield {
  /** The viewer belongs to the department complained about. */
  shielded: boolean;
  showIdentity: boolean;
  showText: boolean;
  purpose: Purpose;
}

/** What a staff member may see of the complainant on this case. */
export function shieldFor(staff: Staff, row: ShieldFacts): Shield {
  const shielded = staff.role === 'handler' && staff.department === row.department;
  if (!shielded) return { shielded, showIdentity: true, showText: true, purpose: 'handling' };
  const purpose: Purpose = row.identityDisclosed ? 'supervisor' : row.identityConsent ? 'consent' : 'handling';
  return { shielded, showIdentity: purpose !== 'handling', showText: row.textCleared, purpose };
}

export const WITHHELD = '（已屏蔽：为保护投诉人，被投诉部门不可见）';
const SEALED = /^v\d+\.[\w-]{16}\.[\w-]+$/;

export interface ViewEvent {
  id: number;
  at: number;
  actor: string;
  type: string;
  public: boolean;
  data: Record<string, unknown>;
}

export interface CaseView {
  personal: PersonalData;
  /** Which personal fields were withheld from this viewer. */
  withheld: string[];
  shield: Shield;
  events: ViewEvent[];
}

/**
 * Opens the complainant's sealed data and the sealed texts in the history for display to `staff`,
 * applying the shield, and writes the access-log row for what was shown. The only decrypt-for-display
 * path of the console: routes get data from here or not at all.
 */
export async function caseView(
  env: Env,
  staff: Staff,
  row: ShieldFacts & { id: number; reference: string; personal: string },
  now = clockNow(),
): Promise<CaseView> {
  const shield = shieldFor(staff, row);
  let sealedPersonal: PersonalData;
  try {
    sealedPersonal = await open<PersonalData>(env.PII_KEY, row.personal);
  } catch (error) {
    log('warn', 'case.personal-unreadable', { reference: row.reference, name: (error as Error).name });
    sealedPersonal = { description: '（个人信息已按保存期限删除，或无法解密）', request: '—' };
  }
  const shown: string[] = [];
  const withheld: string[] = [];
  const personal: PersonalData = { description: WITHHELD, request: WITHHELD };
  // The identity, then the free text: each shown only as far as the shield allows.
  const groups = [
    { fields: ['name', 'phone', 'email'], show: shield.showIdentity },
    { fields: ['staffName', 'description', 'request'], show: shield.showText },
  ] as const;
  for (const { fields, show } of groups) {
    for (const k of fields) {
      if (!sealedPersonal[k]) continue;
      if (show) {
        personal[k] = sealedPersonal[k];
        shown.push(k);
      } else withheld.push(k);
    }
  }

  const e_ = complaintEvents;
  const results = await dbOf(env)
    .select({ id: e_.id, at: e_.at, actor: e_.actor, type: e_.type, public: e_.public, data: e_.data })
    .from(e_)
    .where(eq(e_.complaintId, row.id))
    .orderBy(e_.at, e_.id);
  const events: ViewEvent[] = [];
  for (const e of results) {
    let data: Record<string, unknown> = {};
    try {
      data = JSON.parse(e.data) as Record<string, unknown>;
    } catch {
      data = {};
    }
    // The complainant's own words in the history (a rating comment, a review reason) are free text too.
    for (const [k, v] of Object.entries(data)) {
      if (typeof v !== 'string' || !SEALED.test(v)) continue;
      if (!shield.showText) {
        data[k] = WITHHELD;
        if (!withheld.includes(k)) withheld.push(k);
        continue;
      }
      try {
        data[k] = await open<string>(env.PII_KEY, v);
        if (!shown.includes(k)) shown.push(k);
      } catch {
        data[k] = '（无法解密）';
      }
    }
    // Who recused and why is the supervisor's to know; others see only that someone stepped aside.
    if (e.type === 'recused' && staff.role !== 'supervisor') data = {};
    events.push({ id: e.id, at: e.at, actor: e.actor, type: e.type, public: e.public, data });
  }
  if (shown.length > 0) {
    await dbOf(env)
      .insert(personalDataAccess)
      .values({ complaintId: row.id, accountId: staff.accountId, person: personKeys(staff)[0], at: now, purpose: shield.purpose, fields: JSON.stringify(shown) });
  }
  return { personal, withheld, shield, events };
}

export interface AccessRow {
  at: number;
  person: string;
  displayName: string | null;
  username: string | null;
  purpose: Purpose;
  /** The fields shown (name, phone, …). */
  fields: string[];
}

/** The access log of one case, newest first (the supervisor's to read). */
export async function accessLogOf(env: Env, complaintId: number): Promise<AccessRow[]> {
  const l = personalDataAccess;
  const a = staffAccounts;
  const rows = await dbOf(env)
    .select({ at: l.at, person: l.person, displayName: a.displayName, username: a.username, purpose: l.purpose, fields: l.fields })
    .from(l)
    .leftJoin(a, eq(a.id, l.accountId))
    .where(eq(l.complaintId, complaintId))
    .orderBy(desc(l.at), desc(l.id))
    .limit(500);
  return rows.map((r) => ({ ...r, fields: JSON.parse(r.fields) as string[] }));
}

export const fieldLabels: Record<string, string> = {
  name: '姓名',
  phone: '电话',
  email: '电子邮箱',
  staffName: '所述被投诉人',
  description: '事情经过',
  request: '诉求',
  comment: '评价意见',
  reason: '复核理由',
};
