// The readable Chinese summary of an export (summary.html): one table per category, values escaped.
import { FIELD_LABELS, RECORD_TYPE_LABELS } from './labels.ts';
import type { ExportDocument } from './schema.ts';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function cell(key: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (key === 'recordType' && typeof value === 'string') return escapeHtml(RECORD_TYPE_LABELS[value] ?? value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value))
    return escapeHtml(value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join('、'));
  if (typeof value === 'object') return escapeHtml(JSON.stringify(value));
  return escapeHtml(String(value));
}

function table(records: Record<string, unknown>[]): string {
  const columns: string[] = [];
  for (const r of records) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  const head = columns.map((c) => `<th>${escapeHtml(FIELD_LABELS[c] ?? c)}</th>`).join('');
  const rows = records.map((r) => `<tr>${columns.map((c) => `<td>${cell(c, r[c])}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`;
}

const RIGHT_TITLE = { access: '查阅', copy: '复制', portability: '转移' } as const;

export function summaryHtml(doc: ExportDocument): string {
  const sections = doc.categories
    .map(
      (c) =>
        `<h2>${escapeHtml(c.label.zh)}（${c.records.length}条）</h2>\n${table(c.records)}${
          c.omittedFields.length
            ? `\n<p class="note">未包含我们生成的字段：${c.omittedFields.map((f) => escapeHtml(FIELD_LABELS[f] ?? f)).join('、')}</p>`
            : ''
        }`,
    )
    .join('\n');
  const excluded = doc.excluded.length
    ? `<h2>未包含的信息</h2>\n<ul>\n${doc.excluded
        .map((x) => `<li>${escapeHtml(x.label.zh)}：${escapeHtml(x.reason.zh)}（${escapeHtml(x.cite.zh)}）</li>`)
        .join('\n')}\n</ul>`
    : '';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>个人信息${RIGHT_TITLE[doc.right]}（${escapeHtml(doc.requestId)}）</title>
<style>body{font-family:sans-serif;margin:2em;max-width:72em}table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #bbb;padding:.25em .5em;text-align:left;vertical-align:top}th{background:#f2f2f2}.note{color:#555}</style>
</head><body>
<h1>您的个人信息（${RIGHT_TITLE[doc.right]}）</h1>
<p>个人信息处理者：${escapeHtml(doc.controller.name.zh)}；联系方式：${escapeHtml(doc.controller.contact)}</p>
<p>请求编号：${escapeHtml(doc.requestId)}；生成时间：${escapeHtml(doc.generatedAt)}</p>
<p>完整数据见同一下载页面中的 export.json（结构说明见 export.schema.json），表格类信息另附 CSV 文件。</p>
${sections}
${excluded}
</body></html>
`;
}
