// HTML → PDF with Debian's headless Chromium (`/usr/bin/chromium`, fonts-noto-cjk for the Chinese text; .ci/run
// installs both). Chosen over a PDF library because the report is already a printable HTML page: one layout for
// screen, print and PDF, CJK text shaped by the browser, and no font embedded in the repository. Local CLI only: the
// Lambda has no browser, so the API serves the HTML (a browser's "print to PDF" makes the same document).
import { execFile } from 'node:child_process';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export async function findChromium(): Promise<string | undefined> {
  const configured = process.env['CHROMIUM_PATH'];
  for (const path of configured ? [configured, ...CANDIDATES] : CANDIDATES) {
    try {
      await access(path);
      return path;
    } catch {
      // next
    }
  }
  return undefined;
}

export class NoChromiumError extends Error {
  override name = 'NoChromium';
}

/** Prints the page to an A4 PDF (the page's own @page rules) and returns its bytes. */
export async function htmlToPdf(html: string): Promise<Buffer> {
  const chromium = await findChromium();
  if (!chromium)
    throw new NoChromiumError('no Chromium found (apt-get install chromium fonts-noto-cjk, or set CHROMIUM_PATH)');
  const dir = await mkdtemp(join(tmpdir(), 'rf-report-'));
  try {
    const page = join(dir, 'report.html');
    const pdf = join(dir, 'report.pdf');
    await writeFile(page, html, { mode: 0o600 });
    await run(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-pdf-header-footer',
        `--user-data-dir=${join(dir, 'profile')}`,
        `--print-to-pdf=${pdf}`,
        `file://${page}`,
      ],
      { timeout: 120_000 },
    );
    return await readFile(pdf);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
