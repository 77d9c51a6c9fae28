// Build benchmark: how the portal scales to a large office. Not a test (npm test never runs it).
//   npm run bench:build [-- --services 2000 --departments 200 --keep --no-browser]
//   npm run bench:build -- --services 10000 --departments 1000      (a province's catalogue, issue 16)
//
// Copies the project (without node_modules, dist, .wrangler, .git; node_modules is symlinked) to
// a temporary directory, replaces the organisation there with a synthetic, schema-valid office
// (200 departments with 3 posts and 6 staff each, 2,000 services with varied Chinese text), keeps
// the real rules, commitments, calendar, office and supervision files (and the real departments
// and services they refer to), then times the three steps of `npm run build`: `catalogue` (content
// check), `astro build` and `node site/build/search-index.ts` (Pagefind), each with its peak memory
// (the largest process's maximum resident set, from /usr/bin/time when installed).
//
// It then measures, in Chromium against a plain static server of that dist/, the bytes the
// search page's first query loads from /pagefind/ (the real request sizes, by file kind): what a
// citizen's phone downloads on the first search. The server compresses what Workers Static Assets
// compresses (text types, when the browser accepts gzip); Pagefind's own files are gzipped already.
// Last, it runs the natural query set (test/browser/search-queries.ts) against that build.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { extname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { parse, stringify } from 'yaml';
import { naturalQueries } from '../browser/search-queries.ts';
import { env, root } from '../support/server.ts';

const { values: args } = parseArgs({
  options: {
    services: { type: 'string', default: '2000' },
    departments: { type: 'string', default: '200' },
    keep: { type: 'boolean', default: false },
    'no-browser': { type: 'boolean', default: false },
    /** Passed to site/build/search-index.ts: index in bundles of at most this many pages. */
    'pages-per-bundle': { type: 'string' },
  },
});
const TOTAL_SERVICES = Number(args.services);
const TOTAL_DEPARTMENTS = Number(args.departments);

