// eldergraph workbench: pick a canned query or write one, run it, read the
// answer as a sortable table (codes shown with their zh/en labels), download
// it, and see it as a network when it has source/target or type_a/type_b.
// Plain ES2020, no libraries: the page must work offline from the binary.
'use strict';

// ── Words of the page ──────────────────────────────────────────────────────

const UI = {
  zh: {
    pageTitle: 'eldergraph 工作台',
    title: '养老政策知识图谱工作台',
    query: '查询',
    canned: '预设查询',
    parameters: '参数',
    sparql: 'SPARQL',
    modified: '已修改：将运行编辑后的文本，参数不适用',
    reset: '恢复预设文本',
    run: '运行',
    runHint: 'Ctrl+Enter 运行',
    errorTitle: '服务器返回错误',
    results: '结果',
    download: '下载',
    network: '网络图',
    networkHint: '节点为部门类型（或 source / target），连线越粗，共同任务越多；悬停可查看详情。',
    loading: '加载中…',
    running: '运行中…',
    drawing: '正在绘制网络图…',
    rows: (n) => `${n} 行`,
    done: (n, s) => `完成：${n} 行，${s} 秒`,
    truncated: (shown, n) => `仅显示前 ${shown} 行（共 ${n} 行）；完整结果请下载 CSV 或 JSON。`,
    failed: '运行失败',
    networkFailed: '无法绘制网络图',
    cannotReach: '无法连接服务器',
    noQueries: '服务器没有预设查询',
    sortBy: (name) => `按 ${name} 排序`,
    boolean: '布尔结果',
    graph: '图结果（Turtle）',
    networkLabel: '查询结果的网络图',
  },
  en: {
    pageTitle: 'eldergraph workbench',
    title: 'Elderly-care policy knowledge graph',
    query: 'Query',
    canned: 'Canned query',
    parameters: 'Parameters',
    sparql: 'SPARQL',
    modified: 'Edited: the text as edited will run; parameters do not apply',
    reset: 'Restore the canned text',
    run: 'Run',
    runHint: 'Ctrl+Enter runs',
    errorTitle: 'The server answered with an error',
    results: 'Results',
    download: 'Download',
    network: 'Network',
    networkHint: 'Nodes are department types (or source / target); the thicker a line, the more tasks they share. Hover for details.',
    loading: 'Loading…',
    running: 'Running…',
    drawing: 'Drawing the network…',
    rows: (n) => `${n} row${n === 1 ? '' : 's'}`,
    done: (n, s) => `Done: ${n} row${n === 1 ? '' : 's'} in ${s} s`,
    truncated: (shown, n) => `Showing the first ${shown} of ${n} rows; download CSV or JSON for all of them.`,
    failed: 'The run failed',
    networkFailed: 'Cannot draw the network',
    cannotReach: 'Cannot reach the server',
    noQueries: 'The server has no canned queries',
    sortBy: (name) => `Sort by ${name}`,
    boolean: 'Boolean answer',
    graph: 'Graph answer (Turtle)',
    networkLabel: 'The query result as a network',
  },
};

/** The query selected when the page opens; its result is a network. */
const DEFAULT_QUERY = 'cross-city-partners';
/** Rows put in the table; more would make the page slow, downloads have all. */
const MAX_ROWS = 2000;
/**
 * SPARQL JSON for SELECT and ASK; Turtle for CONSTRUCT and DESCRIBE, which
 * cannot be written as solutions (the server answers 406 otherwise).
 */
