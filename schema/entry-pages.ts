/**
 * The pages the worker renders that a citizen comes looking for (办事入口): the complaint form,
 * tracking, appointments, the reception day. They are not in dist/, so Pagefind would never see
 * them; site/build/search-index.ts adds each `searchable` one to the index as a record with its real
 * URL under the type 办事入口, and worker/views/layout.tsx takes each page's meta description from
 * here. One list, so the index, the meta description and the search page's popular tasks agree.
 *
 * Each text is written from what the page itself shows (its heading, lead and form), in the words
 * citizens search with (issue 16: 怎么投诉 and 工作人员态度差 must lead to the complaint form).
 */
export interface EntryPage {
  /** The page's path, with its trailing slash, exactly as the worker serves it. */
  path: string;
  /** The page's h1, also the search result's title. */
  title: string;
  /** One or two sentences on what the page is for: the meta description and the result excerpt. */
  description: string;
  /**
   * Words citizens use for what the page does, indexed just below the title (e.g. 态度差, 举报 for
   * the complaint form). Keep them short and specific: a generic word (办理) would pull this page
   * above the guides.
   */
  keywords: string[];
  /** Whether the page belongs in the public search index (the confirmation pages do not). */
  searchable: boolean;
}

export const entryPages = [
  {
    path: '/complaints/new/',
    title: '效能投诉',
    description:
      '在线提交效能投诉：工作人员推诿扯皮、办事拖拉、态度生硬、超过承诺时限或没有一次性告知的，都可以投诉。提交后得到受理编号和查询码，可随时查询办理进度；投诉人信息依法保密。',
    keywords: ['在线投诉', '网上投诉', '我要投诉', '投诉工作人员', '态度差', '态度不好', '服务态度', '推诿扯皮', '办事拖拉', '吃拿卡要', '刁难', '不作为', '乱收费'],
    searchable: true,
  },
  {
    path: '/track/',
    title: '查询办理进度',
    description: '凭受理编号和查询码查询效能投诉的办理进度、办理结论和办结期限，也可以对结论申请复核、评价办理结果。',
    keywords: ['查进度', '投诉进度', '办理进度', '查询投诉', '受理编号', '查询码', '投诉结果', '复核'],
    searchable: true,
  },
  {
    path: '/appointments/new/',
    title: '办事预约',
    description: '网上预约办理事项：经办人不在或想避免排队时留下事项和联系方式，经办人在约定时限内联系您确认时间和材料（A 岗不在时由 B 岗联系）。',
    keywords: ['网上预约', '预约办事', '预约办理', '提前预约', '排队'],
    searchable: true,
  },
  {
    path: '/appointments/reception/',
    title: '局长接待日登记',
    description: '登记参加局长接待日：在公布的接待日当面向局领导反映问题、提出意见建议，网上选择日期和时段登记。',
    keywords: ['接待日', '局长接待', '领导接待', '见局长', '当面反映', '信访接待'],
    searchable: true,
  },
  {
    path: '/appointments/track/',
    title: '查询或取消预约',
    description: '凭预约编号和查询码查询办事预约或接待日登记的处理情况，需要时取消预约。',
    keywords: ['预约进度', '取消预约', '预约编号', '查询预约'],
    searchable: true,
  },
  {
    path: '/targets/',
    title: '季度目标考核结果',
    description: '各处室年度目标的季度完成情况：效能建设领导小组每季度检查、审定后通报，只公开处室结果，更正写明原因。',
    keywords: ['目标考核', '目标管理', '季度考评', '目标责任制', '考核结果', '通报'],
    searchable: true,
  },
  {
    path: '/complaints/confirmation/',
    title: '投诉已提交',
    description: '效能投诉的受理编号和查询码，以及接下来怎样办理、何时答复。',
    keywords: [],
    searchable: false,
  },
  {
    path: '/appointments/confirmation/',
    title: '预约已提交',
    description: '办事预约或接待日登记的预约编号和查询码，以及经办人何时联系您。',
    keywords: [],
    searchable: false,
  },
  {
    path: '/api/',
    title: '开放接口（API）说明',
    description: '效能投诉和办事预约的开放接口说明：提交、查询的请求格式、返回格式和错误说明，供其他系统对接。',
    keywords: [],
    searchable: false,
  },
] as const satisfies readonly EntryPage[];

const byPath = new Map<string, EntryPage>(entryPages.map((p) => [p.path, p]));

/** The registered page at this path, if any. */
export function entryPage(path: string): EntryPage | undefined {
  return byPath.get(path);
}
