// The http connector protocol served over any CompanyDataSource: `POST <base>/<operation>` with the JSON arguments
// and a bearer token, answered with JSON (functions/shared/aws/company-http.ts is the client). This is how the dev
// stage in AWS reaches the sample company (infra/aws/sample-connector/handler.ts), the same port a real company
// implements, so the deployed functions never import the sample company.
import { timingSafeEqual } from 'node:crypto';
import type { CompanyDataSource } from '../../../functions/shared/ports.ts';

type Args = Record<string, unknown>;

const OPERATIONS: Record<string, (c: CompanyDataSource, a: Args) => Promise<unknown>> = {
  findCustomer: async (c, a) => ({ customerId: (await c.findCustomer(a as never))?.customerId }),
  describe: (c, a) => c.describe(String(a['customerId'])),
  export: (c, a) => c.export(String(a['customerId'])),
  // The client sends the options (bindingIds, basis) beside the arguments: passed on, or a narrowed erase would
  // erase every card.
  erase: (c, a) =>
    c.erase(String(a['customerId']), a['categories'] as never, a['mode'] as 'delete' | 'anonymise', {
      ...(Array.isArray(a['bindingIds']) ? { bindingIds: a['bindingIds'] as string[] } : {}),
    }),
  restrict: async (c, a) => {
    await c.restrict(String(a['customerId']), a['categories'] as never, String(a['until']), {
      ...(Array.isArray(a['bindingIds']) ? { bindingIds: a['bindingIds'] as string[] } : {}),
      ...(a['basis'] === 'person' || a['basis'] === 'hold' ? { basis: a['basis'] } : {}),
    });
    return {};
  },
  correct: async (c, a) => ({ fields: await c.correct(String(a['customerId']), a['changes'] as never) }),
  disputeHolds: async (c, a) => ({ disputes: await c.disputeHolds(String(a['customerId'])) }),
  restrictions: async (c, a) => ({ restrictions: await c.restrictions(String(a['customerId'])) }),
  quickPayBindings: async (c, a) => ({ bindings: await c.quickPayBindings(String(a['customerId'])) }),
  endQuickPay: async (c, a) => ({
    bindings: await c.endQuickPay(String(a['customerId']), a['bindingIds'] as string[], String(a['at'])),
  }),
  closeAccount: (c, a) => c.closeAccount(String(a['customerId']), String(a['at'])),
  stopMarketing: async (c, a) => {
    await c.stopMarketing(String(a['customerId']));
    return {};
  },
  openDisputes: async (c, a) => ({ count: await c.openDisputes(String(a['customerId'])) }),
  recipientsOf: async (c, a) => ({ partners: await c.recipientsOf(String(a['customerId'])) }),
  retentionAnchors: (c, a) => c.retentionAnchors(String(a['customerId'])),
  legalHolds: async (c, a) => ({ holds: await c.legalHolds(String(a['customerId'])) }),
};

export const CONNECTOR_OPERATIONS = Object.keys(OPERATIONS);

function sameToken(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A fetch handler answering the connector protocol for `source`; 401 without the token, 404 for unknown operations. */
export function serveCompanyConnector(
  source: CompanyDataSource,
  token: () => Promise<string>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const auth = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
    if (!sameToken(auth, await token())) return Response.json({ error: 'unauthorized' }, { status: 401 });
    if (request.method !== 'POST') return Response.json({ error: 'method not allowed' }, { status: 405 });
    const op = new URL(request.url).pathname.split('/').filter(Boolean).at(-1) ?? '';
    const run = OPERATIONS[op];
    if (!run) return Response.json({ error: `unknown operation ${op}` }, { status: 404 });
    let args: Args;
    try {
      args = (await request.json()) as Args;
    } catch {
      return Response.json({ error: 'body must be JSON' }, { status: 400 });
    }
    return Response.json((await run(source, args)) ?? {});
  };
}
