/**
 * What each message says, per channel. SMS bodies are registered with the provider (Tencent Cloud
 * SMS: 签名 SignName + 模板 TemplateId, approved before use; the message is the approved text with
 * TemplateParamSet filled into {1}, {2}, …), so the text here must be the text submitted for
 * approval, and the variables must be short public facts. Links cannot be variables in approved
 * Chinese SMS templates: the fixed text names the tracking page instead.
 *
 * Never in a message: the access code, the complaint's content, a complainant's name, a staff
 * member's name (the contact is the office or department phone the tracking page already shows).
 */
export type Audience = 'citizen' | 'staff';

/** Public-safe parameters; every template says which it uses, in order. */
export interface Params {
  reference: string;
  /** Status in words (已受理, 已办结, …). */
  status?: string;
  /** A date YYYY-MM-DD (new deadline, appointment day). */
  date?: string;
  time?: string;
  place?: string;
  department?: string;
  /** The tracking page (citizen) or the console page (staff). */
  link?: string;
  /** Digest only: lines already made of the above. */
  lines?: string;
  count?: string;
}

interface Template {
  audience: Audience;
  /** The e-mail subject and body (plain text). */
  subject: (p: Params) => string;
  text: (p: Params) => string;
  /** The SMS text as registered with the provider ({n} = the n-th of smsParams); absent = no SMS. */
  sms?: { text: string; params: (p: Params) => string[] };
}

const trackHint = '凭受理编号和查询码在“投诉查询”页面查看进度。';
const apptHint = '凭预约编号和查询码在“预约查询”页面查看。';
/** 办结：准予办理 → 准予办理 (the status label without its stage). */
const outcomeOf = (p: Params) => (p.status ?? '').replace(/^办结：/, '');
const appHint = '凭办件编号和查询码在“办件查询”页面查看。';

