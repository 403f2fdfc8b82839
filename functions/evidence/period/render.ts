// The period report as HTML (a self-contained, printable page) and as CSV (one figure per row: section, group,
// metric, value — easy to pivot in a spreadsheet, stable for auditors' scripts). JSON is the PeriodReport itself.
import type { Policy } from '../../../domain/policy/schema.ts';
import { RIGHT_LABELS, type Right } from '../../../domain/request/model.ts';
import type { Distribution, PeriodReport } from '../../../domain/request/period.ts';
import { beijing } from '../report/html.ts';
import { type Bilingual, label } from '../report/labels.ts';

const esc = (v: unknown): string =>
  String(v ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
const bi = (b: Bilingual) => (b.zh === b.en ? esc(b.zh) : `${esc(b.zh)}<span class="en"> / ${esc(b.en)}</span>`);
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null) => (x === null ? '—' : String(x));

const REASONS: Record<string, Bilingual> = {
  unverified: { zh: '未能核实身份', en: 'identity not verified' },
  withheld_by_officer: { zh: '隐私官决定不予办理该项', en: 'withheld by the privacy officer' },
  no_deletion_ground: { zh: '服务继续期间无删除依据', en: 'no deletion ground while the service runs' },
  binding_not_named: { zh: '未指明要注销的快捷支付', en: 'quick-pay binding not named' },
  binding_not_found: { zh: '未找到所指的快捷支付', en: 'quick-pay binding not found' },
  open_disputes: { zh: '存在未决争议', en: 'open disputes' },
};

/** A refusal basis (`exception:<code>` or `reason:<code>`) in words: the policy's §4(4) case, or the reason. */
export function basisLabel(basis: string, policy: Pick<Policy, 'exceptions'>): Bilingual {
  const [kind, code = ''] = basis.split(':');
  if (kind === 'exception') {
    const x = policy.exceptions.exceptions.find((e) => e.code === code);
    if (x)
      return {
        zh: `隐私政策第四条第（四）项第${x.number}种情形：${x.zh.replace(/[；;。]$/, '')}`,
        en: `privacy policy §4(4) case ${x.number}: ${x.en}`,
      };
  }
  return REASONS[code] ?? { zh: code, en: code };
}

const rightLabel = (r: string): Bilingual =>
  RIGHT_LABELS[r as Right] ? { zh: RIGHT_LABELS[r as Right].zh, en: RIGHT_LABELS[r as Right].en } : { zh: r, en: r };

const STATUS_AT_DEADLINE: Record<string, Bilingual> = {
  triage: { zh: '待分拣', en: 'in triage' },
  received: { zh: '已收到，流程未启动', en: 'received, workflow not started' },
  awaiting_verification: { zh: '等待身份核验', en: 'waiting for identity verification' },
  checking: { zh: '例外情形检查中', en: 'exception checks' },
  under_review: { zh: '等待隐私官审核', en: 'waiting for the privacy officer' },
  awaiting_fee: { zh: '等待确认费用', en: 'waiting for the fee to be accepted' },
  fulfilling: { zh: '办理中', en: 'being fulfilled' },
  replying: { zh: '答复发送中（发送失败）', en: 'reply being sent (failed)' },
  failed: { zh: '步骤失败，待人工处理', en: 'a step failed, staff task open' },
};

