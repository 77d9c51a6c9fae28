// Search for the portal, on /search/ only. Progressive: the page already holds the form, the
// filters, the fallback links and the popular tasks; this script reveals the form and asks Pagefind.
// What a query means (question words, intents, the guide section asked about, fewer-word retries)
// is decided by query.js, a pure module with its own unit tests. No framework, no build step.
import { arrange, understand, withSection } from './query.js';

const script = document.querySelector('script[src="/scripts/search.js"]');
const text = {
  empty: script?.dataset.empty ?? '没有找到与“{q}”相关的内容。',
  count: script?.dataset.count ?? '找到 {n} 条结果',
  loading: script?.dataset.loading ?? '正在搜索…',
  retried: script?.dataset.retried ?? '没有找到与“{q}”完全相符的内容，已改为搜索“{used}”，找到 {n} 条结果',
  taskKind: script?.dataset.taskKind ?? '办事入口',
};
/** The guide sections query.js may point to, as their headings read on the guide. */
const SECTION_LABELS = {
  materials: '申请材料',
  'time-limit': '办理时限',
  fees: '收费标准',
  where: '办理地点',
  steps: '办理流程',
  conditions: '受理条件',
};
const form = document.querySelector('[data-search-form]');
const fallback = document.querySelector('[data-search-fallback]');
const status = document.querySelector('[data-search-status]');
const list = document.querySelector('[data-search-results]');
const input = form.querySelector('#search-q');
const typeSelect = form.querySelector('#search-type');
const departmentSelect = form.querySelector('#search-department');
/** The popular tasks' links in the page: task → { url, title, hint }. */
const tasks = new Map(
  [...document.querySelectorAll('[data-task]')].map((a) => [a.dataset.task, { url: a.getAttribute('href'), title: a.textContent.trim(), hint: a.dataset.hint ?? '' }]),
);

let pagefind;
async function loadPagefind() {
  if (!pagefind) {
    pagefind = await import('/pagefind/pagefind.js');
    await pagefind.options({ excerptLength: 40 });
    // A province-sized site is indexed in several bundles (site/build/search-index.ts): merge them.
    const shards = await fetch('/pagefind/shards.json').then((r) => (r.ok ? r.json() : []), () => []);
    for (const path of shards) await pagefind.mergeIndex(path);
    pagefind.init();
  }
  return pagefind;
}

// Pagefind splits Chinese into words and single characters, so nonsense can still match a common
// character such as 的. Keep a result only if it holds at least two consecutive characters of the query.
function relevant(query, content) {
  const q = query.replace(/\s+/g, '');
  if ([...q].length < 2) return true;
  const chars = [...q];
  for (let i = 0; i < chars.length - 1; i++) {
    if (content.includes(chars[i] + chars[i + 1])) return true;
  }
  return query.split(/\s+/).some((word) => word.length > 1 && content.toLowerCase().includes(word.toLowerCase()));
}

function currentFilters() {
  const filters = {};
  if (typeSelect.value) filters['类型'] = typeSelect.value;
  if (departmentSelect.value) filters['处室'] = departmentSelect.value;
  return filters;
}

function syncUrl(query) {
  const params = new URLSearchParams();
  if (query) params.set('q', query);
  if (typeSelect.value) params.set('type', typeSelect.value);
  if (departmentSelect.value) params.set('department', departmentSelect.value);
  const search = params.toString();
  history.replaceState(null, '', search ? `?${search}` : location.pathname);
}

function renderResult({ url, title, kind, department, excerpt, section }) {
  const item = document.createElement('li');
  const link = document.createElement('a');
  link.className = 'result-title';
  link.href = url;
  link.textContent = section ? `${title}：${SECTION_LABELS[section]}` : title;
  const meta = document.createElement('p');
  meta.className = 'result-meta';
  meta.textContent = [kind, department].filter(Boolean).join(' · ');
  const body = document.createElement('p');
  // Pagefind's excerpt is escaped page text with <mark> around the matches; a task's hint is plain text.
  if (excerpt.html) body.innerHTML = excerpt.html;
  else body.textContent = excerpt.text;
  item.append(link, meta, body);
  return item;
}

/** The pages Pagefind finds for `terms` under the filters, that really hold the words. */
async function find(pf, terms, filters) {
  const search = await pf.search(terms || null, { filters });
  const found = await Promise.all(search.results.slice(0, 30).map((r) => r.data()));
  return terms ? found.filter((d) => relevant(terms, d.content)) : found;
}

let latest = 0;
async function run() {
  const query = input.value.trim();
  const filters = currentFilters();
  syncUrl(query);
  const ticket = ++latest;
  if (!query && Object.keys(filters).length === 0) {
    status.textContent = '';
    list.replaceChildren();
    return;
  }
  status.textContent = text.loading;
  const meaning = understand(query);
  const pf = await loadPagefind();
  // The words worth searching; when they find nothing, fewer words, and the page says so.
  let used = meaning.terms;
  let found = query && !used ? [] : await find(pf, used, filters);
  for (const retry of found.length === 0 ? meaning.retries : []) {
    if (ticket !== latest) return;
    found = await find(pf, retry, filters);
    if (found.length > 0) {
      used = retry;
      break;
    }
  }
  if (ticket !== latest) return; // a newer keystroke already started another search
  const task = Object.keys(filters).length === 0 && meaning.task ? tasks.get(meaning.task) : undefined;
  const results = found.map((d) => {
    const url = withSection(d.url, meaning.section, d.meta.title, query);
    return {
      url,
      title: d.meta.title ?? d.url,
      kind: d.meta['类型'],
      department: d.meta['处室'],
      excerpt: { html: d.excerpt },
      section: url !== d.url ? meaning.section : undefined,
    };
  });
  const pinned = task && { url: task.url, title: task.title, kind: text.taskKind, excerpt: { text: task.hint } };
  const shown = arrange(results, pinned, query);
  list.replaceChildren(...shown.map(renderResult));
  if (shown.length === 0) status.textContent = text.empty.replace('{q}', query || '所选条件');
  else if (used !== meaning.terms && found.length > 0) status.textContent = text.retried.replace('{q}', query).replace('{used}', used).replace('{n}', String(shown.length));
  else status.textContent = text.count.replace('{n}', String(shown.length));
}

let timer;
function schedule() {
  clearTimeout(timer);
  timer = setTimeout(run, 250);
}

form.hidden = false;
fallback.hidden = true;
form.addEventListener('submit', (event) => {
  event.preventDefault();
  clearTimeout(timer);
  run();
});
input.addEventListener('input', schedule);
typeSelect.addEventListener('change', run);
departmentSelect.addEventListener('change', run);

const params = new URLSearchParams(location.search);
input.value = params.get('q') ?? '';
typeSelect.value = params.get('type') ?? '';
departmentSelect.value = params.get('department') ?? '';
if (input.value || typeSelect.value || departmentSelect.value) run();
