// cdk-nag AwsSolutions on the whole stack: no unacknowledged finding, and every acknowledgment says why.
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, expect, it } from 'vitest';
import { nagAcknowledgments } from '../../infra/aws/nag-suppressions.ts';
import { type Synthesized, synth } from './synth.ts';

let s: Synthesized;
beforeAll(() => {
  // Synthesis runs the cdk-nag plugin (an unacknowledged finding throws); CDK's CloudFormation schema validation
  // is left to `cdk synth` (seconds of WASM per synth).
  s = synth();
});

it('AwsSolutions reports no unacknowledged error or warning', () => {
  const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(s.stack);
  const findings = report.violations.map(
    (v) =>
      `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath ?? r.resourceLogicalId).join(', ')}`,
  );
  expect(findings).toEqual([]);
  expect(report.success).toBe(true);
});

it('the check would catch a finding (acknowledgments are not blanket)', async () => {
  const { Stack } = await import('aws-cdk-lib');
  const s3 = await import('aws-cdk-lib/aws-s3');
  const bare = new s3.Bucket(s.stack as unknown as InstanceType<typeof Stack>, 'NagProbe');
  const report = new AwsSolutionsChecks(undefined, {}).validateScope(bare);
  expect(report.violations.map((v) => v.ruleName)).toEqual(
    expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']),
  );
});

it('every acknowledgment carries a specific reason (printed for the review)', () => {
  const acks = nagAcknowledgments();
  expect(acks.length).toBeGreaterThan(0);
  const summary = new Map<string, { reason: string; paths: string[] }>();
  for (const a of acks) {
    expect(a.reason.length, `${a.path} ${a.id}`).toBeGreaterThan(40);
    const key = `${a.id.replace(/<[^>]+>/g, '<…>')}`;
    const entry = summary.get(key + a.reason) ?? { reason: a.reason, paths: [] };
    entry.paths.push(a.path.replace(/^Rightsflow-prod\//, ''));
    summary.set(key + a.reason, entry);
  }
  const lines = [...summary.entries()].map(
    ([k, v]) => `- ${k.slice(0, k.length - v.reason.length)} ×${v.paths.length}: ${v.reason}`,
  );
  console.log(`cdk-nag acknowledgments (${acks.length}):\n${lines.join('\n')}`);
  const perResource = new Set(acks.map((a) => `${a.path}|${a.id}`));
  expect(perResource.size).toBe(acks.length);
});

it('synthesis passes CDK validation (cdk-nag plugin) and writes the acknowledgments into the template metadata', () => {
  const json = JSON.stringify(s.template.toJSON());
  expect(json).toContain('"cdk_nag"');
  expect(json).toContain('AwsSolutions-L1');
});