// ---- a deterministic pseudo-random source, so every run builds the same office ----------------
let seed = 20261121;
function random(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
const pickSome = <T>(list: readonly T[], n: number): T[] => {
  const copy = [...list];
  const out: T[] = [];
  while (out.length < n && copy.length > 0) out.push(copy.splice(Math.floor(random() * copy.length), 1)[0]);
  return out;
};
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

// ---- vocabulary: the words of a housing and construction bureau --------------------------------
const fields = [
  '城市建设', '房地产市场', '住房保障', '市政设施', '燃气管理', '供水节水', '园林绿化', '村镇建设', '勘察设计', '建筑节能',
  '物业管理', '住房公积金', '消防审验', '人民防空', '城市更新', '排水防涝', '道路桥梁', '建筑市场', '工程质量', '安全生产',
  '住房租赁', '历史建筑', '城建档案', '地下管线', '海绵城市',
];
const sectionKinds = ['管理科', '监督科', '服务科', '审批科', '发展科', '规划科', '执法科', '指导科'];
const objects = [
  '建设工程', '房屋建筑', '商品房', '既有住宅', '市政道路', '城市桥梁', '燃气设施', '供水管网', '排水设施', '园林绿地', '古树名木',
  '户外广告设施', '人防工程', '建筑起重机械', '预拌混凝土', '施工企业', '监理企业', '物业服务企业', '房地产经纪机构', '历史建筑',
  '保障性租赁住房', '公共租赁住房', '地下管线', '城市照明设施', '建筑垃圾', '绿色建筑', '装配式建筑', '农村住房', '危险房屋', '电梯',
];
const actions = [
  '许可', '备案', '核准', '登记', '审批', '变更', '延续', '注销', '确认', '验收备案', '资格审核', '补贴申请', '信息查询', '证明出具',
  '安全评估', '使用登记', '迁移审批', '占用审批', '竣工验收', '质量鉴定',
];
const kinds = ['行政许可', '公共服务', '行政确认', '其他行政权力', '行政备案'];
const applicantKinds = ['自然人', '法人', '其他组织', '法人、其他组织', '自然人、法人', '本市户籍家庭'];
const laws = [
  '《中华人民共和国建筑法》', '《中华人民共和国城乡规划法》', '《中华人民共和国行政许可法》', '《建设工程质量管理条例》',
  '《城镇燃气管理条例》', '《城市道路管理条例》', '《物业管理条例》', '《城市绿化条例》', '《城市房地产开发经营管理条例》',
  '《住房公积金管理条例》', '《建设工程勘察设计管理条例》', '《历史文化名城名镇名村保护条例》', '《城市供水条例》',
];
const articleNumbers = ['第五条', '第七条', '第八条', '第十二条', '第十六条', '第二十条', '第二十四条', '第三十一条', '第四十二条'];
const materialNames = [
  '申请表', '营业执照', '法定代表人身份证明', '授权委托书', '建设工程规划许可证', '施工图审查合格书', '土地使用权证明',
  '工程质量检测报告', '安全生产许可证', '项目竣工验收报告', '房屋权属证明', '家庭成员身份证件', '收入证明', '租赁合同',
  '现场照片', '平面位置图', '专家论证意见', '消防设计文件', '企业资质证书', '人员社保缴纳证明', '设备检验合格证明',
];
const clauses = [
  '申请人应当如实提交材料，并对材料的真实性负责', '材料齐全、符合法定形式的当场受理', '材料不齐全的，窗口一次性告知需要补正的全部内容',
  '办理过程中需要现场勘查的，勘查时间不计入承诺时限', '申请人可以通过电话或网上预约，避免往返', '办理结果可以选择窗口领取或免费邮寄送达',
  '涉及公共安全的事项，应当组织专家评审', '对不予许可的决定，书面说明理由和依据，并告知申请复议或诉讼的权利',
  '本事项不收取任何费用', '已在政务服务网开通网上申报', '符合条件的可以容缺受理，申请人承诺在规定期限内补齐材料',
  '承办人员不在岗时，由 B 岗人员按同等权限办理', '办理进度可以凭受理编号在线查询',
];
const surnames = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹'];
const givenNames = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '秀英', '建华', '志强', '海燕', '晓东', '丽华', '国庆', '春梅', '文博', '思远'];
const titles = ['科员', '副科长', '主任科员', '一级科员', '四级主任科员', '二级主任科员'];
// Proper names (roads, estates, projects) give the index the long tail of words a real office has.
const nameChars = '东西南北中新华阳明光和平安宁康泰丰盛兴隆长江河湖山水青云松柏梅兰竹菊金银玉龙凤锦绣文化人民建设解放胜利友谊幸福朝晖春晓秋实星月海岳桂樱枫杨柳桥塘湾港'.split('');
const placeKinds = ['路', '街', '花园', '小区', '家园', '工业园', '大道', '新村', '广场', '商业中心'];
const place = () => `${pick(nameChars)}${pick(nameChars)}${pick(placeKinds)}`;
const digits = (n: number) => Array.from({ length: n }, () => int(0, 9)).join('');

// ---- the synthetic office ------------------------------------------------------------------
function writeYaml(dir: string, id: string, data: unknown): void {
  writeFileSync(join(dir, `${id}.yaml`), stringify(data));
}

