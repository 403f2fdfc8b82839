// The console's sign-in settings in AWS come from the API function's environment; incomplete settings fail at
// cold start with the variable names, never silently fall back to a password form.
import { describe, expect, it } from 'vitest';
import { CONSOLE_ENV, consoleConfigFromEnv } from '../../../functions/api/console-config.ts';

const cognito = {
  [CONSOLE_ENV.issuer]: 'https://cognito-idp.ap-east-1.amazonaws.com/ap-east-1_Abc',
  [CONSOLE_ENV.clientId]: 'client123',
  [CONSOLE_ENV.authorizationEndpoint]: 'https://rightsflow-prod.auth.ap-east-1.amazoncognito.com/oauth2/authorize',
  [CONSOLE_ENV.tokenEndpoint]: 'https://rightsflow-prod.auth.ap-east-1.amazoncognito.com/oauth2/token',
  [CONSOLE_ENV.logoutEndpoint]: 'https://rightsflow-prod.auth.ap-east-1.amazoncognito.com/logout',
};

describe('consoleConfigFromEnv', () => {
  it('is undefined without an issuer (no OIDC configured)', () => {
    expect(consoleConfigFromEnv({})).toBeUndefined();
  });

  it('reads the OIDC endpoints, scopes default to openid email profile', () => {
    expect(consoleConfigFromEnv(cognito)).toEqual({
      auth: 'oidc',
      issuer: cognito[CONSOLE_ENV.issuer],
      clientId: 'client123',
      authorizationEndpoint: cognito[CONSOLE_ENV.authorizationEndpoint],
      tokenEndpoint: cognito[CONSOLE_ENV.tokenEndpoint],
      logoutEndpoint: cognito[CONSOLE_ENV.logoutEndpoint],
      scopes: ['openid', 'email', 'profile'],
    });
    expect(consoleConfigFromEnv({ ...cognito, [CONSOLE_ENV.scopes]: 'openid groups' })?.auth).toBe('oidc');
  });

  it('names the missing or non-https variables', () => {
    const { [CONSOLE_ENV.tokenEndpoint]: _t, ...noToken } = cognito;
    expect(() => consoleConfigFromEnv(noToken)).toThrow(CONSOLE_ENV.tokenEndpoint);
    expect(() =>
      consoleConfigFromEnv({ ...cognito, [CONSOLE_ENV.authorizationEndpoint]: 'http://insecure.example/authorize' }),
    ).toThrow(CONSOLE_ENV.authorizationEndpoint);
  });
});
