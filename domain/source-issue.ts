// A problem found in a data file operations or the privacy team edit (policy YAML, holiday schedule), located so
// that the person who edits the file can fix it: `policy/recipients.yaml:14: recipients[2].ackWindow…: message`.
export interface SourceIssue {
  file: string;
  line: number;
  field: string;
  message: string;
}

export function formatSourceIssue(i: SourceIssue): string {
  return `${i.file}:${i.line}: ${i.field ? `${i.field}: ` : ''}${i.message}`;
}
