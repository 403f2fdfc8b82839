// The company's policy as data: schemas, loader and stage overrides.
export {
  clearPolicyCache,
  DEFAULT_POLICY_DIR,
  formatIssue,
  loadPolicy,
  PolicyError,
  type PolicyIssue,
  parsePolicy,
  parsePolicyYaml,
  readPolicyFiles,
} from './load.ts';
export { withRecipientChannels } from './overrides.ts';
export * from './schema.ts';
