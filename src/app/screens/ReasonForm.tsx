import { useT } from '../i18n';

/**
 * A reason to write and send (revoking a leave, a finding of deceit, withdrawing an entry):
 * nothing goes without one. Test ids: `${id}-form`, `${id}-reason`, `${id}-send`.
 */
export function ReasonForm(props: {
  id: string;
  label: string;
  note?: string;
  value: string;
  onChange: (v: string) => void;
  onCancel: () => void;
  submit: string;
  onSubmit: () => void;
  danger?: boolean;
  busy?: boolean;
  className?: string;
  /** Longest reason the change accepts (300 unless said). */
  maxLength?: number;
}) {
  const t = useT();
  return (
    <div className={props.className ?? 'card form'} data-testid={`${props.id}-form`}>
      {props.note && <p className="small">{props.note}</p>}
      <label className="field">
        <span>{props.label}</span>
        <textarea
          data-testid={`${props.id}-reason`}
          value={props.value}
          maxLength={props.maxLength ?? 300}
          onChange={(e) => props.onChange(e.target.value)}
        />
      </label>
      <div className="actions">
        <button type="button" className="btn" onClick={props.onCancel}>
          {t.cancel}
        </button>
        <button
          type="button"
          className={`btn ${props.danger ? 'danger' : 'primary'}`}
          data-testid={`${props.id}-send`}
          disabled={props.busy || !props.value.trim()}
          onClick={props.onSubmit}
        >
          {props.submit}
        </button>
      </div>
    </div>
  );
}
