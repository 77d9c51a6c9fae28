// Search for the portal, on /search/ only. Progressive: the page already holds the form, the
// filters and the fallback links; this script reveals the form and asks Pagefind.
// No framework, no build step: plain ES module.

const script = document.currentScript ?? document.querySelector('script[src="/scripts/search.js"]');
const text = {
  empty: script?.dataset.empty ?? '没有找到与“{q}”相关的内容。',
  count: script?.dataset.count ?? '找到 {n} 条结果',
  loading: script?.dataset.loading ?? '正在搜索…',
};
const form = document.querySelector('[data-search-form]');
const fallback = document.querySelector('[data-search-fallback]');
const status = document.querySelector('[data-search-status]');
const list = document.querySelector('[data-search-results]');
const input = form.querySelector('#search-q');
const typeSelect = form.querySelector('#search-type');
const departmentSelect = form.querySelector('#search-department');

let pagefind;
async function loadPagefind() {
  if (!pagefind) {
    pagefind = await import('/pagefind/pagefind.js');
    await pagefind.options({ excerptLength: 40 });
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

function renderResult(data) {
  const item = document.createElement('li');
  const link = document.createElement('a');
  link.className = 'result-title';
  link.href = data.url;
  link.textContent = data.meta.title ?? data.url;
  const meta = document.createElement('p');
  meta.className = 'result-meta';
  meta.textContent = [data.meta['类型'], data.meta['处室']].filter(Boolean).join(' · ');
  const excerpt = document.createElement('p');
  // Pagefind's excerpt is escaped page text with <mark> around the matches.
  excerpt.innerHTML = data.excerpt;
  item.append(link, meta, excerpt);
  return item;
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
  const pf = await loadPagefind();
  const search = await pf.search(query || null, { filters });
  if (ticket !== latest) return; // a newer keystroke already started another search
  const found = await Promise.all(search.results.slice(0, 30).map((r) => r.data()));
  if (ticket !== latest) return;
  const shown = query ? found.filter((d) => relevant(query, d.content)) : found;
  list.replaceChildren(...shown.map(renderResult));
  status.textContent = shown.length === 0 ? text.empty.replace('{q}', query || '所选条件') : text.count.replace('{n}', String(shown.length));
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
