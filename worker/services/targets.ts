/**
 * 目标管理 (issue 14): yearly targets, quarterly review rounds (draft → approved by the leading group
 * → published), and the frozen published quarters with their corrections. Data access through
 * drizzle; the `sql` template only for the atomic conditional statements (a check written only
 * while its round is a draft, a version inserted only for a published round).
 *
 * Who sees what (the console routes call `scopeOf`): the supervisor and the leading group see every
 * target, individual ones included; admin sees every department's targets; anyone else sees their
 * own department's targets. An individual target is seen only by the leading roles and the person
 * it belongs to. Only department targets are ever published.
 */
import { and, asc, desc, eq, isNull, notExists, or, sql, type SQL } from 'drizzle-orm';
import { now as clockNow } from '../../schema/clock.ts';
import { staffAccounts, targetChecks, targetResults, targetRounds, targets } from '../../schema/db/index.ts';
import type { Role } from '../../schema/domain.ts';
import {
  buildResult,
  periodId,
  publicTextProblem,
  quarterEnded,
  quarterOf,
  targetResultData,
  type CheckInput,
  type CorrectionInput,
  type Period,
  type RoundState,
  type TargetInput,
  type TargetResultData,
  type TargetStatus,
} from '../../schema/targets.ts';
import type { Staff } from '../env.ts';
import { catalogue } from '../lib/catalogue.ts';
import { dbOf, isUniqueViolation, statementOf } from '../lib/db.ts';
import { log } from '../lib/log.ts';

export type Target = typeof targets.$inferSelect;
export type Round = typeof targetRounds.$inferSelect;

/** Set targets, record checks, publish and correct. */
export const TARGET_EDITORS: readonly Role[] = ['supervisor', 'leader'];
/** Approve a round (审定): the leading group. */
export const TARGET_APPROVERS: readonly Role[] = ['leader'];

export interface Scope {
  /** null: every department. */
  department: string | null | 'none';
  /** Every individual target, or only the person's own. */
  allIndividuals: boolean;
  staffId: string | null;
}

export function scopeOf(staff: Staff): Scope {
  const leading = TARGET_EDITORS.includes(staff.role);
  if (leading) return { department: null, allIndividuals: true, staffId: staff.staffId };
  if (staff.role === 'admin') return { department: null, allIndividuals: false, staffId: staff.staffId };
  return { department: staff.department ?? 'none', allIndividuals: false, staffId: staff.staffId };
}

export const mayEdit = (staff: Staff) => TARGET_EDITORS.includes(staff.role);
export const mayApprove = (staff: Staff) => TARGET_APPROVERS.includes(staff.role);

/** Whether `staff` may see this target (an individual one: the leading roles and the person only). */
export function maySeeTarget(t: Pick<Target, 'department' | 'staffId'>, scope: Scope): boolean {
  if (t.staffId !== null && !scope.allIndividuals && t.staffId !== scope.staffId) return false;
  if (t.staffId !== null && t.staffId === scope.staffId) return true;
  return scope.department === null || scope.department === t.department;
}

function scopeWhere(scope: Scope): SQL | undefined {
  const individual = scope.allIndividuals ? undefined : scope.staffId ? or(isNull(targets.staffId), eq(targets.staffId, scope.staffId)) : isNull(targets.staffId);
  const department = scope.department === null ? undefined : scope.staffId ? or(eq(targets.department, scope.department), eq(targets.staffId, scope.staffId)) : eq(targets.department, scope.department);
  return and(individual, department);
}

export async function listTargets(env: { DB: D1Database }, year: number, scope: Scope): Promise<Target[]> {
  return dbOf(env)
    .select()
    .from(targets)
    .where(and(eq(targets.year, year), scopeWhere(scope)))
    .orderBy(asc(targets.department), asc(targets.staffId), asc(targets.id));
}

export async function getTarget(env: { DB: D1Database }, id: number): Promise<Target | undefined> {
  const [row] = await dbOf(env).select().from(targets).where(eq(targets.id, id));
  return row;
}

export type Outcome<T = object> = ({ ok: true } & T) | { ok: false; status: 404 | 409 | 422; field?: string; message: string };

const staffNames = () => catalogue.staff.map((s) => s.name);

