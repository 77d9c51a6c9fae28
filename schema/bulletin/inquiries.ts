/**
 * The month's inquiry figures (首问登记, issue 13) for the bulletin: inquiries by channel and
 * outcome (a count table under the bulletin's suppression rule, schema/bulletin/suppression.ts),
 * the share answered on the spot, and the share closed within their limit (rates only from
 * MIN_N inquiries up, as for cases). Computed from anonymous facts: no name, matter or staff.
 */
import { inquiryChannels, inquiryOutcomes, type InquiryChannel, type InquiryOutcome } from '../inquiry.ts';
import { MIN_N, type Rate } from './measures.ts';
import { suppress, type PublishedTable } from './suppression.ts';

/** What the figures need to know of one inquiry received in the month. */
export interface InquiryFacts {
  channel: InquiryChannel;
  outcome: InquiryOutcome;
  /** Unix ms received, due, and closed (if closed). */
  receivedAt: number;
  dueAt: number;
  closedAt?: number;
}

export interface InquiryFigures {
  received: number;
  /** Rows: channels; columns: outcomes (labels in zh-CN). */
  byChannelAndOutcome: PublishedTable;
  answeredOnTheSpot: Rate;
  /** Of the inquiries whose limit has passed by `asOf`: closed by their due instant. */
  closedOnTime: Rate;
}

export const inquiryDefinitions = {
  received: '本月登记的首问询问件数（来访、来电、来信、电子邮件、网上留言）。',
  byChannelAndOutcome: '按渠道和办理方式分列的件数；不足 5 件的格子按通报的统一规则隐去。',
  answeredOnTheSpot: '当场答复的件数占本月登记件数的比例（不足 10 件不公布）。',
  closedOnTime: '办理时限已到的询问中，在时限内办结的比例（不足 10 件不公布）。',
} as const;

function rate(numerator: number, n: number): Rate {
  return { percent: n >= MIN_N ? Math.round((numerator / n) * 1000) / 10 : null, n };
}

export function computeInquiryFigures(facts: readonly InquiryFacts[], asOf: number): InquiryFigures {
  const rows = inquiryChannels.codes;
  const cols = inquiryOutcomes.codes;
  const cells = rows.map((ch) => cols.map((o) => facts.filter((f) => f.channel === ch && f.outcome === o).length));
  const due = facts.filter((f) => f.dueAt < asOf);
  return {
    received: facts.length,
    byChannelAndOutcome: suppress({ rows: rows.map((r) => inquiryChannels.label(r)), cols: cols.map((c) => inquiryOutcomes.label(c)), cells }),
    answeredOnTheSpot: rate(facts.filter((f) => f.outcome === 'on-the-spot').length, facts.length),
    closedOnTime: rate(due.filter((f) => f.closedAt !== undefined && f.closedAt <= f.dueAt).length, due.length),
  };
}
