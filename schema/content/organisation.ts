import { z } from 'zod';
import { clock, id, phone, text, workingDays } from '../common.ts';

/** One bookable time slot a department offers for appointments (办事预约). */
export const slot = z.object({
  /** Start, HH:MM. */
  start: clock,
  /** End, HH:MM. */
  end: clock,
});

/** A section (处室/科室) and what it discloses by rule (公示制). */
export const department = z.object({
  /** Full name, e.g. 行政审批科. */
  name: text,
  /** Display order in lists; lower first. */
  order: z.number().int().default(100),
  /** Scope of duties (职责范围), one duty per item. */
  duties: z.array(text).min(1, '至少写一条职责'),
  /** Room number or location (办公地点). */
  room: text,
  /** Public phone of the section. */
  phone,
  /** Office hours as told to the public, e.g. 工作日 8:30—12:00，14:00—17:30. */
  officeHours: text,
  /** Staff id of the head (负责人); receives appointments when both A and B holders are away. */
  head: id,
  /** Post id that receives appointments not tied to a service. */
  defaultPost: id,
  /** Working days within which a handler must contact someone who booked (办事预约制). Default 1. */
  contactLimitDays: workingDays.default(1),
  /** Appointment slots offered on each working day. */
  slots: z.array(slot).default([
    { start: '09:00', end: '10:30' },
    { start: '10:30', end: '12:00' },
    { start: '14:30', end: '16:00' },
    { start: '16:00', end: '17:30' },
  ]),
});
export type Department = z.output<typeof department>;

/** A post (岗位) with its A holder and B backup (AB岗位制 / 同岗替代制). */
export const post = z.object({
  /** Department id the post belongs to. */
  department: id,
  /** Title of the post, e.g. 审批受理岗. */
  title: text,
  /** Duties of the post (岗位职责). */
  duties: z.array(text).min(1, '至少写一条岗位职责'),
  /** Staff id of the A holder (A岗, the responsible person). */
  holderA: z.string({ error: '每个岗位都要有 A 岗承担人：请在 holderA 写人员编号（content/staff 下的文件名）' }).pipe(id),
  /** Staff id of the B holder (B岗, acts with A's authority while A is away). */
  holderB: z.string({ error: '每个岗位都要有 B 岗（备岗）承担人：请在 holderB 写人员编号（content/staff 下的文件名）' }).pipe(id),
  /** Phone of the post. */
  phone,
});
export type Post = z.output<typeof post>;

/**
 * A staff member, with only what an office discloses by rule (name, title, photo).
 * The posts a person holds are derived from the posts' holderA/holderB, never written twice.
 */
export const staff = z.object({
  /** Name as shown on the staff card (佩证上岗). */
  name: text,
  /** Title (职务), e.g. 科长, 科员. */
  title: text,
  /** Department id where the person works. */
  department: id,
  /** Photo path under site/public, optional; a neutral placeholder is shown otherwise. */
  photo: z.string().optional(),
});
export type Staff = z.output<typeof staff>;
