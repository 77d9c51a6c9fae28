// Query understanding for the portal's search (issue 16): turns what a citizen types — often a
// question in everyday words — into what the index can answer. Pure: no DOM, no network, no state,
// so test/unit/search-query.test.ts pins every rule. search.js is its only caller.
//
//   understand('施工许可要带什么材料') → { terms: '施工许可', section: 'materials', task: undefined, … }
//   understand('怎么投诉')             → { terms: '投诉', task: 'complaint', … }
//   understand('多久能办好')           → { terms: '时限', section: 'time-limit', task: 'time-limit', … }
//
// Three things come out of a query:
// - `terms`: the words worth searching, with question words and particles taken out;
// - `section`: the part of a service guide the question is about (its anchor on /services/…/), so
//   a guide found for 施工许可要带什么材料 opens at #materials;
// - `task`: a frequent intent (投诉, 查进度, 预约, 接待日, 举报电话…) whose page is put first; the page
//   itself is a link in the search page's HTML (data-task), so it works as a list without script.
// When `terms` finds nothing, search.js tries `retries` in order (fewer words each time) and says so.

/**
 * @typedef {'materials' | 'time-limit' | 'fees' | 'where' | 'steps' | 'conditions'} Section
 * @typedef {'complaint' | 'track' | 'appointment' | 'appointment-track' | 'reception' | 'phone' | 'bulletins' | 'time-limit' | 'materials'} Task
 * @typedef {{ original: string, terms: string, section?: Section, task?: Task, retries: string[] }} Understood
 */

/** Questions about one part of a guide, and the words that say so. First match wins. */
const SECTIONS = /** @type {const} */ ([
  ['materials', /材料|资料|证件|带什么|带哪些|准备什么|准备哪些|交什么|提交什么/],
  ['time-limit', /多久|多长时间|多少天|几天|几个工作日|时限|什么时候能|啥时候|办好|办完|办下来|期限/],
  ['fees', /多少钱|收费|费用|收钱|要钱|免费/],
  ['where', /在哪|哪里办|去哪|地点|地址|窗口|几楼/],
  ['steps', /流程|步骤|程序|怎么办理|如何办理|怎么申请|如何申请|怎么办/],
  ['conditions', /条件|够不够|符合/],
]);

/**
 * Frequent intents and their words. Checked in this order, so the more specific come first
 * (投诉电话 is the phone, not the form; 预约进度 is the appointment lookup, not a new booking).
 */
const TASKS = /** @type {const} */ ([
  ['phone', /(投诉|举报|监督|效能)(电话|热线|号码)|(电话|热线)(投诉|举报)/],
  ['appointment-track', /(取消|查询?|查看)预约|预约(进度|编号|结果|查询|取消|状态)/],
  ['reception', /接待日|局长接待|领导接待|(见|找)(局长|领导)|当面反映/],
  ['bulletins', /通报|投诉统计|投诉(数据|情况|数量)|满意度/],
  ['track', /进度|办到哪|受理编号|查询码|投诉结果|(查|查询)(投诉|结果|办理情况)|结果出来/],
  ['appointment', /预约|约个?时间|排队|挂号/],
  ['complaint', /投诉|举报|态度(差|不好|恶劣|生硬|冷漠)|推诿|扯皮|拖拉|刁难|不作为|乱作为|吃拿卡要|乱收费|不理人|门难进|脸难看|事难办|踢皮球|不给办|拖着不办/],
]);

