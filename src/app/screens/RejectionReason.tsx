import { rejectionText } from '../rejection-text';
import { useLang, useT } from '../i18n';

/** Why the server refused a change: its meaning in the user's language, then the server's words. */
export function RejectionReason(props: { code?: string; reason?: string; testId?: string; className?: string; label?: string; inline?: boolean }) {
  const t = useT();
  const lang = useLang();
  const { summary, detail } = rejectionText(props.code, props.reason, lang);
  const Tag = props.inline ? 'span' : 'div';
  return (
    <Tag className={props.className ?? 'small error-text'} data-testid={props.testId}>
      {props.label ?? t.reason}: {summary}
      {detail && (
        <span className="rejection-detail">
          {' '}
          ({t.serverSays}: {detail})
        </span>
      )}
    </Tag>
  );
}