export const templates = {
  'complaint-accepted': {
    audience: 'citizen',
    subject: (p) => `您的效能投诉 ${p.reference} 已受理`,
    text: (p) => `您的效能投诉（受理编号 ${p.reference}）已受理，办结期限为 ${p.date}。\n查看进度：${p.link}\n${trackHint}`,
    sms: { text: '您的效能投诉{1}已受理，办结期限{2}。请凭受理编号和查询码登录效能投诉平台“投诉查询”查看进度。', params: (p) => [p.reference, p.date ?? ''] },
  },
  'complaint-declined': {
    audience: 'citizen',
    subject: (p) => `您的效能投诉 ${p.reference} 不予受理`,
    text: (p) => `您的效能投诉（受理编号 ${p.reference}）经审查不予受理，理由、依据和可以找的部门已写在查询页面上。\n查看：${p.link}\n${trackHint}`,
    sms: { text: '您的效能投诉{1}经审查不予受理，理由和依据请凭受理编号和查询码在效能投诉平台“投诉查询”查看。', params: (p) => [p.reference] },
  },
  'complaint-transferred': {
    audience: 'citizen',
    subject: (p) => `您的效能投诉 ${p.reference} 已转办`,
    text: (p) => `您的效能投诉（受理编号 ${p.reference}）已转${p.department}办理，效能办继续跟踪督办。\n查看进度：${p.link}\n${trackHint}`,
    sms: { text: '您的效能投诉{1}已转{2}办理，效能办继续跟踪。请在效能投诉平台“投诉查询”查看进度。', params: (p) => [p.reference, p.department ?? ''] },
  },
  'complaint-extended': {
    audience: 'citizen',
    subject: (p) => `您的效能投诉 ${p.reference} 办理期限延长`,
    text: (p) => `您的效能投诉（受理编号 ${p.reference}）经批准延期办理，新的办结期限为 ${p.date}，延期理由见查询页面。\n查看：${p.link}\n${trackHint}`,
    sms: { text: '您的效能投诉{1}经批准延期办理，新的办结期限{2}，延期理由请在效能投诉平台“投诉查询”查看。', params: (p) => [p.reference, p.date ?? ''] },
  },
  'complaint-concluded': {
    audience: 'citizen',
    subject: (p) => `您的效能投诉 ${p.reference} 已办结`,
    text: (p) => `您的效能投诉（受理编号 ${p.reference}）已办结，答复已写在查询页面上。对结果不满意的，可以在查询页面申请复核，也欢迎评价。\n查看：${p.link}\n${trackHint}`,
    sms: { text: '您的效能投诉{1}已办结，答复请在效能投诉平台“投诉查询”查看，欢迎评价；不满意可申请复核。', params: (p) => [p.reference] },
  },
  'complaint-review-answered': {
    audience: 'citizen',
    subject: (p) => `您的复核申请（${p.reference}）已有结论`,
    text: (p) => `您对效能投诉 ${p.reference} 提出的复核申请已有结论，请在查询页面查看。\n查看：${p.link}\n${trackHint}`,
    sms: { text: '您对效能投诉{1}提出的复核申请已有结论，请在效能投诉平台“投诉查询”查看。', params: (p) => [p.reference] },
  },
  'complaint-rating-invite': {
    audience: 'citizen',
    subject: (p) => `请评价：效能投诉 ${p.reference} 的办理`,
    text: (p) => `您的效能投诉（受理编号 ${p.reference}）已办结几天了，请对办理情况作出评价（非常满意、满意、基本满意、不满意、非常不满意）。差评我们会逐件回访。\n评价：${p.link}\n${trackHint}`,
    sms: { text: '您的效能投诉{1}已办结，请在效能投诉平台“投诉查询”对办理情况作出评价，差评逐件回访。', params: (p) => [p.reference] },
  },
  'appointment-contacted': {
    audience: 'citizen',
    subject: (p) => `您的办事预约 ${p.reference} 已有工作人员联系`,
    text: (p) => `您的办事预约（预约编号 ${p.reference}）已由承办岗位联系处理。\n查看：${p.link}\n${apptHint}`,
    sms: { text: '您的办事预约{1}已由承办岗位联系处理，详情请在效能投诉平台“预约查询”查看。', params: (p) => [p.reference] },
  },
  'appointment-scheduled': {
    audience: 'citizen',
    subject: (p) => `您的办事预约 ${p.reference} 已约定时间`,
    text: (p) => `您的办事预约（预约编号 ${p.reference}）已约定：${p.date} ${p.time}，地点 ${p.place}。\n查看：${p.link}\n${apptHint}`,
    sms: { text: '您的办事预约{1}已约定于{2} {3}在{4}办理，请按时前往。', params: (p) => [p.reference, p.date ?? '', p.time ?? '', p.place ?? ''] },
  },
  'appointment-reminder': {
    audience: 'citizen',
    subject: (p) => `明天办事提醒：预约 ${p.reference}`,
    text: (p) => `提醒您：预约 ${p.reference} 约定在明天 ${p.date} ${p.time}，地点 ${p.place}。不能前往的，请在查询页面取消。\n查看：${p.link}\n${apptHint}`,
    sms: { text: '提醒：您的办事预约{1}约定在明天{2} {3}，地点{4}。不能前往请在“预约查询”取消。', params: (p) => [p.reference, p.date ?? '', p.time ?? '', p.place ?? ''] },
  },
  'appointment-cancelled': {
    audience: 'citizen',
    subject: (p) => `您的办事预约 ${p.reference} 已取消`,
    text: (p) => `您的办事预约（预约编号 ${p.reference}）已取消。如仍需办理，可以重新预约或致电承办部门。\n查看：${p.link}\n${apptHint}`,
    sms: { text: '您的办事预约{1}已取消，如仍需办理请重新预约或致电承办部门。', params: (p) => [p.reference] },
  },
  'staff-new-complaint': {
    audience: 'staff',
    subject: (p) => `新投诉待受理：${p.reference}`,
    text: (p) => `收到一件新的效能投诉（${p.reference}），请在受理期限内决定受理或不予受理。\n打开：${p.link}`,
  },
  'staff-transferred': {
    audience: 'staff',
    subject: (p) => `转办到本部门：${p.reference}`,
    text: (p) => `效能投诉 ${p.reference} 已转本部门办理，请按期限办结并报结。\n打开：${p.link}`,
  },
  'staff-review-requested': {
    audience: 'staff',
    subject: (p) => `投诉人申请复核：${p.reference}`,
    text: (p) => `效能投诉 ${p.reference} 的投诉人申请复核，请在期限内答复。\n打开：${p.link}`,
  },
  'staff-appointment-assigned': {
    audience: 'staff',
    subject: (p) => `新的办事预约：${p.reference}`,
    text: (p) => `有一件办事预约（${p.reference}）由您联系处理，请在 ${p.date} 前与办事人联系。\n打开：${p.link}`,
  },
  'staff-due-soon': {
    audience: 'staff',
    subject: (p) => `即将到期：${p.reference}`,
    text: (p) => `效能投诉 ${p.reference} 将于 ${p.date} 到期，请抓紧办理；需要延期的，请在到期前申请。\n打开：${p.link}`,
  },
  'staff-overdue': {
    audience: 'staff',
    subject: (p) => `已超期：${p.reference}`,
    text: (p) => `效能投诉 ${p.reference} 已超过期限（${p.date}），请尽快办理。\n打开：${p.link}`,
    sms: { text: '效能投诉{1}已超过期限{2}，请尽快办理。', params: (p) => [p.reference, p.date ?? ''] },
  },
  'staff-alert': {
    audience: 'staff',
    subject: (p) => `新的问责提醒：${p.status}`,
    text: (p) => `系统按制度自动提出了一条问责提醒（${p.status}）。对象和次数请登录控制台查看，并记录处理情况。\n打开：${p.link}`,
  },
  // Appended after the earlier SMS templates so their demo template ids (by position) stay the same.
  'application-accepted': {
    audience: 'citizen',
    subject: (p) => `您的办件 ${p.reference} 已受理`,
    text: (p) => `您的办件（办件编号 ${p.reference}）已受理，当前状态：${p.status}，承诺办结日期为 ${p.date}。\n查看进度：${p.link}\n${appHint}`,
    sms: { text: '您的办件{1}已受理，承诺办结日期{2}。请凭办件编号和查询码在效能投诉平台“办件查询”查看进度。', params: (p) => [p.reference, p.date ?? ''] },
  },
  'application-not-accepted': {
    audience: 'citizen',
    subject: (p) => `您的办件 ${p.reference} 不予受理`,
    text: (p) => `您的办件（办件编号 ${p.reference}）经审查不予受理，理由和法律依据已写在查询页面上。\n查看：${p.link}\n${appHint}`,
    sms: { text: '您的办件{1}经审查不予受理，理由和依据请凭办件编号和查询码在效能投诉平台“办件查询”查看。', params: (p) => [p.reference] },
  },
  'application-correction': {
    audience: 'citizen',
    subject: (p) => `您的办件 ${p.reference} 需要补正材料`,
    text: (p) => `您的办件（办件编号 ${p.reference}）需要补正材料，所缺材料已一次性列在查询页面上；补正期间办理计时暂停。\n查看：${p.link}\n${appHint}`,
    sms: { text: '您的办件{1}需要补正材料，所缺材料清单请凭办件编号和查询码在效能投诉平台“办件查询”查看。', params: (p) => [p.reference] },
  },
  'application-extended': {
    audience: 'citizen',
    subject: (p) => `您的办件 ${p.reference} 办理期限延长`,
    text: (p) => `您的办件（办件编号 ${p.reference}）经批准延期办理，新的办结期限为 ${p.date}，延期理由见查询页面。\n查看：${p.link}\n${appHint}`,
    sms: { text: '您的办件{1}经批准延期办理，新的办结期限{2}，延期理由请在效能投诉平台“办件查询”查看。', params: (p) => [p.reference, p.date ?? ''] },
  },
  'application-concluded': {
    audience: 'citizen',
    subject: (p) => `您的办件 ${p.reference} 已办结`,
    text: (p) => `您的办件（办件编号 ${p.reference}）已办结，结果：${outcomeOf(p)}。详情和理由请在查询页面查看，欢迎对办理情况作出评价。\n查看：${p.link}\n${appHint}`,
    sms: { text: '您的办件{1}已办结（{2}），详情请在效能投诉平台“办件查询”查看，欢迎评价。', params: (p) => [p.reference, outcomeOf(p)] },
  },
  'application-rating-invite': {
    audience: 'citizen',
    subject: (p) => `请评价：办件 ${p.reference} 的办理`,
    text: (p) => `您的办件（办件编号 ${p.reference}）已办结几天了，请对办理情况作出评价（非常满意、满意、基本满意、不满意、非常不满意）。差评我们会逐件回访整改。\n评价：${p.link}\n${appHint}`,
    sms: { text: '您的办件{1}已办结，请在效能投诉平台“办件查询”对办理情况作出评价，差评逐件回访整改。', params: (p) => [p.reference] },
  },
  'staff-card-yellow': {
    audience: 'staff',
    subject: (p) => `黄牌预警：办件 ${p.reference}`,
    text: (p) => `电子监察对办件 ${p.reference} 亮出${p.status}。您是当日的责任人，请抓紧办理，防止超期。\n打开：${p.link}`,
  },
  'staff-card-red': {
    audience: 'staff',
    subject: (p) => `红牌：办件 ${p.reference}`,
    text: (p) => `电子监察对办件 ${p.reference} 亮出${p.status}。您是当日的责任人，请立即处理，效能办将督办。\n打开：${p.link}`,
    sms: { text: '电子监察红牌：办件{1}，{2}。您是当日责任人，请立即处理。', params: (p) => [p.reference, (p.status ?? '').replace(/^红牌：/, '')] },
  },
  'staff-card-supervised': {
    audience: 'staff',
    subject: (p) => `督办：办件 ${p.reference}，${p.date} 前回告`,
    text: (p) => `效能办就办件 ${p.reference} 的预警纠错牌发出督办通知，请本单位查明原因、整改，并于 ${p.date} 前回告。\n打开：${p.link}`,
  },
  'staff-card-answer-overdue': {
    audience: 'staff',
    subject: (p) => `督办回告已超期：办件 ${p.reference}`,
    text: (p) => `办件 ${p.reference} 的督办应于 ${p.date} 前回告，至今未回告，请尽快回告。\n打开：${p.link}`,
  },
  'staff-digest': {
    audience: 'staff',
    subject: (p) => `今日待办汇总（${p.count} 件）`,
    text: (p) => `您选择了每日汇总。以下事项需要您处理：\n${p.lines}\n打开工作台：${p.link}`,
  },
} satisfies Record<string, Template>;

