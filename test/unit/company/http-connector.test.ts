// The http company connector: legal holds come from POST <base>/legalHolds with the bearer token.
import { describe, expect, it } from 'vitest';
import { createHttpCompanySource } from '../../../functions/shared/aws/company-http.ts';
import type { CompanyDataSource } from '../../../functions/shared/ports.ts';
import { serveCompanyConnector } from '../../../infra/local/company/http-server.ts';

describe('http company connector', () => {
  it('asks for legal holds and returns them', async () => {
    const calls: { url: string; body: unknown; auth: string | null }[] = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      calls.push({
        url,
        body: JSON.parse(String(init.body)),
        auth: new Headers(init.headers).get('authorization'),
      });
      return new Response(JSON.stringify({ holds: [{ kind: 'regulator', since: '2026-10-01T00:00:00Z' }] }));
    }) as typeof fetch;
    const company = createHttpCompanySource({ baseUrl: 'https://c.example.com/rf/', token: 't0k', fetch: fakeFetch });
    expect(await company.legalHolds('C1')).toEqual([{ kind: 'regulator', since: '2026-10-01T00:00:00Z' }]);
    expect(calls).toEqual([
      { url: 'https://c.example.com/rf/legalHolds', body: { customerId: 'C1' }, auth: 'Bearer t0k' },
    ]);
  });

  it('fails the step when the connector errors (never "no holds"): 5xx/429 retryable, other statuses final', async () => {
    const answering = (status: number) =>
      createHttpCompanySource({
        baseUrl: 'https://c.example.com',
        token: 't',
        fetch: (async () => new Response('down', { status })) as unknown as typeof fetch,
      });
    await expect(answering(503).legalHolds('C1')).rejects.toMatchObject({ name: 'Company.Unavailable' });
    await expect(answering(429).legalHolds('C1')).rejects.toMatchObject({ name: 'Company.Unavailable' });
    await expect(answering(400).legalHolds('C1')).rejects.toMatchObject({ name: 'Company.ConnectorError' });
    await expect(answering(403).legalHolds('C1')).rejects.toMatchObject({ name: 'Company.ConnectorError' });
  });

  it('reads the bearer token on the first call only (Secrets Manager in AWS), not at cold start', async () => {
    let reads = 0;
    const seen: string[] = [];
    const company = createHttpCompanySource({
      baseUrl: 'https://c.example.com',
      token: async () => {
        reads++;
        return 'lazy-token';
      },
      fetch: (async (_u: string, init: RequestInit) => {
        seen.push(String((init.headers as Record<string, string>)['authorization']));
        return Response.json({ count: 0 });
      }) as unknown as typeof fetch,
    });
    expect(reads).toBe(0);
    await company.openDisputes('C1');
    expect(seen).toEqual(['Bearer lazy-token']);
  });
});

