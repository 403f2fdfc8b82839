// Export packages from the staff side: a new download link when the person's lapsed or its code entries ran out
// (the old link stops working; the code goes on its second channel again).
import { Hono } from 'hono';
import { RequestId } from '../../../domain/request/model.ts';
import { DOWNLOAD_RIGHTS, type DownloadRight } from '../../shared/downloads/grant.ts';
import type { ApiDeps, AppEnv } from '../deps.ts';
import { conflict, notFound } from '../errors.ts';
import type { ApiOperations } from '../operations.ts';

export function exportRoutes(deps: ApiDeps, operations: () => Promise<ApiOperations>) {
  const { store } = deps;
  const app = new Hono<AppEnv>();

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