/** The catalogue checks of a target: the department exists, the person works there, and published text names nobody. */
function checkTarget(input: TargetInput): Outcome {
  if (!catalogue.departments.some((d) => d.id === input.department)) return { ok: false, status: 422, field: 'department', message: '没有这个处室，请从列表中选择责任处室' };
  if (input.staffId) {
    const person = catalogue.staff.find((s) => s.id === input.staffId);
    if (!person) return { ok: false, status: 422, field: 'staffId', message: '没有这位工作人员，请从列表中选择，或留空表示处室目标' };
    if (person.department !== input.department) return { ok: false, status: 422, field: 'staffId', message: `这位工作人员不在所选处室，请改选处室或人员` };
  } else {
    for (const field of ['title', 'measure', 'source'] as const) {
      const problem = publicTextProblem(input[field], staffNames());
      if (problem) return { ok: false, status: 422, field, message: problem };
    }
  }
  return { ok: true };
}

export async function createTarget(env: { DB: D1Database }, staff: Staff, input: TargetInput, now = clockNow()): Promise<Outcome<{ id: number }>> {
  const checked = checkTarget(input);
  if (!checked.ok) return checked;
  const [row] = await dbOf(env)
    .insert(targets)
    .values({ year: input.year, department: input.department, staffId: input.staffId || null, title: input.title, measure: input.measure, points: input.points, source: input.source, due: input.due, createdBy: staff.accountId, createdAt: now, updatedAt: now })
    .returning({ id: targets.id });
  log('info', 'target.created', { id: row.id, year: input.year, department: input.department, individual: Boolean(input.staffId) });
  return { ok: true, id: row.id };
}

export async function updateTarget(env: { DB: D1Database }, id: number, input: TargetInput, now = clockNow()): Promise<Outcome> {
  const current = await getTarget(env, id);
  if (!current) return { ok: false, status: 404, message: '没有这个目标' };
  if (current.year !== input.year) return { ok: false, status: 422, field: 'year', message: `目标的年度不能改（本目标属于 ${current.year} 年）；别的年度请新建目标` };
  const checked = checkTarget(input);
  if (!checked.ok) return checked;
  await dbOf(env)
    .update(targets)
    .set({ department: input.department, staffId: input.staffId || null, title: input.title, measure: input.measure, points: input.points, source: input.source, due: input.due, updatedAt: now })
    .where(eq(targets.id, id));
  return { ok: true };
}

/** Deletes a target that no review has checked yet (one conditional statement: a check recorded meanwhile keeps it). */
export async function deleteTarget(env: { DB: D1Database }, id: number): Promise<Outcome> {
  const db = dbOf(env);
  const gone = await db
    .delete(targets)
    .where(and(eq(targets.id, id), notExists(db.select({ one: sql`1` }).from(targetChecks).where(eq(targetChecks.targetId, id)))))
    .returning({ id: targets.id });
  if (gone.length) return { ok: true };
  if (!(await getTarget(env, id))) return { ok: false, status: 404, message: '没有这个目标' };
  return { ok: false, status: 409, message: '这个目标已有季度检查记录，不能删除；如需调整，请修改目标内容' };
}

// ---- review rounds ----------------------------------------------------------------------------

export async function getRound(env: { DB: D1Database }, p: Period): Promise<Round | undefined> {
  const [row] = await dbOf(env)
    .select()
    .from(targetRounds)
    .where(and(eq(targetRounds.year, p.year), eq(targetRounds.quarter, p.quarter)));
  return row;
}

export async function listRounds(env: { DB: D1Database }, year: number): Promise<Round[]> {
  return dbOf(env).select().from(targetRounds).where(eq(targetRounds.year, year)).orderBy(asc(targetRounds.quarter));
}

/** Opens the quarter's review (a draft); the quarter must have begun. Two at once: one round (unique index). */
export async function openRound(env: { DB: D1Database }, staff: Staff, p: Period, now = clockNow()): Promise<Outcome> {
  const current = quarterOf(now);
  if (p.year * 4 + p.quarter > current.year * 4 + current.quarter) return { ok: false, status: 422, message: '这个季度还没有开始，不能开始季度检查' };
  const rows = await dbOf(env)
    .insert(targetRounds)
    .values({ year: p.year, quarter: p.quarter, state: 'draft', draftedBy: staff.accountId, draftedAt: now })
    .onConflictDoNothing()
    .returning({ id: targetRounds.id });
  if (!rows.length) return { ok: false, status: 409, message: '这个季度的检查已经开始，请刷新页面' };
  return { ok: true };
}

