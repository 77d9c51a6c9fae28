/**
 * The whereabouts board (去向牌, issue 13; seeds 001 办事预约制 and 002 AB岗位制): who is in, and who
 * acts for a post whose A holder is away. Whereabouts are the absence register (schema/db/appointments.ts
 * `absences`): one register feeds routing and the board, so they never disagree.
 *
 * The public board shows a staff member's name, title and post (already public on the portal) and
 * ONE public word per status, chosen here by the office. Sick leave and leave both show 请假, so the
 * board never tells the public that someone is ill (health data is sensitive personal information,
 * 个人信息保护法 art. 28); the console shows the recorded kind.
 */
import type { AbsenceKind } from './appointment.ts';

/** The word the public board shows for each recorded kind of absence; 在岗 when none covers the day. */
export const publicWord: Record<AbsenceKind, string> = {
  leave: '请假',
  'sick-leave': '请假',
  'business-trip': '出差',
  training: '学习',
  meeting: '开会',
  'out-on-business': '外出办事',
  other: '外出公务',
};
export const IN_OFFICE = '在岗';

/** How often the kiosk view reloads itself (meta refresh, no script), in seconds. */
export const KIOSK_REFRESH_SECONDS = 60;
