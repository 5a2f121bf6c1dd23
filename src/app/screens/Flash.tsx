import { useEffect } from 'react';
import { useUi } from '../stores/ui';

/** A one-off message (e.g. "saved") that fades after a few seconds. */
export function Flash() {
  const flash = useUi((s) => s.flash);
  const setFlash = useUi((s) => s.setFlash);
  useEffect(() => {
    if (!flash) return;
    const timer = setTimeout(() => setFlash(null), 4000);
    return () => clearTimeout(timer);
  }, [flash, setFlash]);
  if (!flash) return null;
  return (
    <p className="banner ok" role="status" data-testid="flash">
      {flash}
    </p>
  );
}