function generate(content: string): { departments: number; posts: number; staff: number; services: number } {
  const ids = (dir: string) => readdirSync(join(content, dir)).map((f) => f.replace(/\.(yaml|mdx)$/, ''));
  const realDepartments = ids('departments').length;
  const realServices = ids('services').length;
  const existingCodes = new Set(
    readdirSync(join(content, 'services')).map((f) => /^code:\s*(\S+)/m.exec(readFileSync(join(content, 'services', f), 'utf8'))?.[1]),
  );
  const counts = { departments: 0, posts: 0, staff: 0, services: 0 };
  const departments: { id: string; name: string; posts: string[] }[] = [];

  const names = new Set<string>();
  for (let d = 0; departments.length < TOTAL_DEPARTMENTS - realDepartments; d++) {
    let name = `${fields[d % fields.length]}${sectionKinds[Math.floor(d / fields.length) % sectionKinds.length]}`;
    if (names.has(name)) name = `${name}（第${Math.floor(d / (fields.length * sectionKinds.length)) + 2}分部）`;
    names.add(name);
    const id = `bench-dept-${d + 1}`;
    const staffIds: string[] = [];
    for (let s = 0; s < 6; s++) {
      const staffId = `${id}-staff-${s + 1}`;
      writeYaml(join(content, 'staff'), staffId, { name: pick(surnames) + pick(givenNames), title: s === 0 ? '科长' : pick(titles), department: id });
      staffIds.push(staffId);
      counts.staff++;
    }
    const postIds: string[] = [];
    for (let p = 0; p < 3; p++) {
      const postId = `${id}-post-${p + 1}`;
      const [a, b] = pickSome(staffIds.slice(1), 2);
      writeYaml(join(content, 'posts'), postId, {
        department: id,
        title: `${pick(objects)}${pick(['受理岗', '审核岗', '监管岗', '服务岗'])}`,
        duties: pickSome(clauses, 2).map((c) => `${c}。`),
        holderA: a,
        holderB: b,
        phone: `0519-8${digits(7)}`,
      });
      postIds.push(postId);
      counts.posts++;
    }
    writeYaml(join(content, 'departments'), id, {
      name,
      order: 200 + d,
      duties: [`负责全市${fields[d % fields.length]}工作的${pick(['组织实施', '监督管理', '统筹协调'])}。`, ...pickSome(clauses, 2).map((c) => `${c}。`)],
      room: `市民服务大楼 ${int(1, 9)} 楼 ${int(101, 930)} 室`,
      phone: `0519-8${digits(7)}`,
      officeHours: '工作日 8:30—12:00，14:00—17:30',
      head: staffIds[0],
      defaultPost: postIds[0],
    });
    departments.push({ id, name, posts: postIds });
    counts.departments++;
  }

  const serviceNames = new Set<string>();
  let codeIndex = 0;
  const nextCode = () => {
    for (;;) {
      const prefix = `BM${String.fromCharCode(65 + Math.floor(codeIndex / 999))}`;
      const code = `${prefix}-${String((codeIndex % 999) + 1).padStart(3, '0')}`;
      codeIndex++;
      if (!existingCodes.has(code)) return code;
    }
  };
  for (let i = 0; counts.services < TOTAL_SERVICES - realServices; i++) {
    const department = departments[i % departments.length];
    let name = `${pick(['', '', '城市', '新建', '临时', '既有', '农村'])}${pick(objects)}${pick(actions)}`;
    if (serviceNames.has(name)) name = `${name}（${pick(['首次', '变更', '延续', '补办', '注销', '跨区'])}）`;
    if (serviceNames.has(name)) name = `${name.replace(/（.*）$/, '')}（${department.name}）`;
    if (serviceNames.has(name)) continue;
    serviceNames.add(name);
    const statutoryDays = int(5, 30);
    const committedDays = int(1, statutoryDays);
    const review = Math.max(0, committedDays - 1);
    const [handler, responsible] = [department.posts[1], department.posts[0]];
    const frontmatter = {
      code: nextCode(),
      name,
      department: department.id,
      kind: pick(kinds),
      applicants: pick(applicantKinds),
      summary: `${pick(['在本市', '在市区范围内', '本市行政区域内'])}办理${name}，${pick(clauses)}。`,
      legalBasis: pickSome(laws, int(1, 3)).map((document) => ({ document, articles: pickSome(articleNumbers, 2).join('、') })),
      conditions: pickSome(clauses, int(1, 3)).map((c) => `${c}。`),
      materials: pickSome(materialNames, int(2, 7)).map((m) => ({
        name: `${m}`,
        form: pick(['original', 'copy', 'original-and-copy'] as const),
        copies: int(1, 3),
      })),
      steps: [
        { name: '申请', actor: '申请人', days: 0, description: '提交申请和材料。' },
        { name: '受理', actor: handler, days: 0, description: pick(clauses) + '。' },
        { name: '审查', actor: handler, days: review, description: pick(clauses) + '。' },
        { name: '决定', actor: responsible, days: committedDays - review },
      ],
      statutoryDays,
      committedDays,
      fees: [],
      handlerPost: handler,
      responsiblePost: responsible,
      where: `市民服务大楼 2 楼 ${int(1, 40)} 号窗口`,
      when: '工作日 8:30—12:00，14:00—17:30',
      consultPhone: `0519-8${digits(7)}`,
      result: `${name.replace(/（.*）$/, '')}${pick(['决定书', '证明', '备案回执', '许可证'])}`,
      refusals: [{ reason: '申请材料经补正后仍不符合法定条件。', basis: `${pick(laws)}${pick(articleNumbers)}` }],
      faq: [{ q: `办理${name}需要本人到场吗？`, a: pick(clauses) + '。' }],
    };
    const examples = `近期办理的项目包括${Array.from({ length: int(2, 5) }, place).join('、')}等${pick(['改造工程', '新建项目', '维修工程', '配套设施'])}。`;
    const body = [...Array.from({ length: int(1, 3) }, () => pickSome(clauses, 3).join('；') + '。'), examples].join('\n\n');
    writeFileSync(join(content, 'services', `bench-service-${i + 1}.mdx`), `---\n${stringify(frontmatter)}---\n\n${body}\n`);
    counts.services++;
  }
  return {
    departments: counts.departments + realDepartments,
    posts: ids('posts').length,
    staff: ids('staff').length,
    services: counts.services + realServices,
  };
}

