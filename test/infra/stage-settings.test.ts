// Stage settings that production cannot do without: the company connector and the partners' real addresses.
// A prod synth with the sample company or placeholder addresses fails, naming the context key to set.
import { describe, expect, it } from 'vitest';
import { ENV } from '../../functions/shared/aws/env.ts';
import { FUNCTION_ACCESS, FUNCTION_NAMES } from '../../infra/aws/functions.ts';
import { PROD_SETTINGS, PROD_TOKEN_SECRET, resources, roleGrants, synth } from './synth.ts';

describe('prod stage settings', () => {
  it('fails synth with the sample company connector, naming rightsflow:companyConnector', () => {
    expect(() => synth({ 'rightsflow:companyConnector': 'sample' })).toThrow(/rightsflow:companyConnector=http/);
  });

  it('fails synth with placeholder partner addresses, naming rightsflow:recipientChannels and the partners', () => {
    expect(() => synth({ 'rightsflow:recipientChannels': '{}' })).toThrow(
      /rightsflow:recipientChannels for .*unionpay.*issuing_bank:ICBC/,
    );
  });

  it('fails synth for an http connector without its URL or token secret', () => {
    expect(() => synth({ 'rightsflow:companyConnectorTokenSecret': undefined })).toThrow(
      /rightsflow:companyConnectorTokenSecret/,
    );
    expect(() => synth({ 'rightsflow:stage': 'dev', 'rightsflow:companyConnectorUrl': undefined })).toThrow(
      /rightsflow:companyConnectorUrl/,
    );
  });

  it('fails synth when a stage would keep request mail longer than policy/request-records.yaml (PIPL art. 19)', () => {
    // The old default: 1,830 days "policy §4(5)", a clause about transaction records, not request mail (M4).
    expect(() => synth({ 'rightsflow:rawMailRetentionDays': '1830' })).toThrow(
      /rightsflow:rawMailRetentionDays=1830 keeps request mail longer than policy\/request-records.yaml allows \(300 days/,
    );
  });

  it('dev may use the sample company: deployed as its own connector behind the http port, with its own token', () => {
    const dev = synth({
      'rightsflow:stage': 'dev',
      'rightsflow:companyConnector': 'sample',
      'rightsflow:recipientChannels': '{}',
    });
    const connector = dev.stack.sampleConnector!;
    const lid = (c: { node: { defaultChild?: unknown } }) =>
      dev.stack.getLogicalId(c.node.defaultChild as Parameters<typeof dev.stack.getLogicalId>[0]);
    for (const fn of FUNCTION_NAMES) {
      const f = resources(dev.template, 'AWS::Lambda::Function').find(
        ([, r]) => r.Properties['FunctionName'] === `rightsflow-dev-${fn}`,
      )![1];
      const env = (f.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables;
      expect(env[ENV.companyConnector], fn).toBe('http');
      expect(JSON.stringify(env[ENV.companyUrl]), fn).toContain(lid(connector.url));
      expect(JSON.stringify(env[ENV.companyTokenSecret]), fn).toContain(lid(connector.token));
      // Not production: partner notices go to the privacy officer, never a real partner (M8).
      expect(env[ENV.partnerSink], fn).toBe('privacy-officer@lianlianpay.com');
    }
    // The workflow functions cannot touch the sample company's records: only its own function can.
    const table = lid(connector.table);
    for (const fn of FUNCTION_NAMES)
      for (const g of roleGrants(dev.template, lid(dev.stack.lambdas.fns[fn].role!)))
        expect(g.resource, fn).not.toContain(table);
  });

  it('prod with the settings synthesizes: http connector, channels, and GetSecretValue on that one secret only', () => {
    const s = synth();
    const channels = JSON.parse(PROD_SETTINGS['rightsflow:recipientChannels'] as string) as Record<string, unknown>;
    for (const [, f] of resources(s.template, 'AWS::Lambda::Function')) {
      if (!String(f.Properties['FunctionName'] ?? '').startsWith('rightsflow-prod-')) continue;
      const env = (f.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables;
      expect(env[ENV.companyConnector]).toBe('http');
      expect(env[ENV.companyUrl]).toBe(PROD_SETTINGS['rightsflow:companyConnectorUrl']);
      expect(env[ENV.companyTokenSecret]).toBe(PROD_TOKEN_SECRET);
      expect(env[ENV.companyToken]).toBeUndefined();
      expect(JSON.parse(String(env[ENV.recipientChannels]))).toEqual(channels);
    }
    const lid = (c: { node: { defaultChild?: unknown } }) =>
      s.stack.getLogicalId(c.node.defaultChild as Parameters<typeof s.stack.getLogicalId>[0]);
    for (const fn of FUNCTION_NAMES.filter((f) => FUNCTION_ACCESS[f].company)) {
      const grants = roleGrants(s.template, lid(s.stack.lambdas.fns[fn].role!)).filter((g) =>
        g.action.startsWith('secretsmanager:'),
      );
      expect(
        grants.map((g) => g.action),
        fn,
      ).toEqual(['secretsmanager:GetSecretValue']);
      expect(grants[0]?.resource, fn).toContain(`:secret:${PROD_TOKEN_SECRET}-??????`);
      expect(grants[0]?.resource, fn).not.toContain('*');
    }
  });
});