export interface CheckRow {
  targetId: number;
  status: TargetStatus;
  score: number | null;
  note: string;
  checkedAt: number;
  checkedByName: string | null;
}

export async function checksOf(env: { DB: D1Database }, roundId: number): Promise<Map<number, CheckRow>> {
  const rows = await dbOf(env)
    .select({ targetId: targetChecks.targetId, status: targetChecks.status, score: targetChecks.score, note: targetChecks.note, checkedAt: targetChecks.checkedAt, checkedByName: staffAccounts.displayName })
    .from(targetChecks)
    .leftJoin(staffAccounts, eq(staffAccounts.id, targetChecks.checkedBy))
    .where(eq(targetChecks.roundId, roundId));
  return new Map(rows.map((r) => [r.targetId, r]));
}

async function checkFits(env: { DB: D1Database }, p: Period, input: CheckInput): Promise<Outcome<{ target: Target }>> {
  const target = await getTarget(env, input.target);
  if (!target || target.year !== p.year) return { ok: false, status: 422, field: 'target', message: `没有这个目标，或它不是 ${p.year} 年的目标` };
  if (input.score !== undefined && input.score > target.points) return { ok: false, status: 422, field: 'score', message: `得分不能超过该目标的分值 ${target.points}` };
  if (target.staffId === null) {
    const problem = publicTextProblem(input.note, staffNames());
    if (problem) return { ok: false, status: 422, field: 'note', message: problem };
  }
  return { ok: true, target };
}

/** Records (or replaces) a check while the round is a draft; refused once it is approved. */
export async function recordCheck(env: { DB: D1Database }, staff: Staff, p: Period, input: CheckInput, now = clockNow()): Promise<Outcome> {
  const round = await getRound(env, p);
  if (!round) return { ok: false, status: 404, message: '这个季度的检查还没有开始' };
  if (round.state !== 'draft') return { ok: false, status: 409, message: '本季度检查结果已经审定，不能再改；已通报的结果只能发布更正' };
  const fits = await checkFits(env, p, input);
  if (!fits.ok) return fits;
  const score = input.score ?? null;
  // One statement: written only while the round is still a draft.
  const res = await dbOf(env).run(sql`insert into target_checks (round_id, target_id, status, score, note, checked_by, checked_at)
    select ${round.id}, ${input.target}, ${input.status}, ${score}, ${input.note}, ${staff.accountId}, ${now}
    where exists (select 1 from target_rounds where id = ${round.id} and state = 'draft')
    on conflict (round_id, target_id) do update set status = excluded.status, score = excluded.score, note = excluded.note, checked_by = excluded.checked_by, checked_at = excluded.checked_at`);
  if (!res.meta.changes) return { ok: false, status: 409, message: '本季度检查结果刚被审定，不能再改，请刷新页面' };
  return { ok: true };
}

/** Approval (审定) by the leading group: the quarter has ended and every department target is checked. */
export async function approveRound(env: { DB: D1Database }, staff: Staff, p: Period, version: number, now = clockNow()): Promise<Outcome> {
  const round = await getRound(env, p);
  if (!round) return { ok: false, status: 404, message: '这个季度的检查还没有开始' };
  if (round.state !== 'draft' || round.version !== version) return { ok: false, status: 409, message: '本季度检查已被他人审定或页面已过期，请刷新后再操作' };
  if (!quarterEnded(p, now)) return { ok: false, status: 422, message: '季度还没有结束，结束后才能审定本季度的检查结果' };
  const db = dbOf(env);
  const dept = await db.select({ id: targets.id, title: targets.title }).from(targets).where(and(eq(targets.year, p.year), isNull(targets.staffId)));
  const checks = await checksOf(env, round.id);
  const missing = dept.filter((t) => !checks.has(t.id));
  if (!dept.length) return { ok: false, status: 422, message: `${p.year} 年还没有处室目标，无从审定` };
  if (missing.length) return { ok: false, status: 422, message: `还有 ${missing.length} 个处室目标没有检查（如“${missing[0].title}”），全部检查后才能审定` };
  const rows = await db
    .update(targetRounds)
    .set({ state: 'approved', approvedBy: staff.accountId, approvedAt: now, version: version + 1 })
    .where(and(eq(targetRounds.id, round.id), eq(targetRounds.state, 'draft'), eq(targetRounds.version, version)))
    .returning({ id: targetRounds.id });
  if (!rows.length) return { ok: false, status: 409, message: '本季度检查已被他人审定或页面已过期，请刷新后再操作' };
  log('info', 'targets.approved', { period: periodId(p) });
  return { ok: true };
}

