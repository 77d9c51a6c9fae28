/**
 * The domain's fixed lists with their zh-CN labels. One place for every code and label: the
 * schemas, the worker, the site and the tests all import from here.
 * Sources: ../shared/domain.md and the seeds it cites.
 */
import { labels } from './common.ts';

/** Complaint categories (效能投诉类别). */
export const categories = labels({
  'buck-passing': '推诿扯皮',
  overdue: '超过时限',
  'not-told-at-once': '未一次性告知',
  'rude-or-obstructive': '态度生硬/刁难',
  'asking-favours': '吃拿卡要',
  'broken-commitment': '违反服务承诺',
  'first-receiver-failed': '首问不负责',
  'lunchtime-drinking': '工作日中午饮酒',
  other: '其他',
});
export type Category = (typeof categories.codes)[number];

/** Case stages, in order (seed 004: 接待、受理、登记、呈批、办理、报结、归档). */
export const stages = labels({
  reception: '接待',
  acceptance: '受理',
  registration: '登记',
  approval: '呈批',
  handling: '办理',
  conclusion: '报结',
  archive: '归档',
});
export type Stage = (typeof stages.codes)[number];

/** How a complaint reached the office (首问负责制 records the channel). */
export const channels = labels({
  web: '网上投诉',
  phone: '电话',
  visit: '来访',
  letter: '来信',
  /** A case the efficiency office opens itself from a red card of 电子监察 (issue 12). */
  supervision: '电子监察红牌',
});
export type Channel = (typeof channels.codes)[number];

/** Findings of a concluded case. */
export const findings = labels({
  substantiated: '属实',
  'partly-substantiated': '部分属实',
  unsubstantiated: '不属实',
});
export type Finding = (typeof findings.codes)[number];

/** Sanctions (效能告诫 / 失职追究), mildest first. */
export const sanctions = labels({
  'oral-admonition': '口头告诫',
  'written-admonition': '书面告诫',
  'written-self-examination': '责令书面检查',
  'circulated-criticism': '通报批评',
  'award-ineligibility': '取消评优评先',
  'bonus-deduction': '扣发奖金',
  'administrative-sanction': '行政处分',
  transfer: '调离岗位',
  suspension: '待岗',
});
export type Sanction = (typeof sanctions.codes)[number];

/** Sanctions that count as an admonition (告诫) for the unit and person thresholds of seed 001. */
export const admonitions: readonly Sanction[] = ['oral-admonition', 'written-admonition'];

/** The five 好差评 levels, best first. */
export const satisfaction = labels({
  'very-satisfied': '非常满意',
  satisfied: '满意',
  'basically-satisfied': '基本满意',
  dissatisfied: '不满意',
  'very-dissatisfied': '非常不满意',
});
export type Satisfaction = (typeof satisfaction.codes)[number];

/** The ratings that count as 差评 (a bad rating the office follows up). */
export const badRatings: readonly Satisfaction[] = ['dissatisfied', 'very-dissatisfied'];

/** How the office answers a complainant's review request (复核). */
export const reviewOutcomes = labels({
  upheld: '维持原结论',
  changed: '改变结论',
});
export type ReviewOutcome = (typeof reviewOutcomes.codes)[number];

/** Staff roles in the office console; every route checks one of these. */
export const roles = labels({
  intake: '受理员',
  handler: '承办人',
  supervisor: '效能办负责人',
  /** 效能建设领导小组 (seed 001): approves (审定) accountability decisions and signs the 告诫通知书 (issue 14). */
  leader: '效能建设领导小组',
  admin: '系统管理员',
});
export type Role = (typeof roles.codes)[number];
