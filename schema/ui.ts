/**
 * Navigation lists only pages that exist; each feature adds its entry when it lands
 * (月度通报 /bulletins/, 办事预约 /appointments/new/).
 *
 * UI strings and the site's navigation, shared by the static site (Astro) and the pages the
 * worker renders, so both speak with one voice. Flat dotted keys, as in Starlight.
 */
export interface Link {
  href: string;
  label: string;
}

/** Links written one a line, `href label`, so the two lists below are data, not repeated code. */
function links(lines: string): readonly Link[] {
  return lines
    .trim()
    .split('\n')
    .map((line) => {
      const [href, label] = line.trim().split(/\s+/);
      return { href, label };
    });
}

export const nav = links(`
  /               首页
  /departments/   机构职责
  /services/      办事指南
  /commitments/   服务承诺
  /rules/         效能制度
  /supervision/   监督投诉
  /bulletins/     月度通报
  /search/        搜索
`);

export const footerLinks = links(`
  /complaints/new/    效能投诉
  /track/             查询办理进度
  /appointments/new/  办事预约
  /api/               开放接口（API）说明
  /sitemap.xml        网站地图
  /office/login       工作人员登录
`);

export const ui = {
  'site.skipLink': '跳到正文',
  'site.tagline': '政务公开与效能监督',
  'site.complaintPhone': '效能投诉电话',
  'site.demoBanner': '本站为演示系统，所有机关、人员、事项和案件均为虚构的示范数据。',
  'site.fontSize': '字号',
  'site.fontSize.normal': '标准',
  'site.fontSize.large': '大',
  'site.fontSize.larger': '特大',
  'site.print': '打印本页',
  'site.printHint': '需要纸质告知单？请使用浏览器的打印功能（电脑上可按 Ctrl+P，苹果电脑按 ⌘+P），打印时页面会自动整理成一次性告知单。',
  'search.noScript': '搜索需要浏览器启用 JavaScript。您也可以直接浏览以下目录：',
  'search.label': '搜索关键词',
  'search.submit': '搜索',
  'search.filterType': '按内容类型筛选',
  'search.filterDepartment': '按处室筛选',
  'search.all': '全部',
  'search.loading': '正在搜索…',
  'search.empty': '没有找到与“{q}”相关的内容。请换一个词试试，例如事项名称、处室名称或“投诉”“预约”“时限”；也可以从下面的常用办事入口继续，或拨打效能投诉电话。',
  'search.count': '找到 {n} 条结果',
  'search.hint': '可以直接输入问题或常用说法，例如“施工许可要带什么材料”“挖路”“怎么投诉”。',
  'search.retried': '没有找到与“{q}”完全相符的内容，已改为搜索“{used}”，找到 {n} 条结果',
  'search.taskKind': '办事入口',
  'search.popular': '常用办事入口',
  'search.phone': '找不到要办的事？请拨打效能投诉电话 ',
  'form.errorSummary': '请修改以下问题后再提交',
  'form.errorTitlePrefix': '错误：',
} as const;
