import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import type { PhotoRow } from '../../db/database';
import { db } from '../../db/instance';
import { useSyncStatus } from '../../stores/syncStatus';
import { cachePhotos } from '../assessment/api';

/**
 * A record's photos as this phone can show them (issue 13.7): the ones it took or fetched before
 * are in Dexie `photos` (shown offline); others are fetched once from the server's photo route
 * and kept there, so a record once opened stays visible on the bus.
 */

/** Records already asked about this session: a list re-rendering does not ask the server again. */
const asked = new Map<string, Promise<void>>();

export function fetchPhotosOnce(violationId: string): Promise<void> {
  let pending = asked.get(violationId);
  if (!pending) {
    pending = cachePhotos(db, violationId).catch(() => {
      asked.delete(violationId); // offline or refused: may be asked again later
    });
    asked.set(violationId, pending);
  }
  return pending;
}

export type PhotoState = 'loading' | 'ready' | 'none' | 'offline';

const NO_PHOTOS: PhotoRow[] = [];

/** The record's photos as object URLs (revoked when they change); `fetch` asks the server for missing ones when online. */
export function useRecordPhotos(
  violationId: string,
  fetch: boolean,
): { photos: { hash: string; url: string; uploaded: number }[]; state: PhotoState } {
  const rows = useLiveQuery(() => db.photos.where('violationId').equals(violationId).toArray(), [violationId]);
  const online = useSyncStatus((s) => s.online);
  const [asking, setAsking] = useState(false);
  const [askedServer, setAskedServer] = useState(false);
  const local = rows ?? NO_PHOTOS;
  useEffect(() => {
    if (!fetch || !online || rows === undefined || rows.length > 0) return;
    let live = true;
    setAsking(true);
    void fetchPhotosOnce(violationId).finally(() => {
      if (!live) return;
      setAsking(false);
      setAskedServer(true);
    });
    return () => {
      live = false;
    };
  }, [fetch, online, violationId, rows]);
  const photos = useMemo(
    () => local.map((p) => ({ hash: p.hash, url: URL.createObjectURL(p.blob), uploaded: p.uploaded })),
    [local],
  );
  useEffect(() => () => photos.forEach((p) => URL.revokeObjectURL(p.url)), [photos]);
  const state: PhotoState = photos.length
    ? 'ready'
    : rows === undefined || asking
      ? 'loading'
      : !fetch || askedServer
        ? 'none'
        : online
          ? 'loading'
          : 'offline';
  return { photos, state };
}
