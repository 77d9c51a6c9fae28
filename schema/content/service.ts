import { z } from 'zod';
import { id, phone, text, workingDays } from '../common.ts';

/** A legal document a service rests on, with the articles that apply. */
export const legalBasis = z.object({
  /** Title of the law, regulation or document, e.g. 《中华人民共和国行政许可法》. */
  document: text,
  /** Articles that apply, e.g. 第三十二条、第四十二条. */
  articles: text.optional(),
});

/** One material the applicant must bring, told all at once (一次性告知制). */
export const material = z.object({
  /** Name of the material. */
  name: text,
  /** Original (原件), copy (复印件), or both (原件及复印件). */
  form: z.enum(['original', 'copy', 'original-and-copy'], {
    error: 'form 只能写 original（原件）、copy（复印件）或 original-and-copy（原件及复印件）',
  }),
  /** Number of copies. */
  copies: z.number().int().min(1, '份数至少为 1').default(1),
  /** Notes: where to get it, what it must show. */
  notes: z.string().trim().optional(),
  /** Whether the material is needed only in some cases. */
  conditional: z.boolean().default(false),
});

/** One step of the procedure; the flowchart is drawn from these. */
export const step = z.object({
  /** Name of the step, short enough for a flowchart box, e.g. 受理. */
  name: text.max(12, '步骤名称最多 12 个字，以便流程图排版；详细说明写在 description'),
  /** Who acts: a post id of this office, or a plain description such as 申请人. */
  actor: text,
  /** Time limit of the step in working days; 0 means on the spot. */
  days: workingDays,
  /** What happens in this step. */
  description: z.string().trim().optional(),
});

/** A fee item; an empty fee list means the service is free. */
export const fee = z.object({
  item: text,
  amount: text,
  basis: text,
});

/** A reason a request is refused, with its basis (refusals are told with reason and basis). */
export const refusal = z.object({
  reason: text,
  basis: text,
});

/** A question and answer. */
export const faq = z.object({ q: text, a: text });

/** A service (办事事项) and its guide (办事指南): everything the public must be told at once. */
export const service = z.object({
  /** Service code in the office's catalogue, e.g. XK-001. */
  code: z.string().regex(/^[A-Z]{2,4}-\d{3}$/, '事项编码要写成“字母-三位数字”，例如 XK-001'),
  /** Name of the service. */
  name: text,
  /**
   * The words citizens use for the service (俗称/别名), e.g. 挖路 for 挖掘城市道路许可, 房产证 for
   * 不动产权证书. Shown on the guide as 俗称 and indexed for search just below the name, so a search
   * in everyday words finds the guide. Default: none.
   */
  aliases: z.array(text.max(20, '俗称每个最多 20 个字：写人们搜索时会输入的短词，例如“挖路”')).default([]),
  /** Department id that handles the service. */
  department: id,
  /** One or two sentences on what the service is for. */
  summary: text,
  /** Kind of matter (事项类型), e.g. 行政许可, 公共服务, 行政确认. */
  kind: text,
  /** Who may apply (服务对象), e.g. 自然人、法人. */
  applicants: text,
  /** Legal basis (办理依据): at least one document. */
  legalBasis: z.array(legalBasis).min(1, '至少写一项办理依据（法律、法规或文件及条款）'),
  /** Conditions an applicant must meet (受理条件). */
  conditions: z.array(text).min(1, '至少写一项受理条件'),
  /** Materials told all at once. */
  materials: z.array(material).min(1, '办事指南必须一次性告知所需材料：请在 materials 下至少列出一项材料'),
  /** Procedure steps, in order. */
  steps: z.array(step).min(1, '办事指南必须写明办理流程：请在 steps 下至少列出一个步骤（流程图由它生成）'),
  /** Statutory time limit (法定时限) in working days. */
  statutoryDays: workingDays,
  /** Committed time limit (承诺时限) in working days; must not exceed the statutory one. */
  committedDays: workingDays,
  /** Fees; empty list means free (不收费). */
  fees: z.array(fee).default([]),
  /** Post id of the handler (承办岗位). */
  handlerPost: id,
  /** Post id of the person responsible (负责岗位). */
  responsiblePost: id,
  /** Where to apply (办理地点). */
  where: text,
  /** When to apply (办理时间). */
  when: text,
  /** Phone for questions (咨询电话). */
  consultPhone: phone,
  /** What the applicant receives (办理结果), e.g. 准予许可决定书. */
  result: text,
  /** Reasons a request is refused, with their basis. */
  refusals: z.array(refusal).default([]),
  /** Frequently asked questions. */
  faq: z.array(faq).default([]),
  /** Whether the service can be booked in advance (办事预约). */
  bookable: z.boolean().default(true),
});
export type Service = z.output<typeof service>;
