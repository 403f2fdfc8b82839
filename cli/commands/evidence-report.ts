// `rightsflow evidence-report <request id>`: the evidence report of one request (HTML, PDF or JSON). Masked by
// default; `--full --by <officer>` puts personal data in clear and records who asked in the request's audit chain.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { REQUEST_ID_PATTERN } from '../../domain/request/model.ts';
import { evidenceReport } from '../../functions/evidence/report/collect.ts';
import { renderEvidenceHtml } from '../../functions/evidence/report/html.ts';
import { htmlToPdf, NoChromiumError } from '../../functions/evidence/report/pdf.ts';
import { withLocalData } from '../local-data.ts';

export const summary = 'the evidence report of one request (HTML, PDF or JSON)';

const USAGE = `usage: rightsflow evidence-report <request id> [--format html|pdf|json] [--out <file>] [--full --by <officer>]
  The request's timeline, decisions and reasons, verification, exception checks, every letter, notices and
  acknowledgements, erasure counts, holds with their legal basis, backup purge-by and expiry, and the audit chain's
  head hash with how to verify it (data in $DATA_DIR, default .rightsflow; with or without npm start running).
  --format   html (default), pdf (headless Chromium; needs --out) or json
  --out      write to this file instead of stdout
  --full     personal data in clear; needs --by, and is recorded in the request's audit chain
  --by       who asks for the full version (the privacy officer's name or user)
`;

export async function run(args: string[]): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  let positionals: string[];
  try {
    ({ values, positionals } = parse(args));
  } catch (e) {
    process.stderr.write(`rightsflow evidence-report: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const id = positionals[0];
  const format = values.format;
  const problem =
    positionals.length !== 1 || !id || !REQUEST_ID_PATTERN.test(id)
      ? 'give one request number like RF-20261125-7K3QZ8'
      : !['html', 'pdf', 'json'].includes(format)
        ? '--format is html, pdf or json'
        : format === 'pdf' && !values.out
          ? 'a PDF needs --out <file>'
          : values.full && !values.by?.trim()
            ? '--full needs --by <officer>: the reveal is recorded under that name'
            : undefined;
  if (problem) {
    process.stderr.write(`rightsflow evidence-report: ${problem}\n\n${USAGE}`);
    return 2;
  }
  return withLocalData('evidence-report', async (data) => {
    try {
      const by = values.full ? `staff:${values.by!.trim()}` : `cli:${process.env['USER'] ?? 'operator'}`;
      const report = await evidenceReport(data.deps, id!, { by, ...(values.full ? { full: true } : {}) });
      if (!report) {
        process.stderr.write(`rightsflow evidence-report: no request ${id}\n`);
        return 1;
      }
      const html = format === 'json' ? undefined : renderEvidenceHtml(report);
      const body =
        format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : format === 'pdf' ? await htmlToPdf(html!) : html!;
      if (values.out) {
        await writeFile(values.out, body, { mode: 0o600 });
        process.stderr.write(
          `${values.out}: evidence report of ${id} (${report.full ? 'FULL, personal data in clear' : 'masked'}; audit chain ${report.chain.intact ? 'intact' : 'TAMPERED'})\n`,
        );
      } else process.stdout.write(body);
      return 0;
    } catch (e) {
      if (e instanceof NoChromiumError) {
        process.stderr.write(`rightsflow evidence-report: ${e.message}\n`);
        return 2;
      }
      throw e;
    }
  });
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', default: 'html' },
      out: { type: 'string' },
      full: { type: 'boolean', default: false },
      by: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}
