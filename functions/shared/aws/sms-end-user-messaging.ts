// SmsSender over AWS End User Messaging SMS (pinpoint-sms-voice-v2 SendTextMessage), where the region offers it.
// Transactional route; the origination identity (a phone number, pool or registered sender ID) and the configuration
// set (delivery events) come from the stage. Mainland China destinations need a registered sender and templates;
// where End User Messaging is not offered (the aws-cn partition) the company's own gateway is used (sms-webhook.ts).
import type { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { OutgoingSms, SmsSender } from '../ports.ts';
import { type ClientSource, clientOf } from './lazy.ts';

export interface EndUserMessagingOptions {
  originationIdentity: string;
  configurationSetName?: string;
  protectConfigurationId?: string;
}

export function createEndUserMessagingSms(
  client: ClientSource<PinpointSMSVoiceV2Client>,
  options: EndUserMessagingOptions,
): SmsSender {
  return {
    async send(sms: OutgoingSms) {
      const { SendTextMessageCommand } = await import('@aws-sdk/client-pinpoint-sms-voice-v2');
      const res = await (await clientOf(client)).send(
        new SendTextMessageCommand({
          DestinationPhoneNumber: sms.to,
          OriginationIdentity: options.originationIdentity,
          MessageBody: sms.text,
          MessageType: 'TRANSACTIONAL',
          // A code is useless after its validity: do not deliver it later than that (seconds; the service's minimum is 5).
          TimeToLive: 1_800,
          // Delivery events carry these back: no personal data, only what the evidence needs.
          Context: { kind: sms.kind, ...(sms.requestId ? { requestId: sms.requestId } : {}) },
          ...(options.configurationSetName ? { ConfigurationSetName: options.configurationSetName } : {}),
          ...(options.protectConfigurationId ? { ProtectConfigurationId: options.protectConfigurationId } : {}),
        }),
      );
      if (!res.MessageId) throw new Error('End User Messaging returned no MessageId');
      return { messageId: res.MessageId };
    },
  };
}
