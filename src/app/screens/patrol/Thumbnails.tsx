import { useEffect, useRef, useState } from 'react';
import { useRecordPhotos } from '../../features/violations/record-photos';

/**
 * Thumbnails of a record's photos: those on this phone, and with `fetchMissing` (lists of those
 * who judge the record) the server's, asked for once the row scrolls into view.
 */
export function Thumbnails({ violationId, fetchMissing = false }: { violationId: string; fetchMissing?: boolean }) {
  const ref = useRef<HTMLSpanElement>(null);
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    if (!fetchMissing || seen || !ref.current) return;
    if (typeof IntersectionObserver === 'undefined') return setSeen(true);
    const watch = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setSeen(true));
    watch.observe(ref.current);
    return () => watch.disconnect();
  }, [fetchMissing, seen]);
  const { photos } = useRecordPhotos(violationId, fetchMissing && seen);
  if (!photos.length) return <span ref={ref} aria-hidden="true" style={{ display: 'block', height: 1 }} />;
  return (
    <div className="segmented" data-testid="thumbnails">
      {photos.map((u) => (
        <img
          key={u.hash}
          src={u.url}
          alt=""
          width={56}
          height={56}
          style={{ objectFit: 'cover', borderRadius: 6, opacity: u.uploaded === 1 ? 1 : 0.7 }}
          data-uploaded={u.uploaded}
        />
      ))}
    </div>
  );
}
