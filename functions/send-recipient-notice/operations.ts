// The partner-acknowledgement operation the API calls (POST /partner-ack/{token}); it lives with the waiting step
// it resumes (await-acknowledgements) and is re-exported here next to the token that the notice carries.
export { type PartnerAckResult, recordPartnerAck } from '../await-acknowledgements/operations.ts';
export { signAckToken, verifyAckToken } from './ack-token.ts';
