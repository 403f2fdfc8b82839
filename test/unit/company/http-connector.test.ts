// The http company connector: legal holds come from POST <base>/legalHolds with the bearer token.
import { describe, expect, it } from 'vitest';
import { createHttpCompanySource } from '../../../functions/shared/aws/company-http.ts';

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