const table = (head: string[], rows: string[][]) =>
  rows.length === 0
    ? '<p class="none">无 / none</p>'
    : `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows
        .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;

const dist = (d: Distribution) =>
  `中位数 / median <b>${num(d.median)}</b> · P95 <b>${num(d.p95)}</b> · 最长 / max <b>${num(d.max)}</b>（${d.count}件 / n）`;

export function renderPeriodHtml(r: PeriodReport, policy: Pick<Policy, 'exceptions' | 'recipients'>): string {
  const t = r.totals;
  const tallyRows = (
    m: Record<string, { received: number; replied: number; onTime: number }>,
    name: (k: string) => string,
  ) =>
    Object.entries(m).map(([k, v]) => [
      name(k),
      String(v.received),
      String(v.replied),
      String(v.onTime),
      pct(v.replied ? v.onTime / v.replied : null),
    ]);
  const tallyHead = ['', '收到 / Received', '已答复 / Replied', '按期 / On time', '按期率 / On-time rate'];
  const partnerName = (id: string) => {
    const p = policy.recipients.recipients.find((x) => x.id === id);
    return p ? bi({ zh: p.names.zh, en: p.names.en }) : esc(id);
  };
  const sections = [
    [
      '总体情况',
      'Overview',
      `<div class="kpis">${[
        ['收到的请求', 'Requests received', String(t.received)],
        ['已答复', 'Replied', String(t.replied)],
        ['按期答复率', 'On-time rate', pct(t.onTimeRate)],
        ['答复用时中位数（工作日）', 'Median working days to reply', num(r.workingDaysToReply.median)],
        ['答复用时P95（工作日）', 'P95 working days to reply', num(r.workingDaysToReply.p95)],
        ['超期', 'Breaches', String(t.breaches)],
        ['尚未答复', 'Still open', String(t.open)],
        ['儿童（未满十四周岁）', "Children's requests (under 14)", String(r.children.received)],
      ]
        .map(
          ([zh, en, v]) =>
            `<div class="kpi"><div class="v">${esc(v)}</div><div>${esc(zh)}<br><span class="en">${esc(en)}</span></div></div>`,
        )
        .join(
          '',
        )}</div><p class="note">按期：答复在答复期限当日（北京时间）结束前发出；期限为隐私政策承诺的十五个工作日（第三条第（四）项、第四条第（四）项、第八条第（二）项）。另有${t.notRequests}封邮件经分拣不属于权利请求，未计入。<span class="en">On time: the reply went out by the end of the deadline day (Beijing time); the deadline is the privacy policy's promise of fifteen working days. ${t.notRequests} mail(s) triaged as no rights request are left out.</span></p>`,
    ],
    [
      '按权利',
      'By right',
      table(
        tallyHead,
        tallyRows(r.byRight, (k) => bi(rightLabel(k))),
      ),
    ],
    [
      '按渠道',
      'By channel',
      table(
        tallyHead,
        tallyRows(r.byChannel, (k) => bi(label('channel', k))),
      ),
    ],
    [
      '按结果',
      'By outcome',
      table(
        ['结果 / Outcome', '件数 / Requests'],
        Object.entries(r.byOutcome).map(([k, v]) => [
          k === 'open' ? '尚未答复 / open' : bi(label('outcome', k)),
          String(v),
        ]),
      ),
    ],
    ['答复用时', 'Working days to reply', `<p>${dist(r.workingDaysToReply)}</p>`],
    [
      '超期及原因',
      'Breaches and where each stood at its deadline',
      table(
        [
          '请求编号 / Request',
          '权利 / Rights',
          '渠道 / Channel',
          '收到 / Received',
          '期限 / Deadline',
          '情况 / What',
          '超期工作日 / Working days late',
          '期限届满时所处环节 / At the deadline',
        ],
        r.breaches.map((b) => [
          `<span class="mono">${esc(b.requestId)}</span>${b.minor ? ' <span class="tag">儿童 / child</span>' : ''}`,
          b.rights.map((x) => esc(rightLabel(x).zh)).join('、'),
          bi(label('channel', b.channel)),
          esc(b.receivedOn),
          esc(b.deadline),
          b.kind === 'replied_late'
            ? `逾期答复（第${b.workingDaysToReply}个工作日）/ replied late (working day ${b.workingDaysToReply})`
            : '期限已过仍未答复 / open past its deadline',
          String(b.workingDaysLate),
          bi(STATUS_AT_DEADLINE[b.atDeadline] ?? { zh: b.atDeadline, en: b.atDeadline }),
        ]),
      ),
    ],
    [
      '不予办理的依据',
      'Refusals by basis',
      table(
        ['依据 / Basis', '件数 / Requests'],
        Object.entries(r.refusalsByBasis)
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => [bi(basisLabel(k, policy)), String(v)]),
      ),
    ],
    [
      '接收方确认用时',
      'Recipients: time to acknowledge deletions (working days)',
      `<p>通知 / notices ${r.acknowledgements.notices} · 已确认 / acknowledged ${r.acknowledgements.acknowledged} · 未确认 / unanswered ${r.acknowledgements.unanswered} · ${dist(r.acknowledgements.workingDays)}</p>${table(
        ['接收方 / Recipient', '通知 / Notices', '已确认 / Acknowledged', '中位数 / Median', 'P95', '最长 / Max'],
        Object.entries(r.acknowledgements.byPartner).map(([id, p]) => [
          partnerName(id),
          String(p.notices),
          String(p.acknowledged),
          num(p.workingDays.median),
          num(p.workingDays.p95),
          num(p.workingDays.max),
        ]),
      )}`,
    ],
    [
      '儿童个人信息请求',
      "Children's requests (under 14, policy §5)",
      `<p>收到 / received ${r.children.received} · 已答复 / replied ${r.children.replied} · 按期 / on time ${r.children.onTime} · 超期 / breaches ${r.children.breaches}</p>${table(
        ['请求人 / Requester', '件数 / Requests'],
        Object.entries(r.children.byRequester).map(([k, v]) => [bi(label('requester', k)), String(v)]),
      )}${table(
        ['权利 / Right', '件数 / Requests'],
        Object.entries(r.children.byRight).map(([k, v]) => [bi(rightLabel(k)), String(v)]),
      )}`,
    ],
  ];
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>个人信息权利请求合规审计报告 ${esc(r.from)} – ${esc(r.to)}</title><style>${CSS}</style></head><body>
<header><div class="org">连连支付 · 个人信息保护 <span class="en">LianLian Pay · Personal information protection</span></div>
<h1>个人信息权利请求合规审计报告<span class="en">Compliance audit of personal-information rights requests (PIPL art. 54)</span></h1>
<p class="gen">期间 / Period: <b>${esc(r.from)}</b> 至 / to <b>${esc(r.to)}</b>（按收到日期，北京时间 / by date received, Beijing time）· 生成时间 / generated ${beijing(r.generatedAt)}</p></header>
<main>${sections
    .map(
      ([zh, en, body], i) =>
        `<section><h2><span class="n">${i + 1}</span>${esc(zh)}<span class="en"> ${esc(en)}</span></h2>${body}</section>`,
    )
    .join('\n')}</main>
