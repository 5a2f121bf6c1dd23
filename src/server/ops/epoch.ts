import { randomUUID } from 'node:crypto';
import type { Db } from '../db/types';

/** The data epoch (migration 0010): changes only when a backup is restored. */
export async function readDataEpoch(db: Db): Promise<string> {
  const [row] = await db.query<{ epoch: string }>('select epoch::text as epoch from data_epoch where id = 1');
  return row!.epoch;
}

/** After a restore: a new epoch, so phones re-pull from 0 and re-send what the backup missed. */
export async function startNewDataEpoch(db: Db, now = new Date()): Promise<string> {
  const epoch = randomUUID();
  await db.query(
    `insert into data_epoch (id, epoch, restored_at) values (1, $1, $2)
     on conflict (id) do update set epoch = excluded.epoch, restored_at = excluded.restored_at`,
    [epoch, now],
  );
  return epoch;
}
