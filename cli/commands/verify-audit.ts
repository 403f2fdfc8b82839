// `rightsflow verify-audit <request id> [--json]`: recomputes the request's audit chain and checks its head against
// the copy anchored outside the table. Exit 0 "intact" with the head hash; exit 1 with the first edited, inserted or
// removed event; exit 2 on a usage error.
import { parseArgs } from 'node:util';
import { REQUEST_ID_PATTERN } from '../../domain/request/model.ts';
import { describeAudit, verifyRequestAudit } from '../../functions/evidence/verify-audit.ts';
import { withLocalData } from '../local-data.ts';

export const summary = 'verify a request’s hash-chained audit trail';

const USAGE = `usage: rightsflow verify-audit <request id> [--json]
  Recomputes the request's hash chain (data in $DATA_DIR, default .rightsflow; works with or without npm start
  running) and compares its head with the one anchored outside the table when the request closed.
  exit 0: intact (the head hash is printed)   exit 1: tampered (the first edited, inserted or removed event)
  --json   print the full verdict as JSON
`;

export async function run(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (e) {
    process.stderr.write(`rightsflow verify-audit: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const id = positionals[0];
  if (positionals.length !== 1 || !id || !REQUEST_ID_PATTERN.test(id)) {
    process.stderr.write(`rightsflow verify-audit: give one request number like RF-20261125-7K3QZ8\n\n${USAGE}`);
    return 2;
  }
  return withLocalData('verify-audit', async (data) => {
    const report = await verifyRequestAudit(data.deps, id);
    if (report.length === 0) {
      process.stderr.write(`rightsflow verify-audit: no events for ${id} (unknown request?)\n`);
      if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
      return 1;
    }
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${describeAudit(report)}\n`);
    return report.intact ? 0 : 1;
  });
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
  });
}