describe('the connector protocol end to end (the dev stage: client → http-server → a company)', () => {
  /** A company that records what each operation was called with and answers something recognisable. */
  function recordingCompany() {
    const calls: [string, unknown[]][] = [];
    const binding = {
      bindingId: 'B1',
      cardLast4: '0047',
      issuingBank: 'issuing_bank:ICBC',
      clearing: ['nucc'],
      merchant: 'M1',
      boundAt: '2025-01-01T00:00:00Z',
      status: 'active' as const,
    };
    const sharing = {
      id: 'sharing:unionpay',
      scope: 'sharing' as const,
      recipients: ['unionpay'],
      since: '2026-11-02T00:00:00Z',
      liftedAt: null,
    };
    const answers: { [K in keyof CompanyDataSource]: Awaited<ReturnType<CompanyDataSource[K]>> } = {
      findCustomer: { customerId: 'C1' },
      describe: [{ category: 'identity', records: 2 }],
      export: { identity: [{ name: 'x' }] },
      erase: { transactions: 3 },
      restrict: undefined,
      stopMarketing: undefined,
      withdrawConsent: { active: false },
      correct: [{ field: 'phone', category: 'contact', status: 'applied' }],
      openDisputes: 1,
      disputeHolds: [{ disputeId: 'D1', openedAt: '2026-11-01T00:00:00Z', categories: ['support'] }],
      restrictions: [{ categories: ['marketing'], until: null, since: '2026-11-02T00:00:00Z' }],
      restrictProcessing: { restriction: sharing, active: true },
      liftRestriction: { ...sharing, liftedAt: '2026-12-01T00:00:00Z' },
      processingRestrictions: [sharing],
      quickPayBindings: [binding],
      endQuickPay: [{ ...binding, status: 'cancelled', endedAt: '2026-11-28T00:00:00Z' }],
      closeAccount: { closedAt: '2026-11-28T00:00:00Z', bindingsEnded: [] },
      recipientsOf: ['nucc', 'unionpay'],
      retentionAnchors: { relationshipEndedAt: '2026-01-01T00:00:00Z' },
      legalHolds: [{ kind: 'regulator', since: '2026-10-01T00:00:00Z' }],
    };
    const company = Object.fromEntries(
      Object.entries(answers).map(([op, answer]) => [
        op,
        async (...args: unknown[]) => {
          calls.push([op, args]);
          return answer;
        },
      ]),
    ) as unknown as CompanyDataSource;
    return { company, calls, answers };
  }

  it('every operation of the port reaches the company with its arguments and comes back as answered', async () => {
    const { company, calls, answers } = recordingCompany();
    const serve = serveCompanyConnector(company, async () => 'tok');
    const client = createHttpCompanySource({
      baseUrl: 'https://connector.example.com/rf',
      token: 'tok',
      fetch: ((url: string, init: RequestInit) => serve(new Request(url, init))) as unknown as typeof fetch,
    });
    const asked: { [K in keyof CompanyDataSource]: Parameters<CompanyDataSource[K]> } = {
      findCustomer: [{ idNumber: '110105198703142318', phone: '13800138000' }],
      describe: ['C1'],
      export: ['C1'],
      erase: ['C1', ['transactions'], 'anonymise', { bindingIds: ['B1'], consentScope: 'profiling' }],
      restrict: ['C1', ['marketing'], '2027-01-01', { basis: 'person' }],
      stopMarketing: ['C1'],
      withdrawConsent: ['C1', 'profiling'],
      correct: ['C1', [{ field: 'phone', value: '13900139000' }]],
      openDisputes: ['C1'],
      disputeHolds: ['C1'],
      restrictions: ['C1'],
      restrictProcessing: ['C1', 'sharing', ['unionpay'], '2026-11-02T00:00:00Z'],
      liftRestriction: ['C1', 'sharing:unionpay', '2026-12-01T00:00:00Z'],
      processingRestrictions: ['C1'],
      quickPayBindings: ['C1'],
      endQuickPay: ['C1', ['B1'], '2026-11-28T00:00:00Z'],
      closeAccount: ['C1', '2026-11-28T00:00:00Z'],
      recipientsOf: ['C1'],
      retentionAnchors: ['C1'],
      legalHolds: ['C1'],
    };
    for (const op of Object.keys(asked) as (keyof CompanyDataSource)[]) {
      const answer = await (client[op] as (...a: unknown[]) => Promise<unknown>)(...asked[op]);
      expect(answer, op).toEqual(answers[op]);
    }
    expect(Object.fromEntries(calls)).toEqual(asked);
  });

  it('an operation the port does not have, or a prototype key, is a 404 (never a crash)', async () => {
    const serve = serveCompanyConnector(recordingCompany().company, async () => 'tok');
    for (const op of ['dropTable', 'constructor', '__proto__', 'toString']) {
      const res = await serve(
        new Request(`https://c.example.com/rf/${op}`, {
          method: 'POST',
          headers: { authorization: 'Bearer tok' },
          body: '{}',
        }),
      );
      expect(res.status, op).toBe(404);
    }
  });
});
