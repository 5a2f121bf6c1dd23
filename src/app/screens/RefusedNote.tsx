import type { Shadowed } from '../db/database';
import { useLang, useT } from '../i18n';
import { rejectionText } from '../rejection-text';
import { navigate } from '../router';
import { href } from '../routes';

/**
 * Beside a row shown in the server's version: "未生效：reason" for a local change of it the
 * server refused (issue 13 §6), linking to the rejected list where it can be discarded.
 */
export function RefusedNote({ row }: { row: Shadowed }) {
  const t = useT();
  const lang = useLang();
  if (!row.refused) return null;
  const { summary } = rejectionText(row.refused.code, row.refused.reason, lang);
  return (
    <button
      type="button"
      className="refused-note"
      data-testid="refused-note"
      title={t.notAppliedHint}
      onClick={() => navigate(href('rejected'))}
    >
      {t.notApplied}
      {lang === 'zh' ? '：' : ': '}
      {summary} ›
    </button>
  );
}
