// Operations (issue 11 §5): the stage in every physical name (M8), the optional VPC (M7), the holiday schedule
// operations load without a redeploy, and the table's TTL attribute (M9, stack side).
import { describe, expect, it } from 'vitest';
import { FUNCTION_NAMES } from '../../infra/aws/functions.ts';
import { holidaysParameterName } from '../../infra/aws/rightsflow-stack.ts';
import { resources, roleGrants, synth } from './synth.ts';

const physicalNames = (s: ReturnType<typeof synth>) => {
  const out: string[] = [];
  for (const [, r] of Object.entries(
    s.template.toJSON()['Resources'] as Record<string, { Type: string; Properties?: Record<string, unknown> }>,
  )) {
    const p = r.Properties ?? {};
    for (const k of [
      'AliasName',
      'TableName',
      'FunctionName',
      'StateMachineName',
      'Name',
      'RuleSetName',
      'LogGroupName',
      'SecretName',
    ])
      if (typeof p[k] === 'string' && !(r.Type === 'AWS::Lambda::Alias' && k === 'Name'))
        out.push(`${r.Type} ${p[k] as string}`);
  }
  return out;
};

describe('two stages in one account and region (M8)', () => {
  it('every KMS alias carries the stage', () => {
    const prod = synth();
    const aliases = resources(prod.template, 'AWS::KMS::Alias').map(([, a]) => a.Properties['AliasName']);
    expect(aliases.sort()).toEqual(
      ['fields', 'ops', 'storage', 'subject-hash', 'table'].map((k) => `alias/rightsflow/prod/${k}`).sort(),
    );
  });

  it('dev and prod share no physical name (aliases, table, functions, state machine, schedule groups, rule set)', () => {
    const prod = new Set(physicalNames(synth()).filter((n) => !n.startsWith('AWS::Lambda::Alias')));
    const dev = physicalNames(
      synth({
        'rightsflow:stage': 'dev',
        'rightsflow:domain': 'rights-dev.lianlianpay.com',
        'rightsflow:privacyMailbox': 'privacy@rights-dev.lianlianpay.com',
        'rightsflow:senderAddress': 'privacy@rights-dev.lianlianpay.com',
      }),
    ).filter((n) => !n.startsWith('AWS::Lambda::Alias'));
    expect(dev.length).toBeGreaterThan(20);
    expect(dev.filter((n) => prod.has(n))).toEqual([]);
  });
});

describe('optional VPC for an internal company connector (M7)', () => {
  it('puts every function in the given subnets and security groups, with the network-interface grant', () => {
    const s = synth({
      'rightsflow:vpcSubnetIds': 'subnet-0a1b2c3d,subnet-4e5f6a7b',
      'rightsflow:vpcSecurityGroupIds': 'sg-0123456789abcdef0',
    });
    const fns = resources(s.template, 'AWS::Lambda::Function').filter(([, f]) =>
      String(f.Properties['FunctionName'] ?? '').startsWith('rightsflow-prod-'),
    );
    expect(fns).toHaveLength(FUNCTION_NAMES.length);
    for (const [, f] of fns)
      expect(f.Properties['VpcConfig']).toEqual({
        SubnetIds: ['subnet-0a1b2c3d', 'subnet-4e5f6a7b'],
        SecurityGroupIds: ['sg-0123456789abcdef0'],
      });
    const lid = s.stack.getLogicalId(s.stack.lambdas.fns['check-exceptions'].role!.node.defaultChild as never);
    expect(roleGrants(s.template, lid).map((g) => g.action)).toContain('ec2:CreateNetworkInterface');
  });

  it('without subnets nothing is attached', () => {
    for (const [, f] of resources(synth().template, 'AWS::Lambda::Function'))
      expect(f.Properties['VpcConfig']).toBeUndefined();
  });
});

describe('holiday schedule loaded at run time', () => {
  it('every function reads the stage parameter, and may read only it', () => {
    const s = synth();
    const name = holidaysParameterName('prod');
    for (const fn of FUNCTION_NAMES) {
      const lid = s.stack.getLogicalId(s.stack.lambdas.fns[fn].role!.node.defaultChild as never);
      const grants = roleGrants(s.template, lid).filter((g) => g.action.startsWith('ssm:'));
      expect(
        grants.map((g) => g.action),
        fn,
      ).toEqual(['ssm:GetParameter']);
      expect(grants[0]?.resource, fn).toContain(`:parameter${name}`);
    }
  });
});

describe('retention (M9, stack side)', () => {
  it('the table expires items by the attribute the store writes', async () => {
    const { TTL_ATTRIBUTE } = await import('../../functions/shared/table-schema.ts');
    synth().template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    });
  });
});
