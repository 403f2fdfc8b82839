// What a withdrawal of consent or a restriction covers, read from the request.
export { namedRecipients, type RestrictionRequest, readConsentScopes, readRestriction } from './read.ts';
