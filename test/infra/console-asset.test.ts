// The API function carries the staff console: its bundling builds web/ into the asset (Vite, through the CLI) and
// its environment says where; no other function gets the console.
import { describe, expect, it } from 'vitest';
import { bundling, consoleBuildCommand } from '../../infra/aws/constructs/bundling.ts';
import { resources, synth } from './synth.ts';

describe('the console in the API function', () => {
  it('only the API bundle runs the console build after bundling', () => {
    const hooks = (o: ReturnType<typeof bundling>) => o.commandHooks!.afterBundling('/src', '/asset');
    expect(hooks(bundling({ console: true }))).toContain(consoleBuildCommand('/src', '/asset'));
    expect(consoleBuildCommand('/src', '/asset')).toBe('node "/src/bin/rightsflow.js" build-console "/asset/web"');
    expect(hooks(bundling())).not.toContain(consoleBuildCommand('/src', '/asset'));
  });

  it('the API function is told where the console is; the others are not', () => {
    const { template } = synth();
    const env = (name: string) => {
      const found = resources(template, 'AWS::Lambda::Function').find(
        ([, f]) => f.Properties['FunctionName'] === `rightsflow-prod-${name}`,
      );
      return (found![1].Properties['Environment'] as { Variables: Record<string, unknown> }).Variables;
    };
    expect(env('api')['RIGHTSFLOW_CONSOLE_DIR']).toBe('/var/task/web');
    expect(env('send-reply')['RIGHTSFLOW_CONSOLE_DIR']).toBeUndefined();
  });
});