/** Whole phrases that carry no search meaning, removed wherever they stand (longest first). */
const QUESTION_WORDS = [
  '请问一下', '请问', '我想知道', '我想要', '我想', '我要', '想要', '想问', '打听一下',
  '在哪里', '在哪儿', '去哪里', '去哪儿', '怎么样', '怎么办', '怎么', '怎样', '咋样', '咋办', '如何', '什么时候', '啥时候', '什么', '啥', '哪些', '哪个', '哪里', '哪儿', '在哪', '去哪',
  '多长时间', '多少天', '几个工作日', '几天', '多久', '多少钱', '能不能', '可不可以', '是不是', '有没有', '可以', '是否', '需要', '应该', '一般', '大概', '到底', '一下',
  '要带', '要交', '要准备', '带哪些', '准备', '提交',
].sort((a, b) => b.length - a.length);
/** Particles and punctuation, removed wherever they stand. */
const PARTICLES = /[吗呢吧啊呀嘛哦？?！!，,。.、；;：:“”"'‘’（）()《》]/g;
/**
 * Words that are question scaffolding only at the start or at the end of a run: 能 in 能办好 goes,
 * 能 in 节能 stays; 在 stays everywhere (在线投诉).
 */
const LEADING = ['请', '我', '要', '能', '想', '去', '还', '都', '该', '给', '帮'];
const TRAILING = ['要', '的', '了', '得', '办好', '办完', '办下来', '办'];
/**
 * Words of the section questions, removed from the terms once `section` holds them (the guide's
 * anchor answers them; searching 材料 would rank every guide alike).
 */
const SECTION_WORDS = /材料|资料|证件|时限|期限|收费|费用|流程|步骤|程序|地点|地址|条件|免费|窗口|几楼/g;
/**
 * Generic words of an administrative request: the first to go when a query finds nothing
 * (挖路审批 → 挖路), since the everyday word is the one that names the matter.
 */
const GENERIC = /审批|办理|申请|手续|许可证?|证明|备案|登记|核准|业务|事项|服务|相关|问题|情况|规定|政策|部门|单位/g;

/** Lower-cases Latin letters, folds full-width forms to half-width and collapses spaces. */
export function normalise(raw) {
  return String(raw ?? '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Removes the question scaffolding around the meaningful words. */
export function stripQuestion(text) {
  let out = text;
  for (const word of QUESTION_WORDS) out = out.split(word).join(' ');
  out = out.replace(PARTICLES, ' ');
  // Edge words go only at the start or end of a run of characters, repeatedly (要带 → 带 → '').
  const runs = out.split(' ').map((run) => {
    let r = run;
    for (let changed = true; changed && r; ) {
      changed = false;
      for (const word of LEADING) {
        if (r.startsWith(word)) {
          r = r.slice(word.length);
          changed = true;
        }
      }
      for (const word of TRAILING) {
        if (r.endsWith(word)) {
          r = r.slice(0, r.length - word.length);
          changed = true;
        }
      }
    }
    return r;
  });
  return runs.filter(Boolean).join(' ');
}

/** Fewer-word versions of `terms`, most specific first, without duplicates or `terms` itself. */
export function retriesFor(terms) {
  const out = [];
  const add = (q) => {
    const t = q.replace(/\s+/g, ' ').trim();
    if (t && t !== terms && !out.includes(t) && [...t.replace(/ /g, '')].length >= 2) out.push(t);
  };
  add(terms.replace(GENERIC, ' '));
  const words = terms.split(' ');
  if (words.length > 1) {
    for (let n = words.length - 1; n >= 1; n--) add(words.slice(0, n).join(' '));
    add(words[words.length - 1]);
    for (const w of words) add(w.replace(GENERIC, ''));
  } else {
    // One run of Chinese: shorter and shorter heads (城市道路挖掘审批 → 城市道路挖掘 → …).
    const chars = [...terms];
    for (let n = chars.length - 1; n >= 2 && out.length < 6; n--) add(chars.slice(0, n).join(''));
  }
  return out.slice(0, 8);
}

/** @param {string} raw what the citizen typed @returns {Understood} */
export function understand(raw) {
  const original = normalise(raw);
  const section = SECTIONS.find(([, pattern]) => pattern.test(original))?.[0];
  let task = TASKS.find(([, pattern]) => pattern.test(original))?.[0];
  let terms = stripQuestion(section ? original.replace(SECTION_WORDS, ' ') : original);
  terms = stripQuestion(terms); // a second pass catches scaffolding the first uncovered (要带 → 带)
  if (!terms && section === 'time-limit') {
    // 多久能办好 alone: the rule on time limits answers it, and every guide's time-limit section.
    terms = '时限';
    task ??= 'time-limit';
  } else if (!terms && section === 'materials') {
    terms = '一次性告知';
    task ??= 'materials';
  } else if (!terms && task) {
    terms = TASK_TERMS[task];
  }
  return { original, terms, section, task, retries: terms ? retriesFor(terms) : [] };
}

/** What to search beside the task's own page when the query was nothing but the intent (怎么投诉). */
const TASK_TERMS = {
  complaint: '投诉',
  track: '进度',
  appointment: '预约',
  'appointment-track': '预约',
  reception: '接待日',
  phone: '投诉电话',
  bulletins: '月度通报',
  'time-limit': '时限',
  materials: '一次性告知',
};

/**
 * The result URL with the guide section the question was about: only service guides have these
 * anchors (site/pages/services/[id].astro), and a URL that has an anchor keeps it. A result whose
 * title is exactly the query keeps its plain URL.
 */
export function withSection(url, section, title = '', query = '') {
  // Whoever typed a guide's exact name wants the guide, not one of its sections.
  if (title && normalise(title).replace(/\s+/g, '') === normalise(query).replace(/\s+/g, '')) return url;
  if (!section || url.includes('#') || !/^\/services\/(?!department\/)[^/]+\/$/.test(url)) return url;
  return `${url}#${section}`;
}

/**
 * The order results are shown in. A page whose title is exactly what was typed comes first (the
 * rule 办事预约制 for 办事预约制, though 预约 names a task); then the task's page (the complaint form
 * for 工作人员态度差); then the index's ranking. A URL appears once.
 * @template {{ url: string, title: string }} R
 * @param {R[]} found the index's results, best first
 * @param {R | undefined} task the page of the task query.js recognised
 * @param {string} query what the citizen typed
 * @returns {R[]}
 */
export function arrange(found, task, query) {
  const typed = normalise(query).replace(/\s+/g, '');
  const exact = found.filter((r) => normalise(r.title).replace(/\s+/g, '') === typed);
  const seen = new Set();
  const out = [];
  for (const r of [...exact, ...(task ? [task] : []), ...found]) {
    const key = r.url.split('#')[0];
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
  }
  return out;
}
