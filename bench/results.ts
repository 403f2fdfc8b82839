// `npm run bench`: every figure issue 14 asks for, in bench/results.json (exactly its keys, plus `detail`) and as a
// readable table with the targets. Figures depend on the machine and its load: the file records both.
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runBundles } from './bundles.ts';
import { runE2e, runEngineOverhead } from './e2e.ts';
import { runIntakeBench } from './intake.bench.ts';
import { runScale } from './scale.ts';

/**
 * AWS list prices, USD, us-east-1 (pages read 2026-11): Step Functions Standard $0.025 per 1,000 state transitions;
 * Lambda arm64 $0.0000133334 per GB-second and $0.20 per million requests; DynamoDB on-demand $0.625 per million
 * write request units and $0.125 per million read request units; SES $0.10 per 1,000 mails sent and $0.10 per
 * 1,000 received. SMS is not priced here (it depends on the destination and the sender registration).
 */
export const PRICES_USD = {
  stepFunctionsPerTransition: 0.025 / 1_000,
  lambdaPerGbSecondArm64: 0.0000133334,
  lambdaPerRequest: 0.2 / 1_000_000,
  dynamoPerWriteUnit: 0.625 / 1_000_000,
  dynamoPerReadUnit: 0.125 / 1_000_000,
  sesPerMailSent: 0.1 / 1_000,
  sesPerMailReceived: 0.1 / 1_000,
} as const;
/** infra/aws/constructs/lambdas.ts: memorySize 512 MB unless a function sets its own. */
export const LAMBDA_MEMORY_GB = 0.5;

export const TARGETS: Record<string, { op: '>=' | '<='; value: number }> = {
  e2eRequestsPerSecond: { op: '>=', value: 30 },
  apiCreatePerSecond: { op: '>=', value: 100 },
  stateTransitionsPerRequest: { op: '<=', value: 40 },
  dynamoReadsPerRequest: { op: '<=', value: 15 },
  dynamoWritesPerRequest: { op: '<=', value: 15 },
  awsCostPerRequestUsd: { op: '<=', value: 0.002 },
  maxBundleKb: { op: '<=', value: 300 },
  maxColdInitMs: { op: '<=', value: 150 },
  intakeEmailsPerSecond: { op: '>=', value: 200 },
  engineOverheadRatio: { op: '<=', value: 1.5 },
};

export interface BenchOptions {
  requests: number;
  clients: number;
  /** Table sizes for the queue and sweep figures (the keys are 1k and 100k). */
  scale: number[];
  out: string;
}

const label = (n: number) => (n >= 1000 ? `${Math.round(n / 1000)}k` : String(n));

