// Deploy-time custom resource: makes the stage's SES receipt rule set the active one (CloudFormation cannot), and
// deactivates it again on delete. Only one rule set is active per account and region, so activating ours would
// silently stop whatever else receives mail there: unless told (`replaceActive`, from rightsflow:replaceActiveRuleSet),
// it refuses, and the deploy fails naming the set that is active.
import { DescribeActiveReceiptRuleSetCommand, SESClient, SetActiveReceiptRuleSetCommand } from '@aws-sdk/client-ses';

export interface RuleSetEvent {
  RequestType: 'Create' | 'Update' | 'Delete';
  PhysicalResourceId?: string;
  ResourceProperties: { RuleSetName: string; ReplaceActive?: string | boolean };
}

export async function onEvent(event: RuleSetEvent, ses: SESClient = new SESClient({})) {
  const name = event.ResourceProperties.RuleSetName;
  const replace = String(event.ResourceProperties.ReplaceActive) === 'true';
  const active = (await ses.send(new DescribeActiveReceiptRuleSetCommand({}))).Metadata?.Name;
  if (event.RequestType === 'Delete') {
    // Only our own set is switched off; another set activated since stays as it is.
    if (active === name) await ses.send(new SetActiveReceiptRuleSetCommand({}));
    return { PhysicalResourceId: event.PhysicalResourceId ?? name };
  }
  if (active && active !== name && !replace)
    throw new Error(
      `SES receipt rule set "${active}" is active in this account and region; activating "${name}" would stop it. ` +
        'Move its rules or set rightsflow:replaceActiveRuleSet=true.',
    );
  if (active !== name) await ses.send(new SetActiveReceiptRuleSetCommand({ RuleSetName: name }));
  return { PhysicalResourceId: name, Data: { PreviouslyActive: active ?? '' } };
}

export const handler = (event: RuleSetEvent) => onEvent(event);