<footer>依据《个人信息保护法》第五十四条定期合规审计；逐件证据见各请求的证据报告（npx rightsflow evidence-report &lt;请求编号&gt;）。/ Per-request evidence: the evidence report of each request.</footer>
</body></html>`;
}

const CSS = `
@page { size: A4; margin: 16mm 14mm; }
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: #1b1f24;
  font-size: 13px; line-height: 1.55; margin: 0 auto; max-width: 1100px; padding: 24px 28px; }
header { border-bottom: 3px solid #0b4f8a; padding-bottom: 10px; }
.org { color: #0b4f8a; font-weight: 600; }
h1 { font-size: 22px; margin: 6px 0 8px; } h1 .en { display: block; font-size: 14px; font-weight: 400; color: #57606a; }
h2 { font-size: 16px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; margin: 22px 0 10px; break-after: avoid; }
h2 .n { display: inline-block; min-width: 1.6em; color: #0b4f8a; } h2 .en { font-weight: 400; color: #57606a; font-size: 13px; }
.en { color: #57606a; } .gen, .note { color: #57606a; font-size: 12px; }
.kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 8px; }
.kpi { border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 10px; font-size: 12px; }
.kpi .v { font-size: 22px; font-weight: 700; color: #0b4f8a; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 10px; }
th, td { border: 1px solid #d0d7de; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; font-size: 12px; } tr { break-inside: avoid; }
.mono { font-family: "DejaVu Sans Mono", monospace; } .none { color: #57606a; }
.tag { font-size: 11px; border: 1px solid #9a6700; color: #9a6700; border-radius: 8px; padding: 0 5px; }
footer { margin-top: 24px; border-top: 1px solid #d0d7de; padding-top: 6px; color: #57606a; font-size: 11px; }
`;

/** RFC 4180: quote every field that needs it. */
const csvField = (v: unknown) => {
  const s = String(v ?? '');
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function renderPeriodCsv(r: PeriodReport): string {
  const rows: (string | number | null)[][] = [['section', 'group', 'metric', 'value']];
  const add = (section: string, group: string, metric: string, value: string | number | null) =>
    rows.push([section, group, metric, value]);
  add('period', '', 'from', r.from);
  add('period', '', 'to', r.to);
  for (const [k, v] of Object.entries(r.totals)) add('totals', '', k, v);
  for (const [k, v] of Object.entries(r.workingDaysToReply)) add('working_days_to_reply', '', k, v);
  for (const [section, m] of [
    ['by_right', r.byRight],
    ['by_channel', r.byChannel],
  ] as const)
    for (const [group, t] of Object.entries(m)) for (const [k, v] of Object.entries(t)) add(section, group, k, v);
  for (const [k, v] of Object.entries(r.byOutcome)) add('by_outcome', k, 'requests', v);
  for (const b of r.breaches) {
    add('breach', b.requestId, 'kind', b.kind);
    add('breach', b.requestId, 'deadline', b.deadline);
    add('breach', b.requestId, 'working_days_late', b.workingDaysLate);
    add('breach', b.requestId, 'at_deadline', b.atDeadline);
  }
  for (const [k, v] of Object.entries(r.refusalsByBasis)) add('refusals_by_basis', k, 'requests', v);
  const a = r.acknowledgements;
  add('acknowledgements', '', 'notices', a.notices);
  add('acknowledgements', '', 'acknowledged', a.acknowledged);
  add('acknowledgements', '', 'unanswered', a.unanswered);
  for (const [k, v] of Object.entries(a.workingDays)) add('acknowledgements', '', `working_days_${k}`, v);
  for (const [id, p] of Object.entries(a.byPartner)) {
    add('acknowledgements', id, 'notices', p.notices);
    add('acknowledgements', id, 'acknowledged', p.acknowledged);
    for (const [k, v] of Object.entries(p.workingDays)) add('acknowledgements', id, `working_days_${k}`, v);
  }
  for (const [k, v] of Object.entries(a.byAnswer)) add('acknowledgements_by_answer', k, 'notices', v);
  const c = r.children;
  for (const k of ['received', 'replied', 'onTime', 'breaches'] as const) add('children', '', k, c[k]);
  for (const [k, v] of Object.entries(c.byRequester)) add('children_by_requester', k, 'requests', v);
  for (const [k, v] of Object.entries(c.byRight)) add('children_by_right', k, 'requests', v);
  return `${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}