const ACCEPT = 'application/sparql-results+json, text/turtle;q=0.9';
/** Code lists of /labels, in the order a bare code is looked up. */
const SCHEMES = ['department-type', 'indicator', 'funding-source', 'role'];
const CODE_NS = 'https://w3id.org/eldergraph/code/';
/** Prefixes for showing IRIs (the ones the CLI's table uses). */
const PREFIXES = [
  ['id:', 'https://w3id.org/eldergraph/id/'],
  ['code:', CODE_NS],
  ['eg:', 'https://w3id.org/eldergraph/ns#'],
  ['rdf:', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#'],
  ['rdfs:', 'http://www.w3.org/2000/01/rdf-schema#'],
  ['xsd:', 'http://www.w3.org/2001/XMLSchema#'],
  ['skos:', 'http://www.w3.org/2004/02/skos/core#'],
  ['org:', 'http://www.w3.org/ns/org#'],
  ['prov:', 'http://www.w3.org/ns/prov#'],
  ['dcterms:', 'http://purl.org/dc/terms/'],
  ['owl:', 'http://www.w3.org/2002/07/owl#'],
];
const INPUT_TYPES = { date: 'date', integer: 'number', decimal: 'number', iri: 'url', string: 'text' };
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

const state = {
  lang: 'zh',
  queries: [],
  labels: {},
  current: null, // the selected canned query
  run: null, // what produced the result: { canned, params } or { text }
  result: null, // { vars, rows: [[term|undefined]], numeric: [bool] }
  sort: null, // { col, dir: 1 | -1 }
  seq: 0, // run counter: answers of a superseded run are dropped
  controller: null, // aborts the run in flight when a new one starts
  drawing: null, // aborts the network request in flight when a new one starts
};

const $ = (id) => document.getElementById(id);

function t(key, ...args) {
  const word = UI[state.lang][key] ?? UI.zh[key] ?? key;
  return typeof word === 'function' ? word(...args) : word;
}

/** An element with attributes and children (strings become text nodes). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null) node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

// ── Talking to the server ──────────────────────────────────────────────────

class HttpError extends Error {
  constructor(status, body) {
    super(body.trim() || `HTTP ${status}`);
    this.status = status;
  }
}

/** Fetches text; a non-2xx answer becomes an HttpError with the body as message. */
async function fetchText(url, options = {}) {
  const response = await fetch(url, options);
  const body = await response.text();
  if (!response.ok) throw new HttpError(response.status, body);
  return { body, type: response.headers.get('content-type') || '' };
}

async function fetchJson(url) {
  const { body } = await fetchText(url, { headers: { Accept: 'application/json' } });
  return JSON.parse(body);
}

// ── Labels of codes ────────────────────────────────────────────────────────

const has = (object, key) => object != null && Object.prototype.hasOwnProperty.call(object, key);

/** The code-list entry a term names: a bare code literal or a code IRI. */
function codeEntry(term) {
  if (!term) return null;
  if (term.type === 'uri') {
    if (!term.value.startsWith(CODE_NS)) return null;
    const [scheme, raw] = term.value.slice(CODE_NS.length).split('/');
    const code = safeDecode(raw || '');
    return has(state.labels[scheme], code) ? { code, ...state.labels[scheme][code] } : null;
  }
  if (term.type !== 'literal' || term.value.length > 64) return null;
  for (const scheme of SCHEMES) {
    if (has(state.labels[scheme], term.value)) return { code: term.value, ...state.labels[scheme][term.value] };
  }
  return null;
}

function safeDecode(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function shortIri(iri) {
  for (const [prefix, ns] of PREFIXES) {
    if (iri.startsWith(ns)) return prefix + safeDecode(iri.slice(ns.length));
  }
  return `<${iri}>`;
}

/** What a cell shows, as text (also the sort key of text columns). */
function cellText(term) {
  if (!term) return '';
  const entry = codeEntry(term);
  if (entry) return state.lang === 'zh' ? `${entry.zh} ${entry.code}` : entry.en;
  if (term.type === 'uri') return shortIri(term.value);
  if (term.type === 'bnode') return `_:${term.value}`;
  return term.value;
}

/** A table cell: codes as label + code, IRIs shortened with the full IRI as title. */
function cellNode(term, numeric) {
  const td = el('td', { class: numeric ? 'num' : null });
  if (!term) return td;
  const entry = codeEntry(term);
  if (entry) {
    const other = state.lang === 'zh' ? entry.en : entry.zh;
    td.title = `${entry.code} · ${other}`;
    if (state.lang === 'zh') td.append(entry.zh, ' ', el('code', { class: 'code' }, entry.code));
    else td.append(entry.en);
  } else if (term.type === 'uri') {
    td.title = term.value;
    td.append(el('span', { class: 'iri' }, shortIri(term.value)));
  } else {
    td.append(cellText(term));
  }
  return td;
}

// ── The canned-query picker and parameters ────────────────────────────────

function fillPicker() {
  const select = $('query-select');
  select.replaceChildren(
    ...state.queries.map((q) => el('option', { value: q.name, title: q.description || null }, q.name)),
  );
}

function selectQuery(name) {
  const query = state.queries.find((q) => q.name === name) || state.queries[0] || null;
  state.current = query;
  $('query-select').value = query ? query.name : '';
  $('query-description').textContent = query ? query.description : '';
  $('query-text').value = query ? query.query : '';
  renderParams(query);
  markModified();
}

function renderParams(query) {
  const fields = $('param-fields');
  const parameters = (query && query.parameters) || [];
  $('params').hidden = parameters.length === 0;
  fields.replaceChildren();
  for (const p of parameters) {
    const id = `param-${p.name}`;
    const input = el('input', {
      id,
      name: p.name,
      type: INPUT_TYPES[p.type] || 'text',
      'aria-describedby': `${id}-hint`,
      step: p.type === 'integer' ? '1' : p.type === 'decimal' ? 'any' : null,
      placeholder: p.default,
    });
    input.value = p.default ?? '';
    const hint = [p.type, p.description].filter(Boolean).join(' · ');
    fields.append(
      el(
        'div',
        { class: 'param' },
        el('label', { for: id }, p.name),
        input,
        el('small', { id: `${id}-hint`, class: 'hint' }, hint),
      ),
    );
  }
}

/** Parameter values as given; empty inputs are left out, so the server uses the default. */
function paramValues() {
  const params = new URLSearchParams();
  for (const input of $('param-fields').querySelectorAll('input')) {
    const value = input.value.trim();
    if (value !== '') params.append(input.name, value);
  }
  return params;
}

/** The text differs from the canned query: it will be POSTed as is, without parameters. */
function isModified() {
  // A textarea's value has \n line ends whatever the file had.
  return !state.current || $('query-text').value !== state.current.query.replace(/\r\n?/g, '\n');
}

function markModified() {
  const modified = Boolean(state.current) && isModified();
  $('modified').hidden = !modified;
  $('reset').hidden = !modified;
  $('params').disabled = modified;
}

// ── Running ────────────────────────────────────────────────────────────────

function setStatus(text) {
  $('status').textContent = text;
}

function showError(error, where = 'error') {
  const message = error instanceof TypeError ? `${t('cannotReach')}: ${error.message}` : error.message;
  const title = error instanceof HttpError ? `${t('errorTitle')} (HTTP ${error.status})` : t('failed');
  if (where === 'error') {
    $('error-title').textContent = title;
    $('error-text').textContent = message;
    $('error').hidden = false;
  }
  return { title, message };
}

function hideError() {
  $('error').hidden = true;
  $('error-text').textContent = '';
}

/**
 * Runs the canned query (GET, typed parameters bound by the server) when the
 * text is unchanged, else POSTs the text. Returns whether it succeeded.
 */
async function run() {
  const seq = ++state.seq;
  if (state.controller) state.controller.abort();
  if (state.drawing) state.drawing.abort();
  const controller = new AbortController();
  state.controller = controller;
  const started = performance.now();
  const text = $('query-text').value;
  const request = isModified()
    ? { text }
    : { canned: state.current.name, params: paramValues() };

  document.body.dataset.state = 'running';
  $('results-panel').setAttribute('aria-busy', 'true');
  setStatus(t('running'));
  hideError();
  let ok = false;
  try {
    const answer = request.canned
      ? await fetchText(`/queries/${encodeURIComponent(request.canned)}?${request.params}`, {
          headers: { Accept: ACCEPT },
          signal: controller.signal,
        })
      : await fetchText('/query', {
          method: 'POST',
          headers: { 'Content-Type': 'application/sparql-query', Accept: ACCEPT },
          body: text,
          signal: controller.signal,
        });
    if (seq !== state.seq) return false;
    state.run = request;
    showAnswer(answer);
    updateDownloads();
    const rows = state.result ? state.result.rows.length : 0;
    setStatus(t('done', rows, ((performance.now() - started) / 1000).toFixed(2)));
    ok = await showNetwork();
  } catch (error) {
    if (error.name === 'AbortError' || seq !== state.seq) return false;
    showError(error);
    setStatus(t('failed'));
    clearResult();
  } finally {
    if (seq === state.seq) {
      $('results-panel').removeAttribute('aria-busy');
      // Tests wait for this: the table and the network are in place.
      document.body.dataset.state = ok ? 'ready' : 'error';
    }
  }
  return ok;
}

function clearResult() {
  state.result = null;
  state.run = null;
  renderTable();
  updateDownloads();
  $('raw').hidden = true;
  $('network-panel').hidden = true;
  $('network').replaceChildren();
}

/** SPARQL JSON (solutions or boolean) into the table; anything else as text. */
function showAnswer({ body, type }) {
  state.sort = null;
  $('raw').hidden = true;
  if (!type.includes('json')) {
    state.result = null;
    renderTable();
    $('raw').textContent = body;
    $('raw').setAttribute('aria-label', t('graph'));
    $('raw').hidden = false;
    return;
  }
  const json = JSON.parse(body);
  if (typeof json.boolean === 'boolean') {
    state.result = { vars: ['boolean'], rows: [[{ type: 'literal', value: String(json.boolean) }]] };
  } else {
    const vars = (json.head && json.head.vars) || [];
    const bindings = (json.results && json.results.bindings) || [];
    state.result = { vars, rows: bindings.map((b) => vars.map((v) => b[v])) };
  }
  // A column is numeric when every value it has is a number: sort it as numbers.
  state.result.numeric = state.result.vars.map(
    (_, i) =>
      state.result.rows.some((r) => r[i]) &&
      state.result.rows.every((r) => !r[i] || (r[i].type === 'literal' && NUMBER.test(r[i].value))),
  );
  renderTable();
}

// ── The table ──────────────────────────────────────────────────────────────

function renderTable() {
  const table = $('results');
  const thead = table.tHead;
  const tbody = table.tBodies[0];
  const result = state.result;
  if (!result) {
    thead.replaceChildren();
    tbody.replaceChildren();
    $('row-count').textContent = '';
    $('truncated').hidden = true;
    return;
  }
  const headRow = el('tr');
  result.vars.forEach((name, i) => {
    const sorted = state.sort && state.sort.col === i;
    const th = el('th', {
      scope: 'col',
      'aria-sort': sorted ? (state.sort.dir > 0 ? 'ascending' : 'descending') : 'none',
      class: result.numeric[i] ? 'num' : null,
    });
    const arrow = sorted ? (state.sort.dir > 0 ? '▲' : '▼') : '';
    const button = el('button', { type: 'button', title: t('sortBy', name) }, name, el('span', { class: 'arrow', 'aria-hidden': 'true' }, arrow));
    button.addEventListener('click', () => sortBy(i));
    th.append(button);
    headRow.append(th);
  });
  thead.replaceChildren(headRow);

  const rows = sortedRows();
  const shown = rows.slice(0, MAX_ROWS);
  const fragment = document.createDocumentFragment();
  for (const row of shown) {
    const tr = el('tr');
    result.vars.forEach((_, i) => tr.append(cellNode(row[i], result.numeric[i])));
    fragment.append(tr);
  }
  tbody.replaceChildren(fragment);
  $('row-count').textContent = t('rows', rows.length);
  $('truncated').hidden = rows.length <= MAX_ROWS;
  $('truncated').textContent = t('truncated', MAX_ROWS, rows.length);
}

function sortBy(col) {
  const dir = state.sort && state.sort.col === col ? -state.sort.dir : 1;
  state.sort = { col, dir };
  renderTable();
  // Keep keyboard focus on the header just used.
  const button = $('results').tHead.querySelectorAll('button')[col];
  if (button) button.focus();
}

/** Rows in the chosen order: numbers as numbers, text by the page language's collation; empty last. */
function sortedRows() {
  const { rows, numeric } = state.result;
  if (!state.sort) return rows;
  const { col, dir } = state.sort;
  const collator = new Intl.Collator(state.lang === 'zh' ? 'zh-CN' : 'en', { numeric: true });
  const key = (row) => (numeric[col] ? (row[col] ? Number(row[col].value) : null) : cellText(row[col]) || null);
  return rows
    .map((row, index) => ({ row, index, key: key(row) }))
    .sort((a, b) => {
      if (a.key === null || b.key === null) return (a.key === null) - (b.key === null) || a.index - b.index;
      const c = numeric[col] ? a.key - b.key : collator.compare(a.key, b.key);
      return c * dir || a.index - b.index;
    })
    .map((x) => x.row);
}

// ── Downloads and the network picture ──────────────────────────────────────

/** The URL that runs the same request again, with extra parameters (format, lang). */
function requestUrl(base, extra) {
  const r = state.run;
  if (!r) return null;
  if (r.canned) {
    const params = new URLSearchParams(r.params);
    for (const [k, v] of Object.entries(extra)) params.set(k, v);
    return base === 'network'
      ? `/network.svg?${new URLSearchParams({ canned: r.canned })}&${params}`
      : `/queries/${encodeURIComponent(r.canned)}?${params}`;
  }
  const params = new URLSearchParams({ query: r.text, ...extra });
  return base === 'network' ? `/network.svg?${params}` : `/query?${params}`;
}

function updateDownloads() {
  const stem = state.run && state.run.canned ? state.run.canned : 'query';
  for (const format of ['csv', 'json']) {
    const link = $(`download-${format}`);
    const url = state.result ? requestUrl('query', { format }) : null;
    link.href = url || '#';
    link.download = `${stem}.${format}`;
    link.setAttribute('aria-disabled', String(!url));
  }
}

/** Whether the result can be drawn: the column shapes src/network.rs reads. */
function isNetwork(vars) {
  const hasVar = (name) => vars.includes(name);
  return (hasVar('source') && hasVar('target')) || (hasVar('type_a') && hasVar('type_b'));
}

/** Shows or hides the network; returns false only when drawing failed. */
async function showNetwork() {
  if (state.drawing) state.drawing.abort();
  const drawing = new AbortController();
  state.drawing = drawing;
  const panel = $('network-panel');
  const box = $('network');
  const result = state.result;
  if (!result || result.rows.length === 0 || !isNetwork(result.vars)) {
    panel.hidden = true;
    box.replaceChildren();
    return true;
  }
  const url = requestUrl('network', { lang: state.lang });
  const stem = state.run.canned || 'network';
  $('download-svg').href = url;
  $('download-svg').download = `${stem}-${state.lang}.svg`;
  panel.hidden = false;
  box.setAttribute('aria-busy', 'true');
  box.replaceChildren(el('p', { class: 'hint' }, t('drawing')));
  try {
    const { body } = await fetchText(url, { signal: drawing.signal });
    box.replaceChildren(importSvg(body));
    return true;
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    const { title, message } = showError(error, 'network');
    box.replaceChildren(el('div', { class: 'error', role: 'alert' }, el('strong', {}, `${t('networkFailed')} · ${title}`), el('pre', {}, message)));
    return false;
  } finally {
    box.removeAttribute('aria-busy');
  }
}

/**
 * Parses the server's SVG as XML and adopts it into the page (inline, so
 * that Graphviz's tooltips work and tests can find the <svg>); scripts and
 * event attributes are dropped although Graphviz writes none.
 */
function importSvg(text) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const svg = doc.documentElement;
  if (svg.nodeName !== 'svg' || doc.getElementsByTagName('parsererror').length) {
    throw new Error('the server did not answer with SVG');
  }
  for (const script of Array.from(svg.getElementsByTagName('script'))) script.remove();
  for (const node of Array.from(svg.getElementsByTagName('*')).concat(svg)) {
    for (const attr of Array.from(node.attributes)) {
      if (/^on/i.test(attr.name)) node.removeAttribute(attr.name);
    }
  }
  // Scale down to the box, never up past Graphviz's own size.
  const width = svg.getAttribute('width');
  if (width) svg.style.maxWidth = width;
  svg.setAttribute('width', '100%');
  svg.removeAttribute('height');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', t('networkLabel'));
  return document.importNode(svg, true);
}

// ── Language ───────────────────────────────────────────────────────────────

function setLang(lang, redraw) {
  state.lang = lang === 'en' ? 'en' : 'zh';
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('pageTitle');
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const button of document.querySelectorAll('[data-lang]')) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === state.lang));
  }
  try {
    localStorage.setItem('eldergraph.lang', state.lang);
  } catch {
    // Storage may be off (private mode): the choice then lasts for the visit.
  }
  if (!redraw) return;
  renderTable();
  if (state.result) {
    const rows = state.result.rows.length;
    setStatus(t('rows', rows));
  }
  // The picture's labels are drawn by the server in one language; a run in
  // flight draws in the new language by itself.
  if (state.run && !$('network-panel').hidden && document.body.dataset.state !== 'running') {
    showNetwork().catch(() => {});
  }
}

