// Operations: deferred-deletion schedule group, the hourly deadline sweep, alarms to the privacy officer.
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, POWERTOOLS_SERVICE } from './lambdas.ts';

/** Metric the sweep emits (Powertools metrics: namespace, default dimension `service`) for each breached deadline. */
export const MISSED_DEADLINES_METRIC = 'DeadlinesMissed';

export class ScheduleGroup extends Construct {
  readonly groupName: string;
  constructor(scope: Construct, id: string, props: { groupName: string }) {
    super(scope, id);
    new scheduler.CfnScheduleGroup(this, 'Group', { name: props.groupName });
    this.groupName = props.groupName;
  }
}

export class Operations extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(
    scope: Construct,
    id: string,
    props: {
      key: kms.IKey;
      privacyOfficerEmail: string;
      sweep: lambda.IFunction;
      stateMachine: sfn.IStateMachine;
      /** Dead-letter queues by function name. */
      dlqs: Record<string, sqs.IQueue>;
    },
  ) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'PrivacyOfficerAlarms', {
      displayName: 'rightsflow alarms 个人信息权利请求告警',
      masterKey: props.key,
      enforceSSL: true,
    });
    this.topic.addSubscription(new subs.EmailSubscription(props.privacyOfficerEmail));

    new events.Rule(this, 'HourlySweep', {
      description: 'rightsflow: deadline sweep (working days 10 and 13, breaches) and durable timers',
      schedule: events.Schedule.rate(Duration.hours(1)),
      targets: [new targets.LambdaFunction(props.sweep, { retryAttempts: 2, maxEventAge: Duration.hours(1) })],
    });

    const notify = new cwActions.SnsAction(this.topic);
    const alarm = (name: string, metric: cloudwatch.IMetric, description: string) => {
      const a = new cloudwatch.Alarm(this, name, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      a.addAlarmAction(notify);
      this.alarms.push(a);
      return a;
    };
    const fiveMinutes = { period: Duration.minutes(5), statistic: 'Sum' };
    alarm(
      'ExecutionsFailed',
      props.stateMachine.metricFailed(fiveMinutes),
      'A rights request workflow failed (RecordFailure opened a human task). 权利请求流程失败。',
    );
    alarm(
      'ExecutionsTimedOut',
      props.stateMachine.metricTimedOut(fiveMinutes),
      'A rights request workflow timed out. 权利请求流程超时。',
    );
    for (const [fn, q] of Object.entries(props.dlqs)) {
      alarm(
        `DlqDepth-${fn}`,
        q.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        `${fn}: an asynchronous invocation failed after its retries and is in the dead-letter queue. 异步调用失败。`,
      );
    }
    alarm(
      'DeadlinesMissed',
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: MISSED_DEADLINES_METRIC,
        dimensionsMap: { service: POWERTOOLS_SERVICE },
        ...fiveMinutes,
        period: Duration.hours(1),
      }),
      'A rights request passed its 15-working-day deadline. 权利请求已超过法定答复期限。',
    );
  }
}
