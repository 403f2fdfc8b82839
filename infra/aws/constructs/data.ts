// The single table (functions/shared/table-schema.ts is the schema shared with the local runtime). The classic
// Table (not TableV2) so that the stack also synthesizes region-agnostic with a customer-managed key.
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { Policy } from '../../../domain/policy/schema.ts';
import { TABLE_INDEXES, TABLE_KEYS, TTL_ATTRIBUTE } from '../../../functions/shared/table-schema.ts';

/** The table's PITR window: the `dynamodb_pitr` backup plan of policy/settings.yaml. */
export function pitrDays(policy: Pick<Policy, 'settings'>): number {
  const plan = policy.settings.backups.plans.find((p) => p.kind === 'dynamodb_pitr');
  if (!plan) throw new Error('policy/settings.yaml backups.plans has no dynamodb_pitr plan: the table keeps PITR');
  return plan.retentionDays;
}

export class DataTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(
    scope: Construct,
    id: string,
    props: { key: kms.IKey; prod: boolean; tableName: string; pitrDays: number },
  ) {
    super(scope, id);
    const attr = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    this.table = new dynamodb.Table(this, 'Table', {
      tableName: props.tableName,
      partitionKey: attr(TABLE_KEYS.partitionKey),
      sortKey: attr(TABLE_KEYS.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      // The window is policy data (policy/settings.yaml backups.plans, dynamodb_pitr): the isolation list's purge-by
      // dates are computed from the same number, so a restore can never bring back data past its purge-by date.
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: props.pitrDays },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.key,
      deletionProtection: props.prod,
      removalPolicy: props.prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      timeToLiveAttribute: TTL_ATTRIBUTE,
    });
    for (const ix of TABLE_INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: ix.indexName,
        partitionKey: attr(ix.partitionKey),
        sortKey: attr(ix.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
  }
}
