// The demo's reception-day bookings (局长接待日), apart from the rest of the appointment seed so the
// inquiry seed, which runs in workerd too, can name them without the Node-only parts.
import { now as clockNow } from '../../../schema/clock.ts';
import { datedReference } from './sql.ts';

export const demoReceptionBookings = [
  { reference: 'YY-2611-DEM201', accessCode: 'DEM0C0DE21', name: '示例市民子', phone: '13800000021', matter: '老旧小区加装电梯审批进度慢，想当面反映。' },
  { reference: 'YY-2611-DEM202', accessCode: 'DEM0C0DE22', name: '示例市民丑', phone: '13800000022', matter: '小区物业维修资金使用不透明，希望局领导督促公开。' },
  { reference: 'YY-2611-DEM203', accessCode: 'DEM0C0DE23', name: '示例市民寅', phone: '13800000023', matter: '建议在社区设置住房政策咨询点。' },
];

/** When reception-day booking `i` was made on the demo of `now` (a day apart, the first yesterday). */
export function demoReceptionBookingAt(i: number, now = clockNow()): number {
  return now - (i + 1) * 86_400_000;
}

/** A demo reception-day booking's reference on the demo of `now` (`reference` as declared above). */
export function demoReceptionBookingReference(reference: string, now = clockNow()): string {
  const i = demoReceptionBookings.findIndex((b) => b.reference === reference);
  if (i < 0) throw new Error(`no demo reception booking ${reference}`);
  return datedReference(reference, demoReceptionBookingAt(i, now));
}
