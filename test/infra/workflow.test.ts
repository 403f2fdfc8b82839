// The deployed state machine runs exactly the ASL that `rightsflow asl` prints (and the local runtime executes), on
// the functions' published versions (an execution that waits for weeks keeps the code it started with).
import { beforeAll, expect, it } from 'vitest';
import { calendarFor } from '../../domain/calendar/files.ts';
import { addDays } from '../../domain/calendar/index.ts';
import { loadPolicy } from '../../domain/policy/load.ts';
import { verificationDueAt } from '../../functions/request-verification/window.ts';
import { placeholderFunctionArn, renderAsl, taskStateFunctions } from '../../workflows/render.ts';
import { MAX_WAIT_SECONDS } from '../../workflows/rights-request.ts';
import { resources, type Synthesized, synth } from './synth.ts';

let s: Synthesized;
beforeAll(() => {
  s = synth();
});

/** Rebuilds the definition from its Fn::Join, each function's GetAtt replaced by its placeholder ARN. */
function deployedDefinition(): unknown {
  const sm = resources(s.template, 'AWS::StepFunctions::StateMachine')[0]?.[1];
  if (!sm) throw new Error('no state machine');
  const fnByLogicalId = new Map(
    resources(s.template, 'AWS::Lambda::Function').map(([id, f]) => [
      id,
      String(f.Properties['FunctionName']).replace(/^rightsflow-prod-/, ''),
    ]),
  );
  // Each step is a published version (AWS::Lambda::Version → its function).
  const versionOf = new Map(
    resources(s.template, 'AWS::Lambda::Version').map(([id, v]) => [
      id,
      fnByLogicalId.get((v.Properties['FunctionName'] as { Ref: string }).Ref),
    ]),
  );
  const def = sm.Properties['DefinitionString'] as string | { 'Fn::Join': [string, unknown[]] };
  if (typeof def === 'string') return JSON.parse(def);
  const text = def['Fn::Join'][1]
    .map((part) => {
      if (typeof part === 'string') return part;
      const p = part as { 'Fn::GetAtt'?: [string, string]; Ref?: string };
      if (p.Ref === 'AWS::Partition') return 'aws';
      const version = p.Ref && versionOf.get(p.Ref);
      if (version) return placeholderFunctionArn(version);
      if (p['Fn::GetAtt']) throw new Error(`a step invokes $LATEST, not a version: ${JSON.stringify(part)}`);
      throw new Error(`unexpected part in the definition: ${JSON.stringify(part)}`);
    })
    .join('');
  return JSON.parse(text);
}

it('the deployed definition equals renderAsl() with real function ARNs in place of the placeholders', () => {
  const deployed = deployedDefinition() as ReturnType<typeof renderAsl>;
  const rendered = renderAsl();
  expect(deployed).toEqual(rendered);
  expect([...taskStateFunctions(deployed)]).toEqual([...taskStateFunctions(rendered)]);
});

it('the verification backstop outlasts the longest verification window of the calendar (M4: 20 days did not)', () => {
  const asl = renderAsl() as { States: Record<string, { TimeoutSeconds?: number }> };
  const backstop = asl.States['AwaitIdentityVerification']?.TimeoutSeconds ?? 0;
  const policy = loadPolicy();
  const calendar = calendarFor();
  // Every receipt day of 2025-2026 (official schedules), at the first instant of the day: the longest windows.
  for (let day = '2025-01-01'; day <= '2026-12-31'; day = addDays(day, 1)) {
    const receivedAt = new Date(`${day}T00:00:00+08:00`);
    const windowSeconds =
      (Date.parse(verificationDueAt(receivedAt.toISOString(), policy, calendar)) - receivedAt.getTime()) / 1000;
    expect(backstop, day).toBeGreaterThan(windowSeconds);
  }
  // The reviewer's case: a receipt on 2025-01-15 has a 21.6-day window (Spring Festival), over the old 20 days.
  expect(backstop).toBeGreaterThan(21.6 * 86_400);
  expect(backstop).toBeLessThan(MAX_WAIT_SECONDS);
});
