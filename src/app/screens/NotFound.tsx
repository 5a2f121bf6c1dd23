import { useT } from '../i18n';
import { Link } from '../router';
import { href } from '../routes';

/** A path no screen has (routes.ts): says so, with the way home. */
export default function NotFound() {
  const t = useT();
  return (
    <section data-testid="not-found">
      <h1>{t.notFound}</h1>
      <p className="muted">{t.notFoundHint}</p>
      <Link to={href('home')} className="btn big link-btn" data-testid="not-found-home">
        {t.goHome}
      </Link>
    </section>
  );
}
