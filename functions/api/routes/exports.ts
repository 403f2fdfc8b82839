// Export packages from the staff side: where each package's delivery stands (link sent, code sent, opened,
// downloaded, expired), and a new download link when the person's lapsed or its code entries ran out (the old link
// stops working; the code goes on its second channel again).
import { Hono } from 'hono';
import { RequestId } from '../../../domain/request/model.ts';
import { DOWNLOAD_RIGHTS, type DownloadRight, type GrantKind } from '../../shared/downloads/grant.ts';
import type { ApiDeps, AppEnv } from '../deps.ts';
import { conflict, notFound } from '../errors.ts';
import type { ApiOperations } from '../operations.ts';

export function exportRoutes(deps: ApiDeps, operations: () => Promise<ApiOperations>) {
  const { store } = deps;
  const app = new Hono<AppEnv>();

  // The delivery state of the current link of each package, read from its grant and the request's audit events (only
  // the current round's). No secret, code or file content: the file names are the package's own (no personal data).
  app.get('/:id/exports', async (c) => {
    const id = c.req.param('id');
    if (!RequestId.safeParse(id).success) throw notFound();
    const request = await store.getRequest(id);
    if (!request) throw notFound();
    const rights = DOWNLOAD_RIGHTS.filter((r) => request.rights.includes(r));
    // Portability to a company the person named: that company's own grant (rights' decide-transfer.ts).
    const kinds: GrantKind[] = request.rights.includes('portability') ? [...rights, 'transfer'] : rights;
    const grants = (await Promise.all(kinds.map((r) => store.getDownloadGrant(id, r)))).filter(
      (g): g is NonNullable<typeof g> => g !== undefined,
    );
    const events = grants.length > 0 ? await store.listEvents(id) : [];
    // The company's link and code go in letters of their own (no events of their own): read from the kept letters.
    const letters = grants.some((g) => g.right === 'transfer') ? await store.listLetters(id) : [];
    const letter = (kind: string) => letters.find((l) => l.kind === kind);
    const now = deps.clock.now().toISOString();
    const items = grants.map((g) => {
      const mine = events.filter((e) => e.data?.['right'] === g.right && e.data?.['round'] === g.round);
      const first = (type: string) => mine.find((e) => e.type === type);
      const transfer = g.right === 'transfer';
      // Round 1 goes in the reply; later rounds in a letter of their own (re-issue); the company's in its own letters.
      const link = transfer
        ? letter('transfer_link')
        : g.round === 1
          ? events.find((e) => e.type === 'reply_sent')
          : mine.find((e) => e.type === 'download_reissued');
      const codeLetter = transfer ? letter('transfer_code') : undefined;
      const codeEvent = transfer ? undefined : first('download_code_sent');
      const code = codeLetter
        ? { at: codeLetter.at, via: 'email' }
        : codeEvent && { at: codeEvent.at, via: codeEvent.data?.['via'] };
      const opened = first('download_opened');
      const files = mine.filter((e) => e.type === (transfer ? 'transfer_downloaded' : 'export_downloaded'));
      return {
        right: g.right,
        round: g.round,
        files: g.files,
        issuedAt: g.createdAt,
        expiresAt: g.expiresAt,
        expired: g.expiresAt <= now,
        codeEntries: { used: g.attempts, max: g.maxAttempts },
        ...(link && {
          linkSent: { at: link.at, mailed: 'mailed' in link ? link.mailed !== false : link.data?.['mailed'] !== false },
        }),
        ...(code && { codeSent: code }),
        ...(opened && { openedAt: opened.at }),
        ...(files.length > 0 && {
          downloaded: { firstAt: files[0]!.at, files: [...new Set(files.map((e) => String(e.data?.['file'])))] },
        }),
      };
    });
    return c.json({ requestId: id, items });
  });

  app.post('/:id/exports/:right/reissue', async (c) => {
    const id = c.req.param('id');
    const right = c.req.param('right') as DownloadRight;
    if (!RequestId.safeParse(id).success || !DOWNLOAD_RIGHTS.includes(right)) throw notFound();
    if (!(await store.getRequest(id))) throw notFound();
    if (!(await store.getDownloadGrant(id, right)))
      throw conflict('no_package', `this request has no ${right} package to send again`);
    const res = await (await operations()).reissueDownload(id, right, c.get('principal').user);
    return c.json({ requestId: id, right, ...res });
  });

  return app;
}
