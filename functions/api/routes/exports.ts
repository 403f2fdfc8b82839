// Export packages from the staff side: where each package's delivery stands (link sent, code sent, opened,
// downloaded, expired), and a new download link when the person's lapsed or its code entries ran out (the old link
// stops working; the code goes on its second channel again).
import { Hono } from 'hono';
import { RequestId } from '../../../domain/request/model.ts';
import { DOWNLOAD_RIGHTS, type DownloadRight } from '../../shared/downloads/grant.ts';
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
    const grants = (await Promise.all(rights.map((r) => store.getDownloadGrant(id, r)))).filter(
      (g): g is NonNullable<typeof g> => g !== undefined,
    );
    const events = grants.length > 0 ? await store.listEvents(id) : [];
    const now = deps.clock.now().toISOString();
    const items = grants.map((g) => {
      const mine = events.filter((e) => e.data?.['right'] === g.right && e.data?.['round'] === g.round);
      const first = (type: string) => mine.find((e) => e.type === type);
      // Round 1 goes in the reply; later rounds in a letter of their own (re-issue).
      const link =
        g.round === 1 ? events.find((e) => e.type === 'reply_sent') : mine.find((e) => e.type === 'download_reissued');
      const code = first('download_code_sent');
      const opened = first('download_opened');
      const files = mine.filter((e) => e.type === 'export_downloaded');
      return {
        right: g.right,
        round: g.round,
        files: g.files,
        issuedAt: g.createdAt,
        expiresAt: g.expiresAt,
        expired: g.expiresAt <= now,
        codeEntries: { used: g.attempts, max: g.maxAttempts },
        ...(link && { linkSent: { at: link.at, mailed: link.data?.['mailed'] !== false } }),
        ...(code && { codeSent: { at: code.at, via: code.data?.['via'] } }),
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
