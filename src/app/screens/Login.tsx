import { useEffect, useState, type FormEvent } from 'react';
import { dataLayer, whenIdle } from '../data-layer';
import { useT } from '../i18n';
import { useSession } from '../stores/session';
import { navigate } from '../router';
import { href } from '../routes';

export default function Login() {
  const t = useT();
  const previous = useSession((s) => s.profile);
  const [username, setUsername] = useState(previous?.username ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The data layer is not needed to show this screen: it loads once the screen is up.
  useEffect(() => whenIdle(() => void dataLayer()), []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const result = await (await dataLayer()).signIn(username.trim(), password);
      if (result.ok) {
        setPassword('');
        navigate(href('home'), { replace: true });
        return;
      }
      const messages = {
        invalid_credentials: t.errInvalid,
        account_disabled: t.errDisabled,
        // The server's own message is English: the code picks the dictionary's words.
        too_many_attempts: t.errTooMany,
        offline: previous ? t.errOfflineAgain : t.errOffline,
        server: t.errServer,
      } as const;
      setError(messages[result.reason]);
    } catch {
      setError(t.errServer);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={(e) => void submit(e)} data-testid="login-form">
      <h1>{t.loginTitle}</h1>
      <label className="field">
        <span>{t.username}</span>
        <input
          data-testid="login-username"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
      </label>
      <label className="field">
        <span>{t.password}</span>
        <input
          data-testid="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      {error && (
        <p className="error-text" role="alert" data-testid="login-error">
          {error}
        </p>
      )}
      <button type="submit" className="btn primary" data-testid="login-submit" disabled={busy}>
        {busy ? t.loggingIn : t.signIn}
      </button>
      {previous && (
        <button type="button" className="btn" onClick={() => navigate(href('home'), { replace: true })}>
          {t.back}
        </button>
      )}
    </form>
  );
}
