/** The schemas and examples of POST /api/inquiries/track (apart from the route, for the examples module). */
import { now as clockNow } from '../../schema/clock.ts';
import { inquiryTrackInput, inquiryView, type InquiryPublicView } from '../../schema/inquiry.ts';
import { shanghaiDate } from '../../schema/workdays.ts';

/** Examples relative to the clock's today. */
export function inquiryExamples(now = clockNow()) {
  const track = { reference: 'SW-2612-7KQ4M9', accessCode: '7KQ4M-9TXB2' };
  const view: InquiryPublicView = {
    reference: track.reference,
    channel: '电话',
    receivedOn: shanghaiDate(now - 86_400_000),
    outcome: '本处室办理，需要时间',
    status: '办理中',
    dueAt: now + 9 * 86_400_000,
    overdue: false,
    contact: { name: '房地产市场监管科', phone: '0519-85600000' },
    named: true,
    events: [{ at: now - 86_400_000, label: '首问登记' }],
  };
  return { inquiryTrack: track, inquiryView: view };
}

/** The request and response schemas the examples must pass (test/worker/openapi.test.ts). */
export const inquiryExampleSchemas = {
  '/api/inquiries/track': { request: inquiryTrackInput, response: inquiryView },
} as const;
