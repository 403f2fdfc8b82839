// A copy whose export is sealed in the blob store but not yet delivered is not "completed": the reply is
// partially_completed and says truthfully that the file will be provided separately, with the request number.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { step as fulfilRight } from '../../../functions/fulfil-right/step.ts';
import { step as sendReply } from '../../../functions/send-reply/step.ts';
import { type Db, startDb } from '../store/fixture.ts';
import { harness } from './harness.ts';

let db: Db;
beforeAll(async () => {
  db = await startDb();
});
afterAll(async () => {
  await db?.stop();
});

describe('copy: export prepared, delivery pending', () => {
  it('replies partially_completed with a pending-delivery note naming the request', async () => {
    const h = await harness(db);
    const r = await h.create({ rights: ['copy'], verification: { level: 'strong', method: 'hotline_staff' } });
    await h.run(fulfilRight, { requestId: r.id, right: 'copy' });
    expect(await h.run(sendReply, { requestId: r.id })).toEqual({ outcome: 'partially_completed' });
    const text = h.mailer.byKind('reply')[0]?.text ?? '';
    expect(text).toContain(`导出文件已生成，尚未交付；我们将通过安全方式另行提供（请求编号 ${r.id}）`);
    expect(text).not.toContain('13800001234');
  });
});
