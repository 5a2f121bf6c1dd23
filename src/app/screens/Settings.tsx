import { useState } from 'react';
import { ROLE_LABELS } from '../../domain/roles';
import { pendingFor } from '../controller';
import { signOut } from '../sync/app-sync';
import { useLang, useT } from '../i18n';
import { useSession } from '../stores/session';
import { useUi } from '../stores/ui';
import { navigate } from '../router';
import { href } from '../routes';

export default function Settings() {
  const t = useT();
  const lang = useLang();
  const profile = useSession((s) => s.profile);
  const setLanguage = useUi((s) => s.setLanguage);
  const [warnCount, setWarnCount] = useState<number | null>(null);

  async function doSignOut() {
    await signOut();
    navigate(href('home'), { replace: true });
  }

  async function requestSignOut() {
    const pending = profile ? await pendingFor(profile.id) : 0;
    if (pending > 0) setWarnCount(pending);
    else await doSignOut();
  }

  return (
    <section>
      <h1>{profile?.displayName}</h1>
      <p className="muted">
        {profile?.username} · {t.role}: {profile ? ROLE_LABELS[profile.role][lang] : ''}
      </p>
      <div className="field">
        <span>{t.language}</span>
        <div className="segmented" role="group" aria-label={t.language}>
          <button
            type="button"
            data-testid="lang-zh"
            aria-pressed={lang === 'zh'}
            className={lang === 'zh' ? 'btn active' : 'btn'}
            onClick={() => setLanguage('zh')}
          >
            中文
          </button>
          <button
            type="button"
            data-testid="lang-en"
            aria-pressed={lang === 'en'}
            className={lang === 'en' ? 'btn active' : 'btn'}
            onClick={() => setLanguage('en')}
          >
            English
          </button>
        </div>
      </div>
      {warnCount !== null ? (
        <div className="banner warn confirm" data-testid="logout-warning">
          <p>{t.logoutWarn(warnCount)}</p>
          <div className="actions">
            <button type="button" className="btn" onClick={() => setWarnCount(null)}>
              {t.cancel}
            </button>
            <button type="button" className="btn danger" data-testid="logout-confirm" onClick={() => void doSignOut()}>
              {t.logout}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="btn danger" data-testid="logout" onClick={() => void requestSignOut()}>
          {t.logout}
        </button>
      )}
    </section>
  );
}
