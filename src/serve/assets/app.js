// x1060 serve: the page. Everything goes to this same server (the
// Content-Security-Policy allows nothing else); nothing is stored in the
// browser either: the files picked stay in this page's memory until it closes.
'use strict';

const T = {
  ja: {
    title: 'x1060: サービスポートフォリオのチェック',
    switchLang: 'English',
    privacy: 'このページはこのコンピューターの中だけで動いています。ファイルは他のどこにも送られず、チェックが終わるとサーバーのメモリーから消え、どこにも保存されません。',
    drop: 'ワークブック (.xlsx .xlsm .xls .ods) をここにドロップしてください。複数のファイルも一度にチェックできます。',
    pick: 'ファイルを選ぶ',
    report: '一覧ワークブックをダウンロード',
    clear: '結果を消す',
    files: (n) => `${n} ファイル`,
    templateTitle: '空のテンプレート',
    templateLang: '言語',
    org: '組織名',
    templateButton: 'テンプレートをダウンロード',
    langJa: '日本語', langEn: '英語',
    footer: 'ITU-T X.1060 (JT-X1060) のサービスポートフォリオをルールに照らしてチェックします。',
    checking: 'チェック中…',
    unreadable: '読めないファイル',
    status: { ok: '問題なし', warning: '警告あり', error: 'エラーあり', unreadable: '読めない' },
    severity: { error: 'エラー', warning: '警告', info: '情報' },
    counts: (e, w, i) => `エラー ${e}、警告 ${w}、情報 ${i}`,
    organisation: '組織', sheet: 'シート', services: 'サービス数',
    annotated: '注記付きワークブック',
    checkJson: '指摘 (JSON)', checkCsv: '指摘 (CSV)',
    exportJson: 'ポートフォリオ (JSON)', exportCsv: 'ポートフォリオ (CSV)', exportOscal: '評価結果 (OSCAL)',
    findings: '指摘', noFindings: '指摘はありません。',
    cols: { rule: 'ルール', severity: '重大度', cell: 'セル', service: 'サービス', message: '内容', source: '出典' },
    figures: 'カテゴリー別の数値',
    fig: { category: 'カテゴリー', selected: '選択', asIs: '現状 (平均スコア)', toBe: 'あるべき姿 (平均スコア)', gap: 'ギャップ (平均)', achievement: '達成率', overall: '全体' },
    priorities: '優先度の高いサービス', noPriorities: '改善が必要なサービスはありません。',
    pri: { rank: '優先度', service: 'サービス', level: '推奨レベル', asIs: '現状', toBe: 'あるべき姿', gap: 'ギャップ' },
    failed: 'エラー',
    more: (n) => `残り ${n} 件を表示`,
    tooLarge: (n, lim) => `大きすぎるため送りません (${n} MB、上限 ${lim} MB)。上限は x1060 serve --max-size MB で変えられます`,
    tooLargeAll: (n, lim) => `ファイルの合計が大きすぎます (${n} MB、上限 ${lim} MB)。ファイルを減らしてください`,
  },
  en: {
    title: 'x1060: check a service portfolio',
    switchLang: '日本語',
    privacy: 'This page runs on this computer only. Your files are sent nowhere else; once checked they leave the server\'s memory, and nothing is saved anywhere.',
    drop: 'Drop workbooks (.xlsx .xlsm .xls .ods) here. Several files are checked at once.',
    pick: 'Choose files',
    report: 'Download the summary workbook',
    clear: 'Clear the results',
    files: (n) => `${n} file${n === 1 ? '' : 's'}`,
    templateTitle: 'Blank template',
    templateLang: 'Language',
    org: 'Organisation',
    templateButton: 'Download the template',
    langJa: 'Japanese', langEn: 'English',
    footer: 'Checks ITU-T X.1060 (JT-X1060) service portfolios against the rules.',
    checking: 'Checking…',
    unreadable: 'Unreadable file',
    status: { ok: 'OK', warning: 'warnings', error: 'errors', unreadable: 'unreadable' },
    severity: { error: 'error', warning: 'warning', info: 'info' },
    counts: (e, w, i) => `${e} error(s), ${w} warning(s), ${i} info(s)`,
    organisation: 'Organisation', sheet: 'Sheet', services: 'Services',
    annotated: 'Annotated workbook',
    checkJson: 'Findings (JSON)', checkCsv: 'Findings (CSV)',
    exportJson: 'Portfolio (JSON)', exportCsv: 'Portfolio (CSV)', exportOscal: 'Assessment results (OSCAL)',
    findings: 'Findings', noFindings: 'No findings.',
    cols: { rule: 'Rule', severity: 'Severity', cell: 'Cell', service: 'Service', message: 'Message', source: 'Source' },
    figures: 'Figures by category',
    fig: { category: 'Category', selected: 'Selected', asIs: 'As-Is (mean score)', toBe: 'To-Be (mean score)', gap: 'Gap (mean)', achievement: 'Achievement', overall: 'Overall' },
    priorities: 'Services to improve first', noPriorities: 'No service needs improving.',
    pri: { rank: 'Priority', service: 'Service', level: 'Level', asIs: 'As-Is', toBe: 'To-Be', gap: 'Gap' },
    failed: 'Error',
    more: (n) => `Show the other ${n}`,
    tooLarge: (n, lim) => `not sent: the file is ${n} MB (limit ${lim} MB); start the server with x1060 serve --max-size MB to raise it`,
    tooLargeAll: (n, lim) => `The files add up to ${n} MB (limit ${lim} MB); choose fewer files`,
  },
};

