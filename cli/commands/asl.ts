// `rightsflow asl`: the RightsRequest state machine's ASL JSON, rendered from the one CDK definition.
import { renderAsl } from '../../workflows/render.ts';

export const summary = "the RightsRequest state machine's ASL JSON";

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write('usage: rightsflow asl\n  prints the state machine ASL (function ARNs are placeholders)\n');
    return 0;
  }
  process.stdout.write(`${JSON.stringify(renderAsl(), null, 2)}\n`);
  return 0;
}
