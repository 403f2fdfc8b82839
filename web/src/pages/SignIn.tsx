// Sign-in: a local user's password, or the identity provider (AWS).
import { type FormEvent, useState } from 'react';
import { ApiFailure, type Me } from '../api.ts';
import { type ConsoleConfig, passwordSignIn, startOidcSignIn } from '../auth.ts';
import { useT } from '../i18n.ts';

export function SignIn(props: { config: ConsoleConfig; onSignedIn(me: Me): void; onToggleLang(): void }) {
  const t = useT();
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      props.onSignedIn(await passwordSignIn(user.trim(), password));
    } catch (err) {
      setError(
        err instanceof ApiFailure && err.status === 429
          ? t('tooManyAttempts')
          : err instanceof ApiFailure && err.status === 401
            ? t('badCredentials')
            : t('error'),
      );
    } finally {
      setBusy(false);
    }
  }

  const { config } = props;
  return (
    <div className="signin">
      <div className="card signin-card">
        <div className="signin-head">
          <div>
            <h1>{t('appName')}</h1>
            <p className="muted">{t('appSub')}</p>
          </div>
          <button type="button" className="link" onClick={props.onToggleLang}>
            {t('language')}
          </button>
        </div>
        <h2>{t('signInTitle')}</h2>
        {config.auth === 'none' ? (
          <p className="alert warn">{t('noSignIn')}</p>
        ) : config.auth === 'oidc' ? (
          <button type="button" className="primary wide" onClick={() => void startOidcSignIn(config)}>
            {t('signInOidc')}
          </button>
        ) : (
          <form onSubmit={submit}>
            <label>
              {t('user')}
              <input
                name="user"
                autoComplete="username"
                value={user}
                onChange={(e) => setUser(e.target.value)}
                required
                // biome-ignore lint/a11y/noAutofocus: the sign-in page has one job
                autoFocus
              />
            </label>
            <label>
              {t('password')}
              <input
                name="password"
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                required
              />
            </label>
            {error && (
              <p className="alert error" role="alert">
                {error}
              </p>
            )}
            <button type="submit" className="primary wide" disabled={busy}>
              {busy ? t('signingIn') : t('signIn')}
            </button>
            <p className="muted small">{t('signInHint')}</p>
          </form>
        )}
      </div>
    </div>
  );
}