/** The department results as they stand now (individual targets dropped by buildResult). */
export async function computeResult(env: { DB: D1Database }, p: Period, roundId: number, change?: CheckInput): Promise<TargetResultData> {
  const rows = await dbOf(env)
    .select({ id: targets.id, department: targets.department, staffId: targets.staffId, title: targets.title, measure: targets.measure, points: targets.points, source: targets.source, due: targets.due, status: targetChecks.status, score: targetChecks.score, note: targetChecks.note })
    .from(targets)
    .leftJoin(targetChecks, and(eq(targetChecks.targetId, targets.id), eq(targetChecks.roundId, roundId)))
    .where(and(eq(targets.year, p.year), isNull(targets.staffId)))
    .orderBy(asc(targets.id));
  const withChange = rows.map((r) => (change && r.id === change.target ? { ...r, status: change.status, score: change.score ?? null, note: change.note } : r));
  return buildResult(p, withChange, catalogue.departments);
}

/** The insert of a published version, only for a round that is published by then (the same batch publishes it first). */
function versionInsert(env: { DB: D1Database }, p: Period, roundId: number, version: number, by: string, note: string | null, data: TargetResultData, now: number): D1PreparedStatement {
  return statementOf(
    env,
    sql`insert into ${targetResults} (year, quarter, version, published_at, published_by, note, data)
        select ${p.year}, ${p.quarter}, ${version}, ${now}, ${by}, ${note}, ${JSON.stringify(data)}
        where exists (select 1 from ${targetRounds} where id = ${roundId} and state = 'published')`,
  );
}

/** Publishes an approved round (通报): the snapshot is version 1, frozen. Twice at once: one version 1. */
export async function publishRound(env: { DB: D1Database }, staff: Staff, p: Period, version: number, now = clockNow()): Promise<Outcome> {
  const round = await getRound(env, p);
  if (!round) return { ok: false, status: 404, message: '这个季度的检查还没有开始' };
  if (round.state === 'draft') return { ok: false, status: 409, message: '领导小组审定后才能通报' };
  if (round.state !== 'approved' || round.version !== version) return { ok: false, status: 409, message: '本季度结果已经通报或页面已过期，请刷新后再操作' };
  const db = dbOf(env);
  const data = await computeResult(env, p, round.id);
  try {
    const [updated, inserted] = await env.DB.batch([
      statementOf(
        env,
        db
          .update(targetRounds)
          .set({ state: 'published', publishedAt: now, version: version + 1 })
          .where(and(eq(targetRounds.id, round.id), eq(targetRounds.state, 'approved'), eq(targetRounds.version, version))),
      ),
      versionInsert(env, p, round.id, 1, String(staff.accountId), null, data, now),
    ]);
    if (!updated.meta.changes || !inserted.meta.changes) return { ok: false, status: 409, message: '本季度结果已经通报或页面已过期，请刷新后再操作' };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, status: 409, message: '本季度结果刚被他人通报，请刷新页面' };
    throw error;
  }
  log('info', 'targets.published', { period: periodId(p), version: 1 });
  return { ok: true };
}

export async function latestVersion(env: { DB: D1Database }, p: Period): Promise<number> {
  const [row] = await dbOf(env)
    .select({ v: sql<number | null>`max(${targetResults.version})` })
    .from(targetResults)
    .where(and(eq(targetResults.year, p.year), eq(targetResults.quarter, p.quarter)));
  return row?.v ?? 0;
}

/**
 * A correction of a published quarter: the changed check and a new version with the note, in one
 * batch; `expectedVersion` is the version the officer saw + 1, so two corrections at once cannot
 * both claim it (unique index) and neither half is written alone.
 */
