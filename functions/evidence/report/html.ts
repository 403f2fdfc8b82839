// The evidence report as one self-contained HTML page (no script, no outside resource), A4-printable: headless
// Chromium turns the same page into the PDF (pdf.ts). Written with template strings and one escape function rather
// than a template engine: every value passes through `esc`, and the page has no logic a template would make clearer.

import type { EvidenceReport } from './build.ts';
import type { Bilingual } from './labels.ts';
import { eventLabel, label } from './labels.ts';

const esc = (v: unknown): string =>
  String(v ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** Both languages, Chinese first. */
const bi = (b: Bilingual) => (b.zh === b.en ? esc(b.zh) : `${esc(b.zh)}<span class="en"> / ${esc(b.en)}</span>`);

/** An instant in Beijing time, to the second: how the company's records and the person's letters state times. */
export function beijing(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return esc(iso);
  const t = new Date(d.getTime() + 8 * 3600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 19)}`;
}

const table = (head: string[], rows: string[][], cls = '') =>
  rows.length === 0
    ? '<p class="none">无 / none</p>'
    : `<table class="${cls}"><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows
        .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;

const dl = (pairs: [string, string][]) => `<dl>${pairs.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`;

const section = (n: number, zh: string, en: string, body: string) =>
  `<section><h2><span class="n">${n}</span>${esc(zh)}<span class="en"> ${esc(en)}</span></h2>${body}</section>`;

/** One line per ground, with the categories it covered (short names: before the parenthesis). */
function groundsByGround(grounds: EvidenceReport['fulfilment'][number]['grounds']): string {
  const by = new Map<string, { ground: Bilingual; categories: Bilingual[] }>();
  for (const g of grounds) {
    const entry = by.get(g.ground.zh) ?? { ground: g.ground, categories: [] };
    entry.categories.push(g.category);
    by.set(g.ground.zh, entry);
  }
  const short = (b: Bilingual) => ({ zh: b.zh.replace(/（.*$/, ''), en: b.en.replace(/ \(.*$/, '') });
  return [...by.values()]
    .map(
      (e) =>
        `${bi({ zh: e.categories.map((c) => short(c).zh).join('、'), en: e.categories.map((c) => short(c).en).join(', ') })} — ${bi(e.ground)}`,
    )
    .join('<br>');
}

const yesNo = (b: boolean | undefined) => (b === undefined ? '—' : b ? '是 / yes' : '否 / no');

export function renderEvidenceHtml(r: EvidenceReport): string {
  const s = r.summary;
  const chainOk = r.chain.intact;
  const people = (o: Record<string, string>) =>
    Object.entries(o)
      .filter(([k]) => k !== 'type')
      .map(([k, v]) => `${esc(k)}: <span class="mono">${esc(v)}</span>`)
      .join('<br>') || '—';
  const parts: string[] = [];
  let n = 0;

  parts.push(
    section(
      ++n,
      '请求概况',
      'Request',
      dl([
        ['请求编号 / Request number', `<span class="mono">${esc(r.requestId)}</span>`],
        ['渠道 / Channel', bi(label('channel', s.channel))],
        ['请求的权利 / Rights asked for', s.rights.map(bi).join('；')],
        ['请求人 / Requester', `${bi(label('requester', s.requesterType))}<br>${people(s.requester)}`],
        ['个人信息主体 / Data subject', people(s.subject)],
        ['未满十四周岁 / Under 14', yesNo(s.minor)],
        ['收到时间 / Received', beijing(s.receivedAt)],
        [
          '答复期限 / Reply due',
          `${esc(s.deadline)}（${s.deadlineWorkingDays}个工作日，隐私政策承诺${s.deadlineProvisional ? '；节假日安排未公布，暂按临时日历计算' : ''}）<span class="en"> / ${s.deadlineWorkingDays} working days, the privacy policy's promise${s.deadlineProvisional ? '; provisional calendar' : ''}</span>`,
        ],
        [
          '答复时间 / Replied',
          s.repliedAt
            ? `${beijing(s.repliedAt)}（${s.workingDaysToReply ? `第${s.workingDaysToReply}个工作日` : '收到当日'}，${s.onTime ? '按期' : '<b class="bad">逾期</b>'}）<span class="en"> / ${s.workingDaysToReply ? `working day ${s.workingDaysToReply}` : 'the day it was received'}, ${s.onTime ? 'on time' : 'late'}</span>`
            : '未答复 / not replied',
        ],
        ['结果 / Outcome', s.outcome ? bi(label('outcome', s.outcome)) : '—'],
        ['状态 / Status', bi(label('status', s.status))],
        ['结束时间 / Closed', beijing(s.closedAt)],
      ]),
    ),
  );

  const v = r.verification;
  parts.push(
    section(
      ++n,
      '身份核验',
      'Identity verification',
      dl([
        ['核验等级 / Level', bi(label('level', v.level))],
        ['核验方式 / Method', v.method ? bi(label('method', v.method)) : '—'],
        ['核验时间 / Verified at', beijing(v.verifiedAt)],
        ['核验人员 / Verified by', esc(v.verifiedBy ?? '—')],
        ['验证码发送 / 错误次数 / Codes sent / wrong', `${v.codesSent} / ${v.codesRejected}`],
      ]),
    ),
  );

  parts.push(
    section(
      ++n,
      '例外情形检查',
      'Exception checks (privacy policy §4(4))',
      table(
        [
          '时间 / At',
          '需审核 / Review needed',
          '原因 / Reasons',
          '法律保全 / Legal holds',
          '找到客户 / Customer found',
        ],
        r.exceptionChecks.map((c) => [
          beijing(c.at),
          yesNo(c.needsReview),
          esc(c.reviewReasons.join('；') || '—'),
          esc(c.legalHolds.length ? `${c.legalHolds.length}项 / ${c.legalHolds.length} (kinds withheld)` : '无 / none'),
          yesNo(c.customerFound),
        ]),
      ),
    ),
  );

  parts.push(
    section(
      ++n,
      '决定及理由',
      'Decisions: who decided what, and why',
      table(
        ['时间 / At', '决定人 / By', '决定 / Decision', '理由与依据 / Reasons and basis'],
        r.decisions.map((d) => [
          beijing(d.at),
          `<span class="mono">${esc(d.by)}</span>`,
          bi(d.what),
          esc(d.why.join('；') || '—'),
        ]),
      ),
    ),
  );

  parts.push(
    section(
      ++n,
      '办理情况及删除数量',
      'Fulfilment and erasure counts per category',
      r.fulfilment.length === 0
        ? '<p class="none">无 / none</p>'
        : r.fulfilment
            .map(
              (f) =>
                `<h3>${bi(f.right)}：${bi(f.status)} <small>${beijing(f.at)}</small></h3>${table(
                  ['类别 / Category', '删除或匿名化记录数 / Records erased or anonymised'],
                  f.counts.map((c) => [bi(c.category), `<span class="num">${c.count}</span>`]),
                  'narrow',
                )}${
                  f.grounds.length ? `<p class="basis">删除依据 / Grounds: ${groundsByGround(f.grounds)}</p>` : ''
                }${f.keptForService.length ? `<p class="basis">服务继续所需，未删除 / Kept while the service runs: ${f.keptForService.map(bi).join('；')}</p>` : ''}${
                  f.reason ? `<p class="basis">理由 / Reason: ${bi(f.reason)}</p>` : ''
                }`,
            )
            .join(''),
    ),
  );

  parts.push(
    section(
      ++n,
      '依法保留的信息',
      'Data held back, with legal basis and end',
      table(
        ['类别 / Category', '保留至 / Until', '法律依据 / Legal basis'],
        r.holds.map((h) => [bi(h.category), esc(h.until ?? '至保全解除 / until released'), bi(h.basis)]),
      ),
    ),
  );

  const b = r.backups;
  parts.push(
    section(
      ++n,
      '备份隔离与过期',
      'Backups: isolation, purge-by date and expiry',
      `${dl([
        ['隔离时间 / Isolated at', beijing(b.isolatedAt)],
        ['隔离类别 / Categories', b.categories.map(bi).join('；') || '—'],
        ['最后一份备份过期日 / Purge-by date', esc(b.purgeBy ?? '—')],
        [
          '过期记录 / Expiry recorded',
          b.expiredAt
            ? `${beijing(b.expiredAt)}：最后一份含该信息的备份已过期 / the last backup holding this data has expired`
            : b.purgeBy
              ? '尚未到期；到期后由定时清理任务记录 / not yet; the sweep records it once the date has passed'
              : '—',
        ],
        [
          '备份计划（策略数据）/ Backup plans (policy data)',
          b.plans.map((p) => `${esc(p.name)}：${p.retentionDays}天 / days`).join('<br>'),
        ],
        [
          '恢复后重新执行 / Re-applied after a restore',
          b.reapplied.length
            ? b.reapplied
                .map(
                  (x) =>
                    `${beijing(x.at)}${x.since ? `（恢复点 / restore point ${beijing(x.since)}）` : ''}${x.legalHold ? '：仅限制处理（法律保全）/ restricted only (legal hold)' : ''}`,
                )
                .join('<br>')
            : '无 / none',
        ],
      ])}<p class="basis">在备份中无法立即删除的信息予以隔离，停止除存储和必要的安全保护措施之外的处理，直至备份过期（《个人信息保护法》第四十七条第二款；《连连支付隐私政策》第四条第（二）项）。<span class="en">Data that cannot be removed from backups at once is isolated — storage and security measures only — until the backup expires (PIPL art. 47 ¶2; privacy policy §4(2)).</span></p>`,
    ),
  );

  parts.push(
    section(
      ++n,
      '接收方通知与确认',
      'Notices to recipients and their acknowledgements',
      table(
        [
          '接收方 / Recipient',
          '提供依据 / Basis',
          '类别 / Categories',
          '通知时间 / Notified',
          '确认期限 / Due',
          '提醒 / Reminders',
          '确认 / Answer',
          '用时（工作日）/ Working days',
        ],
        r.notices.map((x) => [
          bi(x.partner),
          esc(x.legalBasis),
          x.categories.map((c) => esc(c.zh.replace(/（.*$/, ''))).join('、'),
          beijing(x.sentAt),
          esc(x.ackDueBy.slice(0, 10)),
          `${x.reminders}${x.escalatedAt ? `<br>已上报 / escalated ${beijing(x.escalatedAt)}` : ''}`,
          x.ackedAt
            ? `${x.answer ? bi(label('answer', x.answer)) : '已确认 / acknowledged'}<br>${beijing(x.ackedAt)}`
            : '<b class="bad">未确认 / no answer</b>',
          x.ackWorkingDays === undefined ? '—' : `<span class="num">${x.ackWorkingDays}</span>`,
        ]),
      ),
    ),
  );

  parts.push(
    section(
      ++n,
      '往来函件',
      'Every letter',
      r.letters.length === 0
        ? '<p class="none">无 / none</p>'
        : r.letters
            .map(
              (l, i) =>
                `<article class="letter"><h3>${i + 1}. ${esc(l.subject)}</h3><p class="meta"><span class="mono">${esc(l.kind)}</span> · ${beijing(l.at)} · ${
                  l.mailed ? `邮件发送至 / mailed to ${esc(l.to.join(', ') || '—')}` : '未邮寄 / not mailed'
                }${l.delivered ? ` · ${esc(l.delivered.method)} ${beijing(l.delivered.at)} (${esc(l.delivered.by)})` : ''}</p><pre>${esc(l.text)}</pre></article>`,
            )
            .join(''),
    ),
  );

  parts.push(
    section(
      ++n,
      '完整时间线（哈希链）',
      'Complete timeline (hash-chained audit events)',
      table(
        ['#', '时间 / At', '执行者 / Actor', '事件 / Event', '记录内容 / Recorded data', '哈希 / Hash'],
        r.timeline.map((e) => [
          String(e.seq),
          beijing(e.at),
          `<span class="mono">${esc(e.actor)}</span>`,
          `${bi(eventLabel(e.type))}<br><span class="mono small">${esc(e.type)}</span>`,
          e.data ? `<span class="mono small">${esc(e.data)}</span>` : '',
          `<span class="mono small">${esc(e.hash.slice(0, 16))}…</span>`,
        ]),
        'timeline',
      ),
    ),
  );

  const c = r.chain;
  parts.push(
    section(
      ++n,
      '审计链校验',
      'Audit chain: verdict and how to verify it',
      `${dl([
        [
          '校验结果 / Verdict',
          chainOk
            ? `<b class="ok">完整 / intact</b>：${c.length}个事件 / events`
            : `<b class="bad">已被篡改 / TAMPERED</b>：${esc(c.problem?.kind)}，第${c.problem?.seq}个事件 / at event ${c.problem?.seq} — ${esc(c.problem?.detail)}`,
        ],
        [
          '链头哈希 / Head hash',
          c.headHash
            ? `<span class="mono">${esc(c.headHash)}</span>（第${c.headSeq}个事件 / event ${c.headSeq}）`
            : '—',
        ],
        [
          '表外锚定 / Anchored outside the table',
          c.anchor
            ? `<span class="mono">${esc(c.anchor.hash)}</span><br>第${c.anchor.seq}个事件，${beijing(c.anchor.at)}${c.anchor.eventsAfter ? `；其后${c.anchor.eventsAfter}个事件尚未锚定 / ${c.anchor.eventsAfter} event(s) since` : ''}`
            : '尚未锚定（请求未结束）/ not anchored yet (the request has not ended)',
        ],
        ['校验时间 / Checked at', beijing(c.checkedAt)],
      ])}<div class="how"><p><b>如何独立校验 / How to verify independently</b></p><ol>
<li>在运行 rightsflow 的环境中执行 / run: <code>npx rightsflow verify-audit ${esc(r.requestId)}</code>（完整时输出 intact 及链头哈希，退出码0；否则输出第一个被修改、插入、删除或调换的事件，退出码1 / prints "intact" and the head hash, exit 0; otherwise the first edited, inserted, removed or reordered event, exit 1）。控制台及 API：<code>GET /api/requests/${esc(r.requestId)}/audit</code>。</li>
<li>自行重算 / recompute by hand: 起始值 / genesis = SHA-256("<code>${esc(c.genesisInput)}</code>")；每个事件 / each event: hash = SHA-256(按键排序的 JSON / JSON with keys sorted <code>{"actor","at","data","prevHash","seq","type"}</code>)，其中 prevHash 为前一事件的 hash / prevHash is the previous event's hash。最后一个事件的 hash 即链头哈希，应与上方及表外锚定副本一致 / the last hash is the head and must equal the anchored copy.</li>
<li>表外副本 / the copy outside the table: AWS 中为启用对象锁定（合规模式）的 S3 存储桶 <code>anchors/${esc(r.requestId)}/</code>；本地为数据目录 <code>evidence/anchors.jsonl</code>。任何人（包括管理员）在保留期内都无法修改或删除 / in AWS an S3 bucket with Object Lock in compliance mode; nobody, administrators included, can change or delete it within its retention.</li>
</ol></div>`,
    ),
  );

  const title = `个人信息权利请求证据报告 ${r.requestId}`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${CSS}</style></head><body>
<header><div class="org">连连支付 · 个人信息保护 <span class="en">LianLian Pay · Personal information protection</span></div>
<h1>个人信息权利请求证据报告<span class="en">Evidence report of a personal-information rights request</span></h1>
<div class="ids"><span class="mono big">${esc(r.requestId)}</span>
<span class="badge ${chainOk ? 'ok' : 'bad'}">${chainOk ? '审计链完整 / audit chain intact' : '审计链已被篡改 / audit chain TAMPERED'}</span>
<span class="badge ${r.full ? 'warn' : ''}">${r.full ? `完整版：含未遮蔽个人信息（已记录为第${r.revealedInEvent}个事件）/ full version, personal data in clear (recorded as event ${r.revealedInEvent})` : '遮蔽版：个人信息已遮蔽 / masked version'}</span></div>
<p class="gen">生成时间 / Generated ${beijing(r.generatedAt)}（北京时间 / Beijing time, UTC+8）· 生成人 / by <span class="mono">${esc(r.generatedBy)}</span> · 本报告依据 rightsflow 记录的审计事件、函件与通知生成（《个人信息保护法》第五十条、第五十一条、第五十四条）/ built from the audit events, letters and notices rightsflow recorded (PIPL arts. 50, 51, 54).</p></header>
<main>${parts.join('\n')}</main>
<footer>所有时间均为北京时间（UTC+8）。/ All times are Beijing time (UTC+8). ${esc(r.requestId)} · ${chainOk && c.headHash ? `head ${esc(c.headHash.slice(0, 16))}…` : ''}</footer>
</body></html>`;
}

const CSS = `
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
  color: #1b1f24; font-size: 13px; line-height: 1.55; margin: 0 auto; max-width: 1100px; padding: 24px 28px; }
header { border-bottom: 3px solid #0b4f8a; padding-bottom: 12px; margin-bottom: 8px; }
.org { color: #0b4f8a; font-weight: 600; letter-spacing: .02em; }
h1 { font-size: 22px; margin: 6px 0 10px; }
h1 .en { display: block; font-size: 14px; font-weight: 400; color: #57606a; }
h2 { font-size: 16px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; margin: 22px 0 10px; break-after: avoid; }
h2 .n { display: inline-block; min-width: 1.6em; color: #0b4f8a; }
h2 .en, h3 .en { font-weight: 400; color: #57606a; font-size: 13px; }
h3 { font-size: 14px; margin: 12px 0 6px; }
h3 small { color: #57606a; font-weight: 400; }
.en { color: #57606a; }
.ids { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.big { font-size: 18px; font-weight: 700; }
.badge { border: 1px solid #d0d7de; border-radius: 12px; padding: 2px 10px; font-size: 12px; background: #f6f8fa; }
.badge.ok { border-color: #1a7f37; color: #1a7f37; background: #dafbe1; }
.badge.bad { border-color: #cf222e; color: #cf222e; background: #ffebe9; }
.badge.warn { border-color: #9a6700; color: #9a6700; background: #fff8c5; }
.gen { color: #57606a; font-size: 12px; margin: 8px 0 0; }
dl { display: grid; grid-template-columns: 230px 1fr; gap: 4px 14px; margin: 0; }
dt { color: #57606a; }
dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
table.narrow { width: auto; min-width: 50%; }
th, td { border: 1px solid #d0d7de; padding: 4px 6px; vertical-align: top; text-align: left; }
th { background: #f6f8fa; font-weight: 600; font-size: 12px; }
tr { break-inside: avoid; }
.timeline td { font-size: 12px; }
.mono { font-family: "DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace; word-break: break-all; }
.small { font-size: 11px; color: #57606a; }
.num { font-variant-numeric: tabular-nums; font-weight: 600; }
.ok { color: #1a7f37; } .bad { color: #cf222e; }
.none { color: #57606a; }
.basis { font-size: 12px; color: #24292f; background: #f6f8fa; border-left: 3px solid #0b4f8a; padding: 4px 8px; }
.letter { border: 1px solid #d0d7de; border-radius: 6px; padding: 6px 12px; margin: 8px 0; break-inside: avoid; }
.letter .meta { color: #57606a; font-size: 12px; margin: 0 0 4px; }
.letter pre { white-space: pre-wrap; font-family: inherit; margin: 0; font-size: 12.5px; }
.how { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: 4px 14px; margin-top: 10px; font-size: 12.5px; }
code { font-family: "DejaVu Sans Mono", monospace; background: #eaeef2; padding: 0 3px; border-radius: 3px; word-break: break-all; }
footer { margin-top: 24px; border-top: 1px solid #d0d7de; padding-top: 6px; color: #57606a; font-size: 11px; }
`;
