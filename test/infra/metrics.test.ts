// M2: the alarms watch exactly what the code emits. CloudWatch matches a metric by namespace, name and dimensions;
// this test takes the EMF line the functions' own emitter (lambdaMetrics) writes and joins it with every alarm on
// a rightsflow metric in the synthesized template. (The old code emitted `deadline_breached` under `rightsflow`
// with a `step` dimension while the alarm watched `DeadlinesMissed` under `Rightsflow`: it could never fire.)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { lambdaMetrics } from '../../functions/shared/aws/aws-deps.ts';
import { METRIC, METRICS_NAMESPACE } from '../../functions/shared/metrics.ts';
import { resources, type Synthesized, synth } from './synth.ts';

let s: Synthesized;
beforeAll(() => {
  s = synth();
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

interface Emf {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
  [k: string]: unknown;
}

/** Emits `name` through the functions' emitter and returns the EMF document it wrote. */
async function emitted(name: string): Promise<Emf> {
  vi.stubEnv('POWERTOOLS_DEV', 'true'); // Powertools then writes through console.log
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
  const { metrics, flush } = await lambdaMetrics();
  metrics.count(name);
  flush();
  const doc = lines.map((l) => JSON.parse(l) as Emf).find((d) => d._aws);
  if (!doc) throw new Error(`no EMF line for ${name}`);
  return doc;
}

describe('metrics and alarms', () => {
  it('every alarm on a rightsflow metric matches, in namespace, name and dimensions, what the code emits', async () => {
    const alarms = resources(s.template, 'AWS::CloudWatch::Alarm')
      .map(([, a]) => a.Properties)
      .filter((p) => p['Namespace'] === METRICS_NAMESPACE);
    expect(alarms.map((a) => a['MetricName']).sort()).toEqual(
      [
        METRIC.deadlineMissed,
        METRIC.mailNotDelivered,
        METRIC.partnerListFailed,
        METRIC.provisionalDeadlineEarlier,
        METRIC.scheduleMissing,
        METRIC.timersFiredBySweep,
      ].sort(),
    );
    for (const alarm of alarms) {
      const name = String(alarm['MetricName']);
      const emf = await emitted(name);
      const directive = emf._aws.CloudWatchMetrics[0]!;
      expect(directive.Namespace, name).toBe(alarm['Namespace']);
      expect(
        directive.Metrics.map((m) => m.Name),
        name,
      ).toEqual([name]);
      // The alarm's dimensions are exactly one emitted dimension set, with the emitted values.
      const dims = alarm['Dimensions'] as { Name: string; Value: string }[];
      expect(directive.Dimensions, name).toContainEqual(dims.map((d) => d.Name));
      expect(directive.Dimensions, name).toHaveLength(1);
      for (const d of dims) expect(emf[d.Name], `${name}: ${d.Name}`).toBe(d.Value);
      expect(emf[name], name).toBe(1);
    }
  });

  it('every alarmed metric is emitted by the code through the one list (a stray spelling leaves the alarm deaf)', () => {
    const code = readdirSync('functions', { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(join('functions', f), 'utf8'))
      .join('\n');
    const alarmed = resources(s.template, 'AWS::CloudWatch::Alarm')
      .map(([, a]) => a.Properties)
      .filter((p) => p['Namespace'] === METRICS_NAMESPACE)
      .map((p) => String(p['MetricName']));
    for (const name of alarmed) {
      const key = Object.entries(METRIC).find(([, v]) => v === name)?.[0];
      expect(key, name).toBeDefined();
      const emittedThroughList = new RegExp(`metrics\\??\\.count\\(METRIC\\.${key}\\b`).test(code);
      expect(emittedThroughList, `${name}: no metrics.count(METRIC.${key}) in functions/`).toBe(true);
      // A literal spelling of the same name beside it would be a second definition.
      expect(new RegExp(`count\\(['"\`]${name}['"\`]`).test(code), `${name} spelled out in functions/`).toBe(false);
    }
  });

  it('the names the code uses come from the one list (no stray spelling to alarm on)', () => {
    const names = Object.values(METRIC);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[A-Z][A-Za-z]+$/);
  });
});