export async function correctRound(env: { DB: D1Database }, staff: Staff, p: Period, input: CorrectionInput, expectedVersion: number, now = clockNow()): Promise<Outcome<{ version: number }>> {
  const round = await getRound(env, p);
  if (!round || round.state !== 'published') return { ok: false, status: 409, message: '只有已通报的季度才发布更正；未通报的请直接修改检查结果' };
  const fits = await checkFits(env, p, input);
  if (!fits.ok) return fits;
  if (fits.target.staffId !== null) return { ok: false, status: 422, field: 'target', message: '个人目标不对外通报，不需要更正；请选择处室目标' };
  const problem = publicTextProblem(input.correction, staffNames());
  if (problem) return { ok: false, status: 422, field: 'correction', message: problem };
  const latest = await latestVersion(env, p);
  if (latest + 1 !== expectedVersion) return { ok: false, status: 409, message: `已有人发布了第 ${latest} 版，请刷新页面后再更正` };
  const db = dbOf(env);
  const data = await computeResult(env, p, round.id, input);
  const score = input.score ?? null;
  try {
    const [inserted] = await env.DB.batch([
      versionInsert(env, p, round.id, expectedVersion, String(staff.accountId), input.correction, data, now),
      statementOf(
        env,
        db
          .insert(targetChecks)
          .values({ roundId: round.id, targetId: input.target, status: input.status, score, note: input.note, checkedBy: staff.accountId, checkedAt: now })
          .onConflictDoUpdate({ target: [targetChecks.roundId, targetChecks.targetId], set: { status: input.status, score, note: input.note, checkedBy: staff.accountId, checkedAt: now } }),
      ),
    ]);
    if (!inserted.meta.changes) return { ok: false, status: 409, message: '只有已通报的季度才发布更正' };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, status: 409, message: '已有人同时发布了更正，请刷新页面后再看' };
    throw error;
  }
  log('info', 'targets.corrected', { period: periodId(p), version: expectedVersion });
  return { ok: true, version: expectedVersion };
}

// ---- published quarters (public pages and API) ------------------------------------------------

export interface ResultVersion {
  period: string;
  year: number;
  quarter: number;
  version: number;
  publishedAt: number;
  note: string | null;
  data: TargetResultData;
}

function toVersion(r: typeof targetResults.$inferSelect): ResultVersion {
  return { period: periodId({ year: r.year, quarter: r.quarter as Period['quarter'] }), year: r.year, quarter: r.quarter, version: r.version, publishedAt: r.publishedAt, note: r.note, data: targetResultData.parse(JSON.parse(r.data)) };
}

/** Every version of a quarter, oldest first; [] when unpublished. */
export async function resultVersions(env: { DB: D1Database }, p: Period): Promise<ResultVersion[]> {
  const rows = await dbOf(env)
    .select()
    .from(targetResults)
    .where(and(eq(targetResults.year, p.year), eq(targetResults.quarter, p.quarter)))
    .orderBy(asc(targetResults.version));
  return rows.map(toVersion);
}

/** The latest version of every published quarter, newest quarter first. */
export async function publishedQuarters(env: { DB: D1Database }): Promise<ResultVersion[]> {
  const rows = await dbOf(env).select().from(targetResults).orderBy(desc(targetResults.year), desc(targetResults.quarter), desc(targetResults.version));
  const seen = new Set<string>();
  const out: ResultVersion[] = [];
  for (const r of rows) {
    const key = `${r.year}-${r.quarter}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(toVersion(r));
  }
  return out;
}

/** (period, version) of every published version: the public pages' ETag, one small query. */
export async function publishedVersionKeys(env: { DB: D1Database }): Promise<string[]> {
  const rows = await dbOf(env).select({ year: targetResults.year, quarter: targetResults.quarter, version: targetResults.version }).from(targetResults).orderBy(asc(targetResults.year), asc(targetResults.quarter), asc(targetResults.version));
  return rows.map((r) => `${r.year}q${r.quarter}.${r.version}`);
}

/** The newest published quarter that lists `department`, if any. */
export async function latestQuarterOf(env: { DB: D1Database }, department: string): Promise<string | undefined> {
  return (await publishedQuarters(env)).find((q) => q.data.departments.some((d) => d.department === department))?.period;
}

export type { RoundState };
