// Operations: schedule groups, the hourly deadline sweep, alarms to the privacy officer. Alarms on rightsflow's own
// metrics use the one definition in functions/shared/metrics.ts (namespace, name, dimensions), which the code emits.
import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
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
import { METRIC, METRIC_DIMENSIONS, METRICS_NAMESPACE, type MetricName } from '../../../functions/shared/metrics.ts';

/** A rightsflow metric exactly as the code emits it (Powertools EMF): the alarms watch these. */
export function rightsflowMetric(name: MetricName, period = Duration.hours(1)): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { ...METRIC_DIMENSIONS },
    statistic: 'Sum',
    period,
  });
}

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
      sweepTimeoutSeconds: number;
      /** Every rightsflow function: errors and throttles are alarmed per function. */
      functions: lambda.IFunction[];
      api: apigw.IHttpApi;
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

    // Every 15 minutes: a run continues from its checkpoint, or starts anew (functions/sweep/sweep.ts).
    new events.Rule(this, 'Sweep', {
      description: 'rightsflow: deadline sweep (escalation digest, breaches, stalled starts, late timers)',
      schedule: events.Schedule.rate(Duration.minutes(15)),
      targets: [new targets.LambdaFunction(props.sweep, { retryAttempts: 2, maxEventAge: Duration.hours(1) })],
    });

    const notify = new cwActions.SnsAction(this.topic);
    const alarm = (
      name: string,
      metric: cloudwatch.IMetric,
      description: string,
      threshold = 1,
      evaluationPeriods = 1,
    ) => {
      const a = new cloudwatch.Alarm(this, name, {
        metric,
        threshold,
        evaluationPeriods,
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
      rightsflowMetric(METRIC.deadlineMissed),
      'A rights request passed its 15-working-day reply deadline. 权利请求已超过答复期限。',
    );
    alarm(
      'MailNotDelivered',
      rightsflowMetric(METRIC.mailNotDelivered, Duration.minutes(15)),
      'A letter bounced or was reported as spam: the request shows it and a staff task is open. 邮件未能送达。',
    );
    alarm(
      'ScheduleMissing',
      rightsflowMetric(METRIC.scheduleMissing),
      'An official holiday schedule that deadlines depend on is not loaded (docs/deploy.md). 节假日安排缺失。',
    );
    alarm(
      'ProvisionalDeadlineEarlier',
      rightsflowMetric(METRIC.provisionalDeadlineEarlier),
      'A newly loaded holiday schedule made a provisional reply deadline earlier than promised: tell the person, reply sooner. 临时期限提前。',
    );
    alarm(
      'TimersFiredBySweep',
      rightsflowMetric(METRIC.timersFiredBySweep),
      "A waiting step's timer was fired late by the sweep, not by its own schedule. 定时器延迟触发。",
    );
    // One failed run is retried 15 minutes later (a throttled send); two runs in a row is a list that keeps failing.
    alarm(
      'PartnerDailyListFailing',
      rightsflowMetric(METRIC.partnerListFailed, Duration.minutes(15)),
      "A partner's daily list of notices failed in two sweep runs in a row; its notices wait and their acknowledgement windows run (sweep logs name the partner). 合作方每日通知汇总连续发送失败。",
      1,
      2,
    );
    alarm(
      'Api5xx',
      props.api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      'The staff API answered 5xx. 接口服务错误。',
    );
    for (const fn of props.functions) {
      const id = fn.node.id;
      alarm(
        `Errors-${id}`,
        fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        `${id}: invocations failed (after a workflow retry a request may end in RecordFailure). 函数调用失败。`,
      );
      alarm(
        `Throttles-${id}`,
        fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
        `${id}: invocations throttled (account concurrency). 函数调用被限流。`,
      );
    }
    // The sweep is checkpointed and continues in a new invocation near its limit: a run near the timeout means the
    // continuation is not keeping up.
    alarm(
      'SweepDuration',
      props.sweep.metricDuration({ period: Duration.minutes(5), statistic: 'Maximum' }),
      'The deadline sweep ran close to its timeout. 期限巡检接近超时。',
      props.sweepTimeoutSeconds * 1000 * 0.8,
    );
  }
}
