// The RightsRequest state machine (Standard), from the one definition in workflows/rights-request.ts.
import { RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import {
  buildRightsRequestWorkflow,
  WORKFLOW_COMMENT,
  type WorkflowOptions,
} from '../../../workflows/rights-request.ts';
import type { WorkflowFunctionName } from '../../../workflows/steps.ts';

export class Workflow extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(
    scope: Construct,
    id: string,
    props: {
      fns: Record<WorkflowFunctionName, lambda.IFunction>;
      stateMachineName: string;
      logKey: kms.IKey;
      logRetentionDays: number;
      retain: boolean;
      options?: WorkflowOptions;
    },
  ) {
    super(scope, id);
    const { definitionBody } = buildRightsRequestWorkflow(this, props.fns, props.options);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${props.stateMachineName}`,
      encryptionKey: props.logKey,
      retention: props.logRetentionDays as logs.RetentionDays,
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.stateMachine = new sfn.StateMachine(this, 'RightsRequest', {
      stateMachineName: props.stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody,
      comment: WORKFLOW_COMMENT,
      tracingEnabled: true,
      // Every transition logged; execution data (inputs/outputs) stays out of the logs.
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
  }
}
