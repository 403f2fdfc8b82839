// B2: the receipt rule set is activated at deploy time and deactivated on delete, never silently replacing
// another active set (only one is active per account and region).
import { DescribeActiveReceiptRuleSetCommand, SESClient, SetActiveReceiptRuleSetCommand } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { onEvent } from '../../../infra/aws/custom-resources/receipt-rule-set.ts';

const ses = mockClient(SESClient);
beforeEach(() => {
  ses.reset();
  ses.on(SetActiveReceiptRuleSetCommand).resolves({});
});
afterAll(() => ses.restore());
const active = (name?: string) =>
  ses.on(DescribeActiveReceiptRuleSetCommand).resolves(name ? { Metadata: { Name: name } } : {});
const props = (replace = false) => ({ RuleSetName: 'rightsflow-prod', ReplaceActive: String(replace) });
const sets = () => ses.commandCalls(SetActiveReceiptRuleSetCommand).map((c) => c.args[0].input.RuleSetName ?? null);

describe('receipt rule set activation', () => {
  it('activates ours when none is active', async () => {
    active();
    await onEvent({ RequestType: 'Create', ResourceProperties: props() }, new SESClient({}));
    expect(sets()).toEqual(['rightsflow-prod']);
  });

  it('refuses to replace another active set, naming it and the key that allows it', async () => {
    active('corporate-inbound');
    await expect(onEvent({ RequestType: 'Create', ResourceProperties: props() }, new SESClient({}))).rejects.toThrow(
      /"corporate-inbound" is active.*rightsflow:replaceActiveRuleSet=true/,
    );
    expect(sets()).toEqual([]);
    const res = await onEvent({ RequestType: 'Update', ResourceProperties: props(true) }, new SESClient({}));
    expect(sets()).toEqual(['rightsflow-prod']);
    expect(res.Data).toEqual({ PreviouslyActive: 'corporate-inbound' });
  });

  it('does nothing when ours is already active', async () => {
    active('rightsflow-prod');
    await onEvent({ RequestType: 'Update', ResourceProperties: props() }, new SESClient({}));
    expect(sets()).toEqual([]);
  });

  it('deactivates ours on delete, and leaves a set someone activated since', async () => {
    active('rightsflow-prod');
    await onEvent(
      { RequestType: 'Delete', PhysicalResourceId: 'rightsflow-prod', ResourceProperties: props() },
      new SESClient({}),
    );
    expect(sets()).toEqual([null]);
    ses.reset();
    active('someone-else');
    await onEvent(
      { RequestType: 'Delete', PhysicalResourceId: 'rightsflow-prod', ResourceProperties: props() },
      new SESClient({}),
    );
    expect(ses.commandCalls(SetActiveReceiptRuleSetCommand)).toHaveLength(0);
  });
});
