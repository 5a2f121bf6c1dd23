import { useState } from 'react';
import { rejectionText } from '../rejection-text';
import { useLang, useT } from '../i18n';

/**
 * Why the server refused a change: its meaning in the user's language. The server's own words
 * (English, with names and months) are there too — inline in English, one tap away in Chinese, so
 * a Chinese screen never reads as a mix of both languages yet the exact words can still be quoted.
 */
export function RejectionReason(props: {
  code?: string;
  reason?: string;
  testId?: string;
  className?: string;
  label?: string;
  inline?: boolean;
}) {
  const t = useT();
  const lang = useLang();
  const [open, setOpen] = useState(false);
  const { summary, detail } = rejectionText(props.code, props.reason, lang);
  const Tag = props.inline ? 'span' : 'div';
  const foreign = lang !== 'en';
  return (
    <Tag className={props.className ?? 'small error-text'} data-testid={props.testId}>
      {props.label ?? t.reason}: {summary}
      {detail && foreign && (
        <button
          type="button"
          className="link-button small"
          aria-expanded={open}
          data-testid="rejection-detail-toggle"
          onClick={() => setOpen(!open)}
        >
          {' '}
          {t.serverSays}
        </button>
      )}
      {detail && (
        <span className="rejection-detail" hidden={foreign && !open} lang="en">
          {' '}
          ({foreign ? detail : `${t.serverSays}: ${detail}`})
        </span>
      )}
    </Tag>
  );
}
