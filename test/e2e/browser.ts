// Debian's Chromium driven by playwright-core (never a downloaded browser), with the flags this machine needs:
// no sandbox as root, and no background networking (the network is closed; Chromium would keep trying).
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const VIEWPORT = { width: 1440, height: 900 };
/** Where screenshots go: CI keeps this folder as an artifact (gitignored). */
export const SHOTS_DIR =
  process.env['RIGHTSFLOW_SCREENSHOTS_DIR'] ?? join(process.cwd(), 'test-artifacts', 'screenshots');

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A 1440×900 screenshot of the page; with RIGHTSFLOW_DOCS_SCREENSHOTS=1 also copied to docs/screenshots/. */
export async function shot(page: Page, name: string, options: { keepScroll?: boolean } = {}): Promise<void> {
  await mkdir(SHOTS_DIR, { recursive: true });
  const file = join(SHOTS_DIR, `${name}.png`);
  // The page as staff first see it (top), once its web fonts have loaded. Runs in the browser (hence the cast).
  await page.evaluate((keep) => {
    const w = globalThis as unknown as {
      scrollTo(x: number, y: number): void;
      document: { fonts: { ready: Promise<unknown> } };
    };
    if (!keep) w.scrollTo(0, 0);
    return w.document.fonts.ready;
  }, options.keepScroll ?? false);
  await page.screenshot({ path: file });
  if (process.env['RIGHTSFLOW_DOCS_SCREENSHOTS'] === '1') {
    const docs = join(process.cwd(), 'docs', 'screenshots');
    await mkdir(docs, { recursive: true });
    await copyFile(file, join(docs, `${name}.png`));
  }
}