// ── Start ──────────────────────────────────────────────────────────────────

function bindEvents() {
  $('query-select').addEventListener('change', (e) => {
    selectQuery(e.target.value);
    run();
  });
  $('query-text').addEventListener('input', markModified);
  $('reset').addEventListener('click', () => {
    $('query-text').value = state.current ? state.current.query : '';
    markModified();
    $('query-text').focus();
  });
  $('run').addEventListener('click', () => run());
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      run();
    }
  });
  $('param-fields').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && e.target.tagName === 'INPUT') {
      e.preventDefault();
      run();
    }
  });
  for (const button of document.querySelectorAll('[data-lang]')) {
    button.addEventListener('click', () => setLang(button.dataset.lang, true));
  }
  for (const link of document.querySelectorAll('a[aria-disabled]')) {
    link.addEventListener('click', (e) => {
      if (link.getAttribute('aria-disabled') === 'true') e.preventDefault();
    });
  }
}

async function start() {
  // ?lang=en&q=NAME open the page on a language and a canned query (links to share).
  const url = new URLSearchParams(location.search);
  let saved = null;
  try {
    saved = localStorage.getItem('eldergraph.lang');
  } catch {
    // No storage: default language.
  }
  setLang(url.get('lang') || saved || 'zh', false);
  bindEvents();
  setStatus(t('loading'));
  try {
    // Labels only improve the table: without them codes show as they are.
    const [queries, labels] = await Promise.all([fetchJson('/queries'), fetchJson('/labels').catch(() => ({}))]);
    state.queries = Array.isArray(queries) ? queries : [];
    state.labels = labels && typeof labels === 'object' ? labels : {};
  } catch (error) {
    showError(error);
    setStatus(t('failed'));
    document.body.dataset.state = 'error';
    return;
  }
  if (state.queries.length === 0) {
    showError(new Error(t('noQueries')));
    document.body.dataset.state = 'error';
    return;
  }
  fillPicker();
  selectQuery(url.get('q') || DEFAULT_QUERY);
  await run();
}

start();
