import { useUi } from '../stores/ui';

/** A one-off message (e.g. "saved") that the ui store clears after a few seconds. */
export function Flash() {
  const flash = useUi((s) => s.flash);
  if (!flash) return null;
  return (
    <p className="banner ok" role="status" data-testid="flash">
      {flash}
    </p>
  );
}
