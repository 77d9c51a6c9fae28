import { describe, expect, it } from 'vitest';
import { arrange, normalise, retriesFor, stripQuestion, understand, withSection } from '../../site/public/scripts/query.js';

// The query understanding of /search/ (site/public/scripts/query.js), issue 16: questions and
// everyday words lead to the page a citizen means. Pure function, so every rule is pinned here;
// test/browser/search-queries.test.ts runs the whole query set against the built index.

describe('question words and particles are taken out of the search terms', () => {
  it.each([
    ['施工许可要带什么材料', '施工许可'],
    ['公租房怎么申请', '公租房 申请'],
    ['请问挖路在哪里办？', '挖路'],
    ['商品房预售许可要多久', '商品房预售许可'],
    ['消防验收收费吗', '消防验收'],
    ['我想申请租房补贴', '申请租房补贴'],
    ['维修基金能不能用来加装电梯', '维修基金 用来加装电梯'],
  ])('%s → %s', (query, terms) => {
    expect(understand(query).terms).toBe(terms);
  });

  it('keeps a character that is a particle only at the edge of a word (节能, 在线)', () => {
    expect(stripQuestion('建筑节能')).toBe('建筑节能');
    expect(stripQuestion('在线投诉')).toBe('在线投诉');
    expect(stripQuestion('能办好吗')).toBe('');
  });

  it('folds full-width letters and spaces (ＸＫ－００６ → xk-006)', () => {
    expect(normalise('  ＸＫ－００６ ')).toBe('xk-006');
  });
});

describe('the guide section a question asks about becomes an anchor', () => {
  it.each([
    ['施工许可要带什么材料', 'materials'],
    ['挖路需要哪些资料', 'materials'],
    ['预售许可多久能办好', 'time-limit'],
    ['商品房预售许可要几天', 'time-limit'],
    ['消防验收收费吗', 'fees'],
    ['公租房在哪里办', 'where'],
    ['竣工备案的流程', 'steps'],
    ['公租房申请条件', 'conditions'],
  ] as const)('%s → #%s', (query, section) => {
    expect(understand(query).section).toBe(section);
  });

  it('adds the anchor to service guides only, and keeps an anchor already there', () => {
    expect(withSection('/services/road-excavation/', 'materials')).toBe('/services/road-excavation/#materials');
    expect(withSection('/services/department/urban-construction/', 'materials')).toBe('/services/department/urban-construction/');
    expect(withSection('/rules/time-limit/', 'materials')).toBe('/rules/time-limit/');
    expect(withSection('/services/x/#fees', 'materials')).toBe('/services/x/#fees');
    expect(withSection('/services/x/', undefined)).toBe('/services/x/');
  });

  it('keeps the plain URL when the query is the guide\u2019s exact name (公共租赁住房资格审核 is not a question)', () => {
    const section = understand('公共租赁住房资格审核').section;
    expect(withSection('/services/public-rental-qualification/', 'conditions', '公共租赁住房资格审核', ' 公共租赁住房资格审核 ')).toBe('/services/public-rental-qualification/');
    expect(withSection('/services/public-rental-qualification/', 'conditions', '公共租赁住房资格审核', '公租房条件')).toBe('/services/public-rental-qualification/#conditions');
    expect(section).toBeUndefined();
  });
});

describe('frequent intents name the task whose page goes first', () => {
  it.each([
    ['怎么投诉', 'complaint'],
    ['工作人员态度差', 'complaint'],
    ['窗口推诿扯皮', 'complaint'],
    ['我要举报', 'complaint'],
    ['举报电话', 'phone'],
    ['效能投诉电话是多少', 'phone'],
    ['查进度', 'track'],
    ['投诉办到哪了', 'track'],
    ['预约', 'appointment'],
    ['怎么预约办事', 'appointment'],
    ['取消预约', 'appointment-track'],
    ['局长接待日', 'reception'],
    ['想见局长', 'reception'],
    ['月度通报', 'bulletins'],
    ['投诉统计数据', 'bulletins'],
    ['多久能办好', 'time-limit'],
    ['要带什么材料', 'materials'],
  ] as const)('%s → %s', (query, task) => {
    expect(understand(query).task).toBe(task);
  });

  it('names no task for the name of a service', () => {
    expect(understand('挖掘城市道路许可').task).toBeUndefined();
    expect(understand('公共租赁住房资格审核').task).toBeUndefined();
  });

  it('searches the intent word itself when the question had nothing else (怎么投诉 → 投诉)', () => {
    expect(understand('怎么投诉').terms).toBe('投诉');
    expect(understand('多久能办好').terms).toBe('时限');
    expect(understand('要带什么材料').terms).toBe('一次性告知');
  });
});

describe('a query that finds nothing is retried with fewer words', () => {
  it('drops the generic word of a request first (挖路审批 → 挖路)', () => {
    expect(retriesFor('挖路审批')[0]).toBe('挖路');
    expect(understand('挖路审批').retries[0]).toBe('挖路');
  });

  it('drops words from the end of a spaced query, then tries the last word alone', () => {
    expect(retriesFor('公租房 申请 手续')).toEqual(['公租房', '公租房 申请', '手续']);
    expect(retriesFor('消防 验收 时间')).toEqual(['消防 验收', '消防', '时间', '验收']);
  });

  it('shortens a long run of Chinese from its end, never below two characters', () => {
    const retries = retriesFor('城市道路挖掘修复');
    expect(retries).toContain('城市道路挖掘');
    expect(retries.every((r) => r.length >= 2)).toBe(true);
    expect(retries).not.toContain('城市道路挖掘修复');
  });

  it('offers no retry for a two-character word or for nothing', () => {
    expect(retriesFor('挖路')).toEqual([]);
    expect(understand('吗？').retries).toEqual([]);
    expect(understand('').terms).toBe('');
  });
});

describe('results are arranged: exact title, then the task, then the index', () => {
  const found = [
    { url: '/bulletins/2026-10/', title: '2026 年 10 月效能投诉月度通报' },
    { url: '/rules/appointment/', title: '办事预约制' },
    { url: '/complaints/new/', title: '效能投诉' },
  ];
  const task = { url: '/appointments/new/', title: '办事预约' };

  it('puts the task page above the index results', () => {
    expect(arrange(found, task, '怎么预约').map((r) => r.url)).toEqual(['/appointments/new/', '/bulletins/2026-10/', '/rules/appointment/', '/complaints/new/']);
  });

  it('keeps a page titled exactly as typed above the task (办事预约制 is the rule)', () => {
    expect(arrange(found, task, ' 办事预约制 ')[0].url).toBe('/rules/appointment/');
  });

  it('shows a URL once, even when the task page is also an index result (anchor ignored)', () => {
    const complaint = { url: '/complaints/new/', title: '在线效能投诉' };
    const urls = arrange([...found, { url: '/complaints/new/#x', title: 'x' }], complaint, '投诉').map((r) => r.url);
    expect(urls).toEqual(['/complaints/new/', '/bulletins/2026-10/', '/rules/appointment/']);
  });

  it('leaves the index order alone without a task', () => {
    expect(arrange(found, undefined, '投诉')).toEqual(found);
  });
});