// ---- measuring ------------------------------------------------------------------------------
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const TIME = '/usr/bin/time';
const PEAK_MARK = 'bench-peak-rss-kb:';

function timed(label: string, command: string, commandArgs: string[], cwd: string): { seconds: number; output: string; peakBytes?: number; cpuSeconds?: number } {
  process.stdout.write(`bench: ${label}… `);
  const start = process.hrtime.bigint();
  const [cmd, cmdArgs] = existsSync(TIME) ? [TIME, ['-f', `${PEAK_MARK}%M %U %S`, command, ...commandArgs]] : [command, commandArgs];
  const result = spawnSync(cmd, cmdArgs, { cwd, env, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) {
    console.log('FAILED');
    console.error(output.split('\n').slice(-60).join('\n'));
    process.exit(1);
  }
  const measured = new RegExp(`${PEAK_MARK}(\\d+) ([\\d.]+) ([\\d.]+)`).exec(output);
  const peakBytes = measured ? Number(measured[1]) * 1024 : undefined;
  // CPU seconds (user + system) depend far less than wall time on what else the machine runs.
  const cpuSeconds = measured ? Number(measured[2]) + Number(measured[3]) : undefined;
  console.log(`${seconds.toFixed(1)} s${cpuSeconds !== undefined ? ` (CPU ${cpuSeconds.toFixed(1)} s)` : ''}${peakBytes ? `, peak ${mb(peakBytes)}` : ''}`);
  return { seconds, output, peakBytes, cpuSeconds };
}

function du(path: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(path, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) {
      bytes += statSync(join(entry.parentPath, entry.name)).size;
      files++;
    }
  }
  return { bytes, files };
}


const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
};

const compressible = new Set(['.html', '.js', '.css', '.json', '.svg', '.xml']);