export type TemplateKey = keyof typeof templates;
export const templateOf = (key: string): Template | undefined => (templates as Record<string, Template>)[key];

/**
 * The provider's template ids, from SMS_TEMPLATE_IDS (JSON: key → id) once approved; the local
 * sink accepts the demo ids below. Tencent's TemplateId is a number in a string.
 */
export const demoTemplateIds: Record<string, string> = Object.fromEntries(
  Object.entries(templates)
    .filter(([, t]) => 'sms' in t)
    .map(([key], i) => [key, String(2000001 + i)]),
);

export function smsTemplateIds(configured: string | undefined): Record<string, string> {
  if (!configured) return demoTemplateIds;
  try {
    return { ...demoTemplateIds, ...(JSON.parse(configured) as Record<string, string>) };
  } catch {
    return demoTemplateIds;
  }
}

/** The registered text with its parameters filled in, as the phone shows it (the sink's view). */
export function renderSms(templateId: string, params: string[], configured?: string): string | undefined {
  const ids = smsTemplateIds(configured);
  const key = Object.keys(ids).find((k) => ids[k] === templateId);
  const sms = key ? templateOf(key)?.sms : undefined;
  return sms?.text.replace(/\{(\d+)\}/g, (_, n: string) => params[Number(n) - 1] ?? '');
}
