// The natural-language query set of issue 16: what citizens type, in their own words, and the page
// (with the guide section, when the question is about one) that must come FIRST on /search/.
// Run by test/browser/search-queries.test.ts against the built site (at least 95 % right first,
// none empty) and by `npm run bench:build` against a province-sized build. Not a test file itself.
//
// `first` is a path, optionally with the anchor of a service-guide section (#materials,
// #time-limit, #fees, #where, #steps, #conditions: site/pages/services/[id].astro). Add a query
// here when a citizen's search went wrong, with the page that would have helped.

export interface NaturalQuery {
  query: string;
  first: string;
  /** What kind of wording it is: an everyday name (俗称), a question, an intent, an official name. */
  kind: 'everyday' | 'question' | 'intent' | 'official';
}

const guide = (id: string, section = '') => `/services/${id}/${section && `#${section}`}`;

export const naturalQueries: NaturalQuery[] = [
  // Everyday names of services (俗称, declared as `aliases` in content/services/*.mdx).
  { query: '挖路', first: guide('road-excavation'), kind: 'everyday' },
  { query: '挖路审批', first: guide('road-excavation'), kind: 'everyday' },
  { query: '挖马路', first: guide('road-excavation'), kind: 'everyday' },
  { query: '路面开挖', first: guide('road-excavation'), kind: 'everyday' },
  { query: '开工证', first: guide('construction-permit'), kind: 'everyday' },
  { query: '施工许可', first: guide('construction-permit'), kind: 'everyday' },
  { query: '公租房', first: guide('public-rental-qualification'), kind: 'everyday' },
  { query: '租房补贴', first: guide('rental-subsidy'), kind: 'everyday' },
  { query: '房租补贴', first: guide('rental-subsidy'), kind: 'everyday' },
  { query: '维修基金', first: guide('maintenance-fund-use'), kind: 'everyday' },
  { query: '加装电梯', first: guide('maintenance-fund-use'), kind: 'everyday' },
  { query: '网签', first: guide('sales-contract-filing'), kind: 'everyday' },
  { query: '买房合同备案', first: guide('sales-contract-filing'), kind: 'everyday' },
  { query: '预售证', first: guide('presale-permit'), kind: 'everyday' },
  { query: '消防验收', first: guide('fire-acceptance'), kind: 'everyday' },
  { query: '竣工备案', first: guide('completion-filing'), kind: 'everyday' },
  { query: '渣土', first: guide('construction-waste-permit'), kind: 'everyday' },
  { query: '占道', first: guide('road-occupation'), kind: 'everyday' },
  { query: '施工资质', first: guide('contractor-qualification'), kind: 'everyday' },
  { query: '开发商资质', first: guide('developer-qualification'), kind: 'everyday' },
  { query: '依申请公开', first: guide('information-disclosure'), kind: 'everyday' },
  { query: '报监', first: guide('quality-safety-registration'), kind: 'everyday' },

  // Questions: question words and particles go, the section asked about becomes the anchor.
  { query: '施工许可要带什么材料', first: guide('construction-permit', 'materials'), kind: 'question' },
  { query: '挖路需要哪些材料', first: guide('road-excavation', 'materials'), kind: 'question' },
  { query: '竣工验收备案要准备什么资料', first: guide('completion-filing', 'materials'), kind: 'question' },
  { query: '公租房怎么申请', first: guide('public-rental-qualification', 'steps'), kind: 'question' },
  { query: '申请公租房需要什么条件', first: guide('public-rental-qualification', 'conditions'), kind: 'question' },
  { query: '租房补贴多久能批下来', first: guide('rental-subsidy', 'time-limit'), kind: 'question' },
  { query: '商品房预售许可要多久', first: guide('presale-permit', 'time-limit'), kind: 'question' },
  { query: '施工许可证几天能办好', first: guide('construction-permit', 'time-limit'), kind: 'question' },
  { query: '消防验收收费吗', first: guide('fire-acceptance', 'fees'), kind: 'question' },
  { query: '挖路在哪里办', first: guide('road-excavation', 'where'), kind: 'question' },
  { query: '网签备案的流程', first: guide('sales-contract-filing', 'steps'), kind: 'question' },
  { query: '维修基金怎么用', first: guide('maintenance-fund-use'), kind: 'question' },
  { query: '渣土运输要办什么证', first: guide('construction-waste-permit'), kind: 'question' },
  { query: '多久能办好', first: '/rules/time-limit/', kind: 'question' },
  { query: '办多久', first: '/rules/time-limit/', kind: 'question' },
  { query: '要带什么材料', first: '/rules/one-time-notice/', kind: 'question' },

  // Frequent intents: the page that serves them, worker pages included (type 办事入口).
  { query: '怎么投诉', first: '/complaints/new/', kind: 'intent' },
  { query: '投诉', first: '/complaints/new/', kind: 'intent' },
  { query: '我要投诉', first: '/complaints/new/', kind: 'intent' },
  { query: '工作人员态度差', first: '/complaints/new/', kind: 'intent' },
  { query: '窗口推诿扯皮', first: '/complaints/new/', kind: 'intent' },
  { query: '办事拖拉', first: '/complaints/new/', kind: 'intent' },
  { query: '我要举报', first: '/complaints/new/', kind: 'intent' },
  { query: '举报电话', first: '/supervision/', kind: 'intent' },
  { query: '效能投诉电话是多少', first: '/supervision/', kind: 'intent' },
  { query: '查进度', first: '/track/', kind: 'intent' },
  { query: '投诉办到哪了', first: '/track/', kind: 'intent' },
  { query: '受理编号查询', first: '/track/', kind: 'intent' },
  { query: '预约', first: '/appointments/new/', kind: 'intent' },
  { query: '怎么预约办事', first: '/appointments/new/', kind: 'intent' },
  { query: '取消预约', first: '/appointments/track/', kind: 'intent' },
  { query: '接待日', first: '/appointments/reception/', kind: 'intent' },
  { query: '局长接待日怎么登记', first: '/appointments/reception/', kind: 'intent' },
  { query: '想见局长反映问题', first: '/appointments/reception/', kind: 'intent' },

  // Official names: the rule, department or list a citizen read about elsewhere.
  { query: '办事预约制', first: '/rules/appointment/', kind: 'official' },
  { query: '首问负责制', first: '/rules/first-receiver/', kind: 'official' },
  { query: '同岗替代', first: '/rules/ab-post/', kind: 'official' },
  { query: '中午禁酒', first: '/rules/weekday-lunch-alcohol/', kind: 'official' },
  { query: '限时办结', first: '/rules/time-limit/', kind: 'official' },
  { query: '月度通报', first: '/bulletins/', kind: 'official' },
  { query: '住房保障科', first: '/departments/housing-security/', kind: 'official' },
  { query: '挖掘城市道路许可', first: guide('road-excavation'), kind: 'official' },
];
