import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo } from 'react';
import { db } from '../../db/instance';

/** Thumbnails of a record's photos kept on this phone. */
export function Thumbnails({ violationId }: { violationId: string }) {
  const photos = useLiveQuery(() => db.photos.where('violationId').equals(violationId).toArray(), [violationId], []);
  const urls = useMemo(() => photos.map((p) => ({ key: p.hash, url: URL.createObjectURL(p.blob), uploaded: p.uploaded })), [photos]);
  useEffect(() => () => urls.forEach((u) => URL.revokeObjectURL(u.url)), [urls]);
  if (!urls.length) return null;
  return (
    <div className="segmented" data-testid="thumbnails">
      {urls.map((u) => (
        <img key={u.key} src={u.url} alt="" width={56} height={56} style={{ objectFit: 'cover', borderRadius: 6, opacity: u.uploaded === 1 ? 1 : 0.7 }} data-uploaded={u.uploaded} />
      ))}
    </div>
  );
}
