// The single table's key schema, shared by the CDK stack (infra/aws) and the local runtime (infra/local),
// so that both create exactly the same table (docs/design.md §3 State).
export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
} as const;

/**
 * GSI1 "due by time": open requests by deadline (pk `OPEN`, sk `<deadlineAt>#<requestId>`) and durable timers of
 * waiting steps (pk `TIMER`, sk `<dueAt>#<taskId>`). The deadline sweep and the local timer loop query it; no Scan.
 * GSI2 "by subject": requests by the salted hash of the subject's identifiers (pk `SUBJ#<hash>`, sk `<receivedAt>#<id>`).
 */
export const TABLE_INDEXES = [
  { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
] as const;

export const DEFAULT_TABLE_NAME = 'rightsflow';

/**
 * The item attribute DynamoDB TTL reads (epoch seconds): items carrying it are deleted after that time. The stack
 * enables TTL on exactly this attribute; the store writes it where retention rules say an item expires.
 */
export const TTL_ATTRIBUTE = 'ttl';
