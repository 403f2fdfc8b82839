// Seeds the sample company into the rightsflow table once. A marker item written last makes re-seeding a
// no-op, so records that a deletion removed never come back on restart.
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { batchWrite } from './dynamo.ts';
import { generateSampleCompany } from './generate.ts';
import { DEFAULT_INDEX_KEY, holdItemsOf, indexItemsOf, itemsOf, SEED_MARKER } from './items.ts';

export interface SeedOptions {
  customers: number;
  seed: number;
  /** HMAC key of the identifier index; SampleCompany must be given the same one. */
  indexKey?: string;
  asOf?: string;
}

export interface SeedResult {
  seeded: boolean;
  customers: number;
  items: number;
}

export async function seedSampleCompany(
  client: DynamoDBDocumentClient,
  tableName: string,
  options: SeedOptions,
): Promise<SeedResult> {
  const marker = await client.send(new GetCommand({ TableName: tableName, Key: SEED_MARKER, ConsistentRead: true }));
  if (marker.Item) {
    return {
      seeded: false,
      customers: Number(marker.Item['customers'] ?? 0),
      items: Number(marker.Item['items'] ?? 0),
    };
  }
  const indexKey = options.indexKey ?? DEFAULT_INDEX_KEY;
  const customers = generateSampleCompany(options);
  // Puts are deterministic overwrites: a seed interrupted half-way is simply redone on the next start.
  const items = customers.flatMap((c) => [...itemsOf(c), ...indexItemsOf(c, indexKey), ...holdItemsOf(c)]);
  await batchWrite(
    client,
    tableName,
    items.map((Item) => ({ PutRequest: { Item } })),
    8,
  );
  await client.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...SEED_MARKER,
        customers: customers.length,
        items: items.length,
        seed: options.seed,
        seededAt: new Date().toISOString(),
      },
    }),
  );
  return { seeded: true, customers: customers.length, items: items.length };
}
