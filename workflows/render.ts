// Renders the workflow to plain ASL JSON (no CloudFormation tokens): what `rightsflow asl` prints and what the
// local runtime executes. Functions are placeholders `arn:aws:lambda:region:000000000000:function:rightsflow-<fn>`:
// ARN-shaped so asl-validator and aws-local-stepfunctions accept them with default (ARN-checking) validation.
import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { buildRightsRequestWorkflow, WORKFLOW_COMMENT, type WorkflowOptions } from './rights-request.ts';
import { WORKFLOW_FUNCTION_NAMES, type WorkflowFunctionName } from './steps.ts';

export const FUNCTION_NAME_PREFIX = 'rightsflow-';

export function placeholderFunctionArn(fn: string): string {
  return `arn:aws:lambda:region:000000000000:function:${FUNCTION_NAME_PREFIX}${fn}`;
}

export type Asl = {
  StartAt: string;
  States: Record<string, AslState>;
  Comment?: string;
  TimeoutSeconds?: number;
};
export type AslState = Record<string, unknown> & { Type: string };

/** Values of the pseudo parameters left in a resolved definition (only the partition is expected). */
const PSEUDO: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::URLSuffix': 'amazonaws.com' };

// Evaluates the few intrinsics CDK emits for a definition with no deployed resources; anything else is a bug.
function evaluate(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(evaluate);
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && keys[0] === 'Ref') {
    const value = PSEUDO[String(o['Ref'])];
    if (value === undefined) throw new Error(`unresolved Ref ${String(o['Ref'])} in the workflow definition`);
    return value;
  }
  if (keys.length === 1 && keys[0] === 'Fn::Join') {
    const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => String(evaluate(p))).join(sep);
  }
  if (keys.some((k) => k.startsWith('Fn::'))) throw new Error(`unresolved ${keys[0]} in the workflow definition`);
  return Object.fromEntries(keys.map((k) => [k, evaluate(o[k])]));
}

/** The workflow's ASL as plain JSON, built from the one CDK definition with placeholder function ARNs. */
export function renderAsl(opts: WorkflowOptions = {}): Asl {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'AslRender');
  const fns = Object.fromEntries(
    WORKFLOW_FUNCTION_NAMES.map((fn) => [
      fn,
      lambda.Function.fromFunctionAttributes(stack, `Fn-${fn}`, {
        functionArn: placeholderFunctionArn(fn),
        sameEnvironment: true,
      }),
    ]),
  ) as Record<WorkflowFunctionName, lambda.IFunction>;
  const { startState } = buildRightsRequestWorkflow(stack, fns, opts);
  const graph = new sfn.StateGraph(startState, WORKFLOW_COMMENT);
  const json = { ...graph.toGraphJson(), Comment: WORKFLOW_COMMENT };
  const resolved = evaluate(stack.resolve(json)) as Asl;
  const text = JSON.stringify(resolved);
  if (text.includes('${Token[')) throw new Error('unresolved token in the workflow definition');
  return resolved;
}

/** Child state machines of a Map (ItemProcessor or legacy Iterator) or Parallel state. */
export function nestedMachines(state: AslState): Asl[] {
  const out: Asl[] = [];
  for (const key of ['ItemProcessor', 'Iterator'] as const) {
    const m = state[key] as Asl | undefined;
    if (m?.States) out.push(m);
  }
  const branches = state['Branches'] as Asl[] | undefined;
  if (Array.isArray(branches)) out.push(...branches);
  return out;
}

/** Every state at every depth, with its name. */
export function allStates(asl: Asl): [string, AslState][] {
  const out: [string, AslState][] = [];
  for (const [name, state] of Object.entries(asl.States)) {
    out.push([name, state]);
    for (const child of nestedMachines(state)) out.push(...allStates(child));
  }
  return out;
}

/** The function a Task invokes, as its functions/ folder name: `…:function:rightsflow-load-request` → `load-request`. */
export function taskFunctionName(state: AslState): string | undefined {
  if (state.Type !== 'Task') return undefined;
  const params = state['Parameters'] as Record<string, unknown> | undefined;
  const ref = typeof params?.['FunctionName'] === 'string' ? params['FunctionName'] : state['Resource'];
  if (typeof ref !== 'string') return undefined;
  const m = /(?:^|:function:)([A-Za-z0-9_-]+)(?::[^:]+)?$/.exec(ref);
  const name = m?.[1];
  if (!name) return undefined;
  return name.startsWith(FUNCTION_NAME_PREFIX) ? name.slice(FUNCTION_NAME_PREFIX.length) : name;
}

/** Task state name → handler folder, walking nested Map/Parallel states (the local runtime keys handlers by state). */
export function taskStateFunctions(asl: Asl): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, state] of allStates(asl)) {
    const fn = taskFunctionName(state);
    if (fn) out.set(name, fn);
  }
  return out;
}
