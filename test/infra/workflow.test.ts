// The deployed state machine runs exactly the ASL that `rightsflow asl` prints (and the local runtime executes).
import { beforeAll, expect, it } from 'vitest';
import { placeholderFunctionArn, renderAsl, taskStateFunctions } from '../../workflows/render.ts';
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
  const def = sm.Properties['DefinitionString'] as string | { 'Fn::Join': [string, unknown[]] };
  if (typeof def === 'string') return JSON.parse(def);
  const text = def['Fn::Join'][1]
    .map((part) => {
      if (typeof part === 'string') return part;
      const p = part as { 'Fn::GetAtt'?: [string, string]; Ref?: string };
      if (p.Ref === 'AWS::Partition') return 'aws';
      const fn = p['Fn::GetAtt'] && fnByLogicalId.get(p['Fn::GetAtt'][0]);
      if (fn && p['Fn::GetAtt']?.[1] === 'Arn') return placeholderFunctionArn(fn);
      throw new Error(`unexpected part in the definition: ${JSON.stringify(part)}`);
    })
    .join('');
  return JSON.parse(text);
}

it('the deployed definition equals renderAsl() with real function ARNs in place of the placeholders', () => {
  const deployed = deployedDefinition() as ReturnType<typeof renderAsl>;
  const rendered = renderAsl({ verificationTimeoutSeconds: 1_728_000 });
  expect(deployed).toEqual(rendered);
  expect([...taskStateFunctions(deployed)]).toEqual([...taskStateFunctions(rendered)]);
});

it('the stage verification window reaches the waiting task', () => {
  const dev = synth({ 'rightsflow:stage': 'dev', 'rightsflow:verificationTimeoutSeconds': 900_000 });
  const sm = resources(dev.template, 'AWS::StepFunctions::StateMachine')[0]?.[1];
  expect(JSON.stringify(sm?.Properties['DefinitionString'])).toContain('\\"TimeoutSeconds\\":900000');
});
