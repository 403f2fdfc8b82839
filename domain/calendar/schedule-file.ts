// policy/holidays.yaml: official yearly schedules that operations add without a release (each November the
// 国务院办公厅 publishes next year's notice). This file parses the YAML and finds each field's line; the rules are in
// schedule-data.ts, shared with the JSON forms (a Lambda bundle carries no YAML parser).
import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { YearSchedule } from './official.ts';
import { ScheduleFileError, validateSchedules } from './schedule-data.ts';

export { formatScheduleIssue, ScheduleFileError, type ScheduleIssue } from './schedule-data.ts';

/**
 * The YAML node at a path (the value node, or the key node when `wantKey`). For a missing field, the key of
 * the map that lacks it (e.g. the `2027:` line), else the nearest existing parent.
 */
function nodeAt(doc: ReturnType<typeof parseDocument>, path: readonly PropertyKey[], wantKey = false): Node | null {
  let node: unknown = doc.contents;
  let found = isNode(node) ? node : null;
  let parentKey: Node | null = null;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return parentKey ?? found;
      if (wantKey && i === path.length - 1 && isNode(pair.key)) return pair.key;
      parentKey = isNode(pair.key) ? pair.key : null;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      parentKey = null;
    } else {
      return found;
    }
    if (isNode(node)) found = node;
    else return parentKey ?? found;
  }
  return found;
}

/** Parses the schedule file's text; throws ScheduleFileError naming file, line and field of every problem. */
export function parseScheduleFile(text: string, file: string): YearSchedule[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ScheduleFileError(
      doc.errors.map((e) => ({
        file,
        line: lineCounter.linePos(e.pos[0]).line,
        field: '',
        message: `YAML 语法错误 / YAML syntax: ${e.message.split('\n')[0]}`,
      })),
    );
  }
  const lineOf = (path: readonly PropertyKey[], wantKey = false) => {
    const node = nodeAt(doc, path, wantKey);
    return node?.range ? lineCounter.linePos(node.range[0]).line : 1;
  };
  return validateSchedules(doc.toJS() ?? {}, file, lineOf);
}
