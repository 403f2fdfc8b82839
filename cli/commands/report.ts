// `rightsflow report --from <day> --to <day>`: the period report for a compliance audit (PIPL art. 54) — requests
// received in the range by right, channel and outcome, on-time rate, median and p95 working days to reply, breaches
// with where they stood, refusals by basis, recipients' acknowledgement times and children's requests.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { periodReport } from '../../functions/evidence/period/collect.ts';
import { renderPeriodCsv, renderPeriodHtml } from '../../functions/evidence/period/render.ts';
import { htmlToPdf, NoChromiumError } from '../../functions/evidence/report/pdf.ts';
import { withLocalData } from '../local-data.ts';

export const summary = 'the period report for a compliance audit (HTML, CSV, JSON or PDF)';

const USAGE = `usage: rightsflow report --from <YYYY-MM-DD> --to <YYYY-MM-DD> [--format json|html|csv|pdf] [--out <file>]
  Requests received from --from to --to (both included, Beijing time): by right, channel and outcome; on-time
  rate; median and p95 working days to reply; breaches and where each stood at its deadline; refusals by basis;
  recipients' acknowledgement times; children's requests. Data in $DATA_DIR (default .rightsflow).
  --format   json (default), html, csv, or pdf (headless Chromium; needs --out)
  --out      write to this file instead of stdout
`;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (d: string | undefined) =>
  d !== undefined && DAY.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;

export async function run(args: string[]): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  try {
    ({ values } = parse(args));
  } catch (e) {
    process.stderr.write(`rightsflow report: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const { from, to, format } = values;
  const problem =
    !validDay(from) || !validDay(to)
      ? 'give --from and --to as dates, e.g. --from 2026-10-01 --to 2026-12-31'
      : to! < from!
        ? '--to is before --from'
        : !['json', 'html', 'csv', 'pdf'].includes(format)
          ? '--format is json, html, csv or pdf'
          : format === 'pdf' && !values.out
            ? 'a PDF needs --out <file>'
            : undefined;
  if (problem) {
    process.stderr.write(`rightsflow report: ${problem}\n\n${USAGE}`);
    return 2;
  }
  return withLocalData('report', async (data) => {
    try {
      const report = await periodReport(data.deps, from!, to!);
      const body =
        format === 'json'
          ? `${JSON.stringify(report, null, 2)}\n`
          : format === 'csv'
            ? renderPeriodCsv(report)
            : format === 'html'
              ? renderPeriodHtml(report, data.deps.policy)
              : await htmlToPdf(renderPeriodHtml(report, data.deps.policy));
      if (values.out) {
        await writeFile(values.out, body);
        process.stderr.write(`${values.out}: ${report.totals.received} request(s) received ${from} – ${to}\n`);
      } else process.stdout.write(body);
      return 0;
    } catch (e) {
      if (e instanceof NoChromiumError) {
        process.stderr.write(`rightsflow report: ${e.message}\n`);
        return 2;
      }
      throw e;
    }
  });
}

function parse(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string', default: 'json' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}