// Priorities shown before 'show the rest'.
const TOP = 10;

const lang = document.documentElement.dataset.lang === 'ja' ? 'ja' : 'en';
const t = T[lang];
let names = null;
const picked = [];

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c != null) e.append(c);
  return e;
}

function mb(bytes) {
  return Math.ceil(bytes / (1024 * 1024));
}

function fmt(x, digits) {
  return x == null ? '—' : Number(x).toFixed(digits);
}

function table(cls, heads, rows) {
  const head = el('tr', {}, ...heads.map((h) => el('th', { text: h })));
  const body = el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c) => (c instanceof Node ? el('td', {}, c) : el('td', { text: c == null ? '' : String(c) }))))));
  return el('table', { class: cls }, el('thead', {}, head), body);
}

// Downloads what a request answers, under the name the server gives.
async function download(url, body, fallback, card) {
  const res = await fetch(url, body ? { method: 'POST', body } : {});
  if (!res.ok) {
    const msg = (await res.text()).trim();
    if (card) showError(card, msg);
    else alert(msg);
    return;
  }
  const blob = await res.blob();
  const cd = res.headers.get('Content-Disposition') || '';
  const m = /filename\*=UTF-8''([^;]+)/.exec(cd);
  const name = m ? decodeURIComponent(m[1]) : fallback;
  const a = el('a', { href: URL.createObjectURL(blob), download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

function form(files) {
  const fd = new FormData();
  for (const f of files) fd.append('file', f, f.name);
  return fd;
}

function showError(card, msg) {
  let p = card.querySelector('.error-message');
  if (!p) {
    p = el('p', { class: 'error-message', role: 'alert' });
    card.append(p);
  }
  p.textContent = msg;
  card.classList.add('failed');
}

function button(label, cls, onClick) {
  const b = el('button', { type: 'button', class: cls, text: label });
  b.addEventListener('click', onClick);
  return b;
}

function render(card, file, doc) {
  const r = doc.files[0];
  card.replaceChildren();
  card.dataset.status = r.status;
  const e = r.counts.error, w = r.counts.warning, i = r.counts.info;
  card.append(el('h2', {}, el('span', { class: 'name', text: file.name }), ' ',
    el('span', { class: `badge ${r.status}`, text: t.status[r.status] || r.status })));
  if (r.error) {
    showError(card, `${file.name}: ${r.error}`);
    return;
  }
  const meta = [];
  if (r.organisation) meta.push(`${t.organisation}: ${r.organisation}`);
  if (r.sheet) meta.push(`${t.sheet}: ${r.sheet}`);
  if (r.services != null) meta.push(`${t.services}: ${r.services}`);
  meta.push(t.counts(e, w, i));
  card.append(el('p', { class: 'meta', text: meta.join(' · ') }));
  const q = `lang=${lang}`;
  const stem = file.name.replace(/\.[^.]+$/, '');
  const dl = el('div', { class: 'downloads' });
  if (r.sheet) {
    // In the language of the portfolio's own header, as `annotate` does.
    dl.append(button(t.annotated, 'dl-annotate', () => download('/api/annotate', form([file]), `${stem}.annotated.xlsx`, card)));
  }
  dl.append(button(t.checkJson, 'dl-check-json', () => download(`/api/check?${q}`, form([file]), `${stem}.findings.json`, card)));
  dl.append(button(t.checkCsv, 'dl-check-csv', () => download(`/api/check?format=csv&${q}`, form([file]), `${stem}.findings.csv`, card)));
  if (r.sheet) {
    dl.append(button(t.exportJson, 'dl-export-json', () => download('/api/export?format=json', form([file]), `${stem}.json`, card)));
    dl.append(button(t.exportCsv, 'dl-export-csv', () => download('/api/export?format=csv', form([file]), `${stem}.csv`, card)));
    dl.append(button(t.exportOscal, 'dl-export-oscal', () => download(`/api/export?format=oscal&${q}`, form([file]), `${stem}.oscal.json`, card)));
  }
  card.append(dl);

  card.append(el('h3', { text: t.findings }));
  if (r.findings.length === 0) {
    card.append(el('p', { class: 'none', text: t.noFindings }));
  } else {
    const c = t.cols;
    const rows = r.findings.map((f) => [f.rule, el('span', { class: `sev ${f.severity}`, text: t.severity[f.severity] || f.severity }),
      f.sheet && f.cell && f.sheet !== r.sheet ? `${f.sheet}!${f.cell}` : (f.cell || ''), f.service || '', f.message, f.source]);
    card.append(table('findings', [c.rule, c.severity, c.cell, c.service, c.message, c.source], rows));
  }
  const fig = r.figures;
  if (!fig) return;
  const n = names[lang];
  const f = t.fig;
  const bar = (x) => {
    const wrap = el('span', { class: 'bar' });
    const fill = el('span', { class: 'fill' });
    fill.style.width = `${Math.round((x || 0) * 100)}%`;
    wrap.append(fill);
    return el('span', { class: 'ach' }, wrap, ` ${x == null ? '—' : Math.round(x * 100) + '%'}`);
  };
  const catRows = fig.categories.map((k) => [`${k.id} ${n.categories[k.id] || k.name}`, k.selected,
    fmt(k.mean_as_is, 2), fmt(k.mean_to_be, 2), fmt(k.mean_gap, 2), bar(k.achievement)]);
  const o = fig.overall;
  catRows.push([f.overall, o.selected, fmt(o.mean_as_is, 2), fmt(o.mean_to_be, 2), fmt(o.mean_gap, 2), bar(o.achievement)]);
  card.append(el('h3', { text: t.figures }));
  card.append(table('figures', [f.category, f.selected, f.asIs, f.toBe, f.gap, f.achievement], catRows));
  card.append(el('h3', { text: t.priorities }));
  if (fig.priorities.length === 0) {
    card.append(el('p', { class: 'none', text: t.noPriorities }));
  } else {
    const p = t.pri;
    const rows = fig.priorities.map((x) => [x.rank, `${x.service} ${n.services[x.service] || ''}`,
      n.levels[x.level] || x.level, x.as_is, x.to_be, x.gap]);
    const heads = [p.rank, p.service, p.level, p.asIs, p.toBe, p.gap];
    card.append(table('priorities', heads, rows.slice(0, TOP)));
    if (rows.length > TOP) {
      const more = el('details', { class: 'more' }, el('summary', { text: t.more(rows.length - TOP) }));
      more.append(table('priorities rest', heads, rows.slice(TOP)));
      card.append(more);
    }
  }
}

async function check(file) {
  const card = el('section', { class: 'result' }, el('h2', {}, el('span', { class: 'name', text: file.name })), el('p', { class: 'meta', text: t.checking }));
  card.dataset.file = file.name;
  document.getElementById('results').append(card);
  // A file larger than a whole request may be is not sent (the server would
  // refuse it unread); a smaller one too large for the reader gets the
  // reader's own message from the server.
  if (file.size + 4096 > names.limits.request_bytes) {
    card.dataset.status = 'unreadable';
    card.querySelector('.meta').textContent = t.unreadable;
    showError(card, `${file.name}: ${t.tooLarge(mb(file.size), mb(names.limits.file_bytes))}`);
    return;
  }
  try {
    const res = await fetch(`/api/check?lang=${lang}`, { method: 'POST', body: form([file]) });
    if (!res.ok) {
      card.dataset.status = 'unreadable';
      card.querySelector('.meta').textContent = t.unreadable;
      showError(card, (await res.text()).trim());
      return;
    }
    render(card, file, await res.json());
  } catch (err) {
    showError(card, `${t.failed}: ${err}`);
  }
}

function add(files) {
  for (const f of files) {
    picked.push(f);
    check(f);
  }
  const batch = document.getElementById('batch');
  batch.hidden = picked.length < 2;
  document.getElementById('batch-count').textContent = t.files(picked.length);
}

async function init() {
  for (const e of document.querySelectorAll('[data-t]')) e.textContent = t[e.dataset.t];
  document.title = t.title;
  const sw = document.getElementById('switch-lang');
  sw.textContent = t.switchLang;
  sw.href = `/?lang=${lang === 'ja' ? 'en' : 'ja'}`;
  const sel = document.getElementById('tpl-lang');
  sel.options[0].textContent = t.langJa;
  sel.options[1].textContent = t.langEn;
  sel.value = lang;
  names = await (await fetch('/api/names')).json();

  const input = document.getElementById('files');
  input.addEventListener('change', () => {
    add([...input.files]);
    input.value = '';
  });
  const drop = document.getElementById('drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    add([...e.dataTransfer.files]);
  });
  document.getElementById('dl-report').addEventListener('click', () => {
    const total = picked.reduce((n, f) => n + f.size, 0);
    if (total > names.limits.request_bytes) {
      alert(t.tooLargeAll(mb(total), mb(names.limits.request_bytes)));
      return;
    }
    download(`/api/report?lang=${lang}`, form(picked), 'summary.xlsx', null);
  });
  document.getElementById('clear').addEventListener('click', () => {
    picked.length = 0;
    document.getElementById('results').replaceChildren();
    document.getElementById('batch').hidden = true;
  });
  document.getElementById('dl-template').addEventListener('click', () => {
    const l = sel.value;
    const org = document.getElementById('tpl-org').value.trim();
    const q = `lang=${l}` + (org ? `&org=${encodeURIComponent(org)}` : '');
    download(`/api/template?${q}`, null, `x1060-template-${l}.xlsx`, null);
  });
  document.body.dataset.ready = '1';
}

document.addEventListener('DOMContentLoaded', init);