/** A plain static server of dist/, compressing text like Workers Static Assets. */
function serve(dist: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    let path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = join(dist, path);
    if (!file.startsWith(dist) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end('not found');
      return;
    }
    let body = readFileSync(file);
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const headers: Record<string, string | number> = { 'Content-Type': type };
    // Like Workers Static Assets: text types compressed when the browser accepts it. Pagefind's
    // index, meta, fragment and wasm files are gzipped by Pagefind itself and served as they are.
    if (compressible.has(extname(file)) && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
      body = gzipSync(body, { level: 6 });
      headers['Content-Encoding'] = 'gzip';
    }
    headers['Content-Length'] = body.length;
    response.writeHead(200, headers);
    response.end(body);
  });
  return new Promise((resolveServer) => server.listen(0, '127.0.0.1', () => resolveServer({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` })));
}

function kindOf(path: string): string {
  if (path.endsWith('pagefind.js')) return 'pagefind.js';
  if (path.endsWith('pagefind-worker.js')) return 'pagefind-worker.js';
  if (path.includes('/wasm.')) return 'wasm';
  if (path.endsWith('pagefind-entry.json')) return 'entry';
  if (path.endsWith('shards.json')) return 'bundle list';
  if (path.endsWith('.pf_meta')) return 'meta';
  if (path.includes('/index/')) return 'index chunks';
  if (path.includes('/filter/')) return 'filters';
  if (path.includes('/fragment/')) return 'fragments (result texts)';
  return `other (${path})`;
}

/** Serves `dist` and runs `use` on a page of a fresh headless Chromium; closes both after. */
async function inChromium<T>(dist: string, use: (page: Page, url: string) => Promise<T>): Promise<T> {
  const { chromium } = await import('playwright-core');
  const { server, url } = await serve(dist);
  const profile = mkdtempSync(join(tmpdir(), 'bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    return await use(context.pages()[0] ?? (await context.newPage()), url);
  } finally {
    await context.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

async function firstSearch(dist: string, query: string): Promise<{ rows: [string, number, number][]; total: number; core: number; results: number }> {
  return inChromium(dist, async (page, url) => {
    const sizes: Promise<{ kind: string; bytes: number }>[] = [];
    page.on('requestfinished', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/pagefind')) {
        sizes.push(request.sizes().then((s) => ({ kind: kindOf(path), bytes: s.responseBodySize + s.responseHeadersSize })));
      }
    });
    await page.goto(`${url}/search/`);
    await page.locator('#search-q').fill(query);
    await page.waitForFunction(() => {
      const status = document.querySelector('[data-search-status]')?.textContent ?? '';
      return new URL(location.href).searchParams.has('q') && status !== '' && !status.includes('正在');
    }, undefined, { timeout: 60_000 });
    await page.waitForLoadState('networkidle');
    const results = await page.locator('[data-search-results] > li').count();
    const byKind = new Map<string, [number, number]>();
    for (const { kind, bytes } of await Promise.all(sizes)) {
      const [n, b] = byKind.get(kind) ?? [0, 0];
      byKind.set(kind, [n + 1, b + bytes]);
    }
    const rows = [...byKind].map(([kind, [n, b]]) => [kind, n, b] as [string, number, number]).sort((a, b) => b[2] - a[2]);
    const total = rows.reduce((sum, r) => sum + r[2], 0);
    const core = rows.filter((r) => !r[0].startsWith('fragments')).reduce((sum, r) => sum + r[2], 0);
    return { rows, total, core, results };
  });
}

/** The natural query set against this build: how many put the expected page first. */
async function naturalQueryRun(dist: string): Promise<{ total: number; right: number; misses: string[]; empty: string[] }> {
  const misses: string[] = [];
  const empty: string[] = [];
  await inChromium(dist, async (page, url) => {
    await page.goto(`${url}/search/`);
    for (const { query, first } of naturalQueries) {
      await page.locator('#search-q').fill(query);
      await page.waitForFunction((q) => {
        const status = document.querySelector('[data-search-status]')?.textContent ?? '';
        return new URL(location.href).searchParams.get('q') === q && status !== '' && !status.includes('正在');
      }, query, { timeout: 60_000 });
      const hrefs = await page.locator('[data-search-results] > li a.result-title').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
      if (hrefs.length === 0) empty.push(`empty: ${query}`);
      else if (hrefs[0] !== first) misses.push(`miss: ${query}: expected ${first}, got ${hrefs.slice(0, 3).join(', ')}`);
    }
  });
  return { total: naturalQueries.length, right: naturalQueries.length - misses.length - empty.length, misses, empty };
}

// ---- main -----------------------------------------------------------------------------------
const work = mkdtempSync(join(tmpdir(), 'portal-bench-'));
const project = join(work, 'project');
const skip = new Set(['node_modules', 'dist', '.wrangler', '.git', '.astro', 'test-results']);
cpSync(root, project, {
  recursive: true,
  filter: (source) => {
    const rel = relative(root, source);
    return rel === '' || !skip.has(rel.split('/')[0]);
  },
});
symlinkSync(join(root, 'node_modules'), join(project, 'node_modules'));
rmSync(join(project, 'worker/generated'), { recursive: true, force: true });
mkdirSync(join(project, 'worker/generated'), { recursive: true });

console.log(`bench: synthetic office in ${project}`);
const office = generate(join(project, 'content'));
console.log(`bench: ${office.departments} departments, ${office.posts} posts, ${office.staff} staff, ${office.services} services (+ the real rules, commitments, calendar, supervision)`);

const loadAtStart = loadavg();
const catalogue = timed('catalogue (content check)', process.execPath, ['worker/cli/catalogue.ts'], project);
const site = timed('astro build', join(root, 'node_modules/.bin/astro'), ['build'], project);
const search = timed('search index (site/build/search-index.ts)', process.execPath, ['site/build/search-index.ts', ...(args['pages-per-bundle'] ? ['--pages-per-bundle', args['pages-per-bundle']] : [])], project);

writeFileSync(join(work, 'astro-build.log'), site.output);
const dist = join(project, 'dist');
const htmlPages = readdirSync(dist, { recursive: true }).filter((f) => String(f).endsWith('.html')).length;
const indexed = /search index: (\d+ pages from \S+ \+ \d+ records)/.exec(search.output)?.[1] ?? '?';
const bundles = readdirSync(dist).filter((d) => /^pagefind(-\d+)?$/.test(d));
const pf = bundles.map((d) => du(join(dist, d))).reduce((a, b) => ({ bytes: a.bytes + b.bytes, files: a.files + b.files }), { bytes: 0, files: 0 });
const all = du(dist);

const lscpu = execFileSync('lscpu', { encoding: 'utf8' });
const cpuModel = /Model name:\s*(.+)/.exec(lscpu)?.[1]?.trim() ?? cpus()[0]?.model ?? '?';

console.log('\n==== build benchmark ====');
console.log(`date:            ${new Date().toISOString()}`);
console.log(`machine:         ${cpus().length} CPUs (nproc), ${cpuModel}, ${(totalmem() / 1024 ** 3).toFixed(1)} GB RAM (${(freemem() / 1024 ** 3).toFixed(1)} GB free), Node ${process.version}`);
console.log(`office:          ${office.departments} departments, ${office.posts} posts, ${office.staff} staff, ${office.services} services`);
const peak = (step: { peakBytes?: number; cpuSeconds?: number }) =>
  `${step.cpuSeconds !== undefined ? ` (CPU ${step.cpuSeconds.toFixed(1)} s)` : ''}${step.peakBytes ? `, peak ${mb(step.peakBytes)}` : ''}`;
console.log(`load average:    ${loadAtStart.map((l) => l.toFixed(2)).join(' ')} at the start, ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end (other work on the machine slows every step)`);
console.log(`content check:   ${catalogue.seconds.toFixed(1)} s${peak(catalogue)}`);
console.log(`site (astro):    ${site.seconds.toFixed(1)} s${peak(site)}`);
console.log(`search index:    ${search.seconds.toFixed(1)} s${peak(search)} (pagefind: ${indexed})`);
console.log(`                 ${/search index: .*/.exec(search.output)?.[0] ?? ''}`);
const cpuTotal = [catalogue, site, search].reduce((sum, step) => sum + (step.cpuSeconds ?? 0), 0);
console.log(`total build:     ${(catalogue.seconds + site.seconds + search.seconds).toFixed(1)} s (CPU ${cpuTotal.toFixed(1)} s), peak memory ${mb(Math.max(catalogue.peakBytes ?? 0, site.peakBytes ?? 0, search.peakBytes ?? 0))}`);
console.log(`pages:           ${htmlPages} HTML files in dist/`);
console.log(`dist/:           ${mb(all.bytes)} in ${all.files} files`);
console.log(`dist/pagefind*/: ${mb(pf.bytes)} in ${pf.files} files, ${bundles.length} bundle(s)`);

if (!args['no-browser']) {
  // Queries of up to 10 characters: a frequent word, everyday words, a question, and the full name
  // of one synthetic service (a citizen who knows what they want). The budget (issue 16): 150 KB
  // for the engine and the index (wasm, script, metadata, index chunks), result texts aside.
  const named = /^name:\s*(.+)$/m.exec(readFileSync(join(project, 'content/services/bench-service-1.mdx'), 'utf8'))?.[1] ?? '燃气设施许可';
  let heaviest = 0;
  for (const query of ['许可', '挖路', '怎么投诉', '施工许可要带什么材料', named]) {
    const first = await firstSearch(dist, query);
    heaviest = Math.max(heaviest, first.core);
    console.log(`first search "${query}" (measured in Chromium, bytes received incl. headers; ${first.results} results shown):`);
    for (const [kind, n, bytes] of first.rows) console.log(`    ${kind.padEnd(26)} ${String(n).padStart(3)} file(s) ${kb(bytes).padStart(10)}`);
    console.log(`    ${'= search engine + index'.padEnd(26)}              ${kb(first.core).padStart(10)}  (everything but result texts)`);
    console.log(`    ${'= all /pagefind/ requests'.padEnd(26)}              ${kb(first.total).padStart(10)}`);
  }
  console.log(`heaviest first search: ${kb(heaviest)} for engine + index (budget 150 KB)`);
  console.log('  (pagefind.js is served gzipped, as Workers Static Assets serve it; Pagefind gzips its index, meta,');
  console.log('   fragment and wasm files itself.)');
  const natural = await naturalQueryRun(dist);
  console.log(`natural queries: ${natural.right} of ${natural.total} right first (${((natural.right / natural.total) * 100).toFixed(1)} %), ${natural.empty.length} empty`);
  for (const line of [...natural.misses, ...natural.empty]) console.log(`    ${line}`);
}

if (args.keep) console.log(`\nbench: kept ${work}`);
else rmSync(work, { recursive: true, force: true });