export async function runAll(options: BenchOptions, say: (line: string) => void): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const machine = { cores: cpus().length, loadAverageAtStart: loadavg().map((l) => Number(l.toFixed(2))) };
  say(`machine: ${machine.cores} cores, load average ${machine.loadAverageAtStart.join(' ')}`);
  // Seconds per phase: the whole run must stay under 5 minutes on 2 cores (issue 14), so the file says where they go.
  const phaseSeconds: Record<string, number> = {};
  const phase = async <T>(name: string, line: string, run: () => Promise<T>): Promise<T> => {
    say(line);
    const t = performance.now();
    const out = await run();
    phaseSeconds[name] = Math.round((performance.now() - t) / 100) / 10;
    return out;
  };
  const intake = await phase('intake', 'intake (parse + classify)…', runIntakeBench);
  const e2e = await phase('e2e', `end to end: ${options.requests} requests, ${options.clients} clients…`, () =>
    runE2e({ requests: options.requests, clients: options.clients }),
  );
  const overhead = await phase('overhead', 'engine overhead (one request at a time)…', () => runEngineOverhead());
  const scale = await phase('scale', `queue and sweep at ${options.scale.map(label).join(', ')} requests…`, () =>
    runScale(options.scale),
  );
  const bundles = await phase('bundles', 'bundles (esbuild) and cold import…', runBundles);

  // Cost per request from the counts: transitions, Lambda time (step handlers as measured here, API and intake calls
  // at the median creation time), DynamoDB request units, mail in and out.
  const n = Math.max(1, e2e.requestsProcessed);
  const lambdaSeconds =
    e2e.handlerMsPerRequest / 1000 + (e2e.apiCallsPerRequest + e2e.emailsInPerRequest) * (e2e.apiCreateP50Ms / 1000);
  const cost = {
    stepFunctions: e2e.stateTransitionsPerRequest * PRICES_USD.stepFunctionsPerTransition,
    lambda:
      lambdaSeconds * LAMBDA_MEMORY_GB * PRICES_USD.lambdaPerGbSecondArm64 +
      e2e.lambdaInvocationsPerRequest * PRICES_USD.lambdaPerRequest,
    dynamo:
      (e2e.dynamo.writeUnits / n) * PRICES_USD.dynamoPerWriteUnit +
      (e2e.dynamo.readUnits / n) * PRICES_USD.dynamoPerReadUnit,
    ses: e2e.mailsOutPerRequest * PRICES_USD.sesPerMailSent + e2e.emailsInPerRequest * PRICES_USD.sesPerMailReceived,
  };
  const awsCostPerRequestUsd = Object.values(cost).reduce((a, b) => a + b, 0);

  const results: Record<string, unknown> = {
    requestsProcessed: e2e.requestsProcessed,
    e2eRequestsPerSecond: e2e.e2eRequestsPerSecond,
    e2eP50Seconds: e2e.e2eP50Seconds,
    e2eP95Seconds: e2e.e2eP95Seconds,
    apiCreatePerSecond: e2e.apiCreatePerSecond,
    apiCreateP95Ms: e2e.apiCreateP95Ms,
    stateTransitionsPerRequest: e2e.stateTransitionsPerRequest,
    lambdaInvocationsPerRequest: e2e.lambdaInvocationsPerRequest,
    dynamoReadsPerRequest: e2e.dynamoReadsPerRequest,
    dynamoWritesPerRequest: e2e.dynamoWritesPerRequest,
    awsCostPerRequestUsd: Number(awsCostPerRequestUsd.toPrecision(3)),
    maxBundleKb: bundles.maxBundleKb,
    bundleKb: bundles.bundleKb,
    maxColdInitMs: bundles.maxColdInitMs,
    intakeEmailsPerSecond: intake.emailsPerSecond,
    engineOverheadRatio: overhead.engineOverheadRatio,
    // Each key holds the figure at exactly its size, or null when this run did not fill the table that far
    // (detail.scale has every size measured).
    queueQueryMs1k: scale.queueQueryMs['1k'] ?? null,
    queueQueryMs100k: scale.queueQueryMs['100k'] ?? null,
    sweepMsPerRequest1k: scale.sweepMsPerRequest['1k'] ?? null,
    sweepMsPerRequest100k: scale.sweepMsPerRequest['100k'] ?? null,
    detail: {
      machine: { ...machine, loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))) },
      at: new Date().toISOString(),
      seconds: Math.round((performance.now() - t0) / 1000),
      phaseSeconds,
      scaleSizes: options.scale,
      e2e,
      overhead,
      intake,
      scale,
      bundles: {
        coldInitMs: bundles.coldInitMs,
        sdkImportMs: bundles.sdkImportMs,
        largestInputs: bundles.largestInputs,
        bundleKbWithSdk: bundles.bundleKbWithSdk,
        maxBundleKbWithSdk: bundles.maxBundleKbWithSdk,
      },
      costUsdPerRequest: Object.fromEntries(Object.entries(cost).map(([k, v]) => [k, Number(v.toPrecision(3))])),
      prices: PRICES_USD,
      lambdaMemoryGb: LAMBDA_MEMORY_GB,
    },
  };
  await writeFile(options.out, `${JSON.stringify(results, null, 2)}\n`);
  printTable(results, say);
  say(`written: ${options.out} (${Math.round((performance.now() - t0) / 1000)} s)`);
  return results;
}

function printTable(results: Record<string, unknown>, say: (line: string) => void): void {
  const rows: [string, string, string, string][] = [];
  for (const [key, value] of Object.entries(results)) {
    if (key === 'detail' || (typeof value === 'object' && value !== null)) continue;
    const target = TARGETS[key];
    const met =
      target && typeof value === 'number'
        ? (target.op === '>=' ? value >= target.value : value <= target.value)
          ? 'yes'
          : 'NO'
        : '';
    rows.push([key, String(value), target ? `${target.op} ${target.value}` : '', met]);
  }
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  say('');
  say(`${'figure'.padEnd(w[0]!)}  ${'value'.padStart(w[1]!)}  ${'target'.padEnd(w[2]!)}  met`);
  for (const r of rows) say(`${r[0].padEnd(w[0]!)}  ${r[1].padStart(w[1]!)}  ${r[2].padEnd(w[2]!)}  ${r[3]}`);
  say('');
}

export const DEFAULT_RESULTS_FILE = fileURLToPath(new URL('./results.json', import.meta.url));
