// `rightsflow restore-guard [--since <ISO time>] [--json]`: after the company's data or the rightsflow table was
// restored from a backup, erases again what deleted requests erased (and restricts again what they held), for every
// isolation entry still inside its purge-by date. Locally it acts on the sample company in $DATA_DIR.
import { parseArgs } from 'node:util';
import { runRestoreGuard } from '../../functions/restore-guard/guard.ts';
import { withLocalData } from '../local-data.ts';

export const summary = 're-apply deletions after a restore from backup';

const USAGE = `usage: rightsflow restore-guard [--since <ISO time>] [--json]
  Run after restoring the company's data (or the rightsflow table) from a backup. Every deletion whose backup
  purge-by date has not passed is applied again; each request whose data had come back gets an audit event.
  Safe to run more than once. Data in $DATA_DIR (default .rightsflow), with or without npm start running.
  --since <ISO time>   the restore point: only deletions recorded from then on (earlier ones are in the backup too)
  --json               print the result as JSON
`;

export async function run(args: string[]): Promise<number> {
  let values: { since?: string; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      options: {
        since: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    process.stderr.write(`rightsflow restore-guard: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.since !== undefined && Number.isNaN(Date.parse(values.since))) {
    process.stderr.write(`rightsflow restore-guard: --since must be an ISO time, e.g. 2026-11-20T00:00:00Z\n`);
    return 2;
  }
  return withLocalData('restore-guard', async (data) => {
    const since = values.since ? new Date(values.since).toISOString() : undefined;
    const r = await runRestoreGuard(data.deps, since ? { since } : {});
    if (values.json) {
      process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    } else {
      const lines = [
        `restore guard ${r.at}${r.since ? ` (restore point ${r.since})` : ''}: ${r.entries} live isolation entr${r.entries === 1 ? 'y' : 'ies'}`,
        ...r.reapplied.map((x) => {
          const counts = Object.entries(x.counts)
            .filter(([, n]) => (n ?? 0) > 0)
            .map(([c, n]) => `${c} ${n}`)
            .join(', ');
          const how = x.legalHold ? 'restricted (legal hold: privacy officer to decide)' : 'erased again';
          return `  ${x.requestId}: ${how}: ${counts}${x.offTableOnly ? ' [from the off-table list]' : ''}`;
        }),
        `  ${r.unchanged} already gone, ${r.reapplied.length} re-applied${r.unresolved.length ? `, ${r.unresolved.length} without a customer reference: ${r.unresolved.join(', ')}` : ''}`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    return r.unresolved.length > 0 ? 1 : 0;
  });
}
