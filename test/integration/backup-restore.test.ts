import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MutationEnvelope } from '../../src/domain';
import { exportBundle } from '../../src/server/bundle/export';
import { writeBackup } from '../../src/server/ops/backup';
import { CHANGE_SEQ_GAP, restoreBackup, RestoreError } from '../../src/server/ops/restore';
import { seedDemoMonth } from '../../src/server/seed/demo-assessment';
import { describeEachTarget } from './support/databases';
import { createHarness, type Harness } from './support/harness';
import { pull, push, recordMutation } from './support/sync';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const jpeg = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(3000)]);
/** The bundle without its export time: everything else must be equal. */
const bundleOf = async (h: Harness) => ({
  ...(await exportBundle(h.db, h.config.hallTimeZone, new Date('2026-11-01T00:00:00Z'))),
  exportedAt: 'x',
});
const filesOf = async (dir: string) => {
  const out: Record<string, string> = {};
  for (const sub of ['photos', 'leave-files']) {
    for (const name of (await readdir(join(dir, sub)).catch(() => [] as string[])).sort())
      out[`${sub}/${name}`] = sha(await readFile(join(dir, sub, name)));
  }
  return out;
};

describeEachTarget('backup and restore', (target) => {
  let work: string;
  let original: Harness;
  let duty1: string;
  let duty1Id: string;
  /** What duty1's phone pushed and was told "applied" — its journal. */
  const journal: MutationEnvelope[] = [];
  /** The same, by push request (each one transaction on the server). */
  const batches: MutationEnvelope[][] = [];

  const record = async (n: number) => {
    const batch = Array.from({ length: n }, () => recordMutation(duty1Id));
    const { status, body } = await push(original.app, duty1, batch);
    expect(status).toBe(200);
    expect(body.results.every((r: { status: string }) => r.status === 'applied')).toBe(true);
    journal.push(...batch);
    batches.push(batch);
    return batch;
  };

  /** A fresh, empty database and data dir with the backup restored into it. */
  const restored = async (file: string, name: string) => {
    const dataDir = join(work, name);
    const h = await createHarness(target, { seed: false, config: { dataDir } });
    const summary = await restoreBackup(h.db, h.config, createReadStream(file));
    return { h, summary, dataDir };
  };

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'wd-backup-'));
    original = await createHarness(target, { config: { dataDir: join(work, 'original') } });
    await seedDemoMonth(original.db, '2026-09', original.config.hallTimeZone);
    duty1 = await original.loginAs('duty1');
    duty1Id = await original.userId('duty1');
    const [first] = await record(3);
    const photo = jpeg();
    const violationId = (first!.args as { id: string }).id;
    const put = await original.app.inject({
      method: 'PUT',
      url: `/api/photos/${sha(photo)}?violationId=${violationId}`,
      headers: { cookie: duty1, 'content-type': 'image/jpeg' },
      payload: photo,
    });
    expect(put.statusCode).toBe(201);
    // A leave document as the leave routes store it (named by its sha256).
    const doc = Buffer.from('%PDF-1.4 leave note');
    await mkdir(join(work, 'original', 'leave-files'), { recursive: true });
    await writeFile(join(work, 'original', 'leave-files', sha(doc)), doc);
  }, 120_000);
  afterAll(async () => {
    await original?.close();
    await rm(work, { recursive: true, force: true });
  });

  it('restores a quiet backup exactly: the bundle, the photo and document files, the signed-in sessions', async () => {
    const file = join(work, 'quiet.backup.gz');
    const summary = await writeBackup(original.db, original.config, createWriteStream(file));
    expect(summary.files).toBe(2);
    expect(summary.tables.violations).toBeGreaterThan(3);
    const before = await bundleOf(original);
    const filesBefore = await filesOf(join(work, 'original'));

    const { h, summary: back, dataDir } = await restored(file, 'quiet');
    try {
      expect(back.files).toBe(2);
      expect(await bundleOf(h)).toEqual(before);
      expect(await filesOf(dataDir)).toEqual(filesBefore);
      // The phone's session survived: it can pull, and sees a new epoch.
      const [was, now] = [await pull(original.app, duty1), await pull(h.app, duty1)];
      expect(now.status).toBe(200);
      expect(now.body.epoch).toEqual(expect.any(String));
      expect(now.body.epoch).not.toBe(was.body.epoch);
      // Every row a phone could have pulled before is still there; new rows come after any old cursor.
      expect(now.body.changes.length).toBe(was.body.changes.length);
      const photos = await h.app.inject({
        method: 'GET',
        url: `/api/violations/${(journal[0]!.args as { id: string }).id}/photos`,
        headers: { cookie: duty1 },
      });
      expect(photos.json().hashes).toHaveLength(1);
      const [seq] = await h.db.query<{ last_value: number }>('select last_value from change_seq');
      const [oldSeq] = await original.db.query<{ last_value: number }>('select last_value from change_seq');
      expect(seq!.last_value).toBeGreaterThanOrEqual(oldSeq!.last_value + CHANGE_SEQ_GAP);
    } finally {
      await h.close();
    }
  }, 120_000);

  it('a backup taken while phones push is consistent; phones that pushed after it re-send, and each mutation lands once', async () => {
    const file = join(work, 'busy.backup.gz');
    let pushing = true;
    const during = (async () => {
      while (pushing) await record(2);
    })();
    await record(2);
    await writeBackup(original.db, original.config, createWriteStream(file));
    pushing = false;
    await during;
    await record(3); // surely after the backup
    const total = journal.length;

    const { h } = await restored(file, 'busy');
    try {
      // Consistent: each push batch (one transaction) is wholly in the backup or wholly not.
      const ids = journal.map((m) => (m.args as { id: string }).id);
      const present = new Set(
        (await h.db.query<{ id: string }>('select id from violations where id = any($1::uuid[])', [ids])).map(
          (r) => r.id,
        ),
      );
      for (const batch of batches) {
        const inBackup = batch.map((m) => present.has((m.args as { id: string }).id));
        expect(new Set(inBackup).size).toBe(1);
      }
      expect(present.size).toBeGreaterThan(0);
      expect(present.size).toBeLessThan(total); // the last pushes are not in the backup
      const [seqs] = await h.db.query<{ ok: boolean }>(
        `select (select last_value from change_seq) >= (select max(seq) from violations) as ok`,
      );
      expect(seqs!.ok).toBe(true);

      // The phone sees the new epoch and re-sends its journal: all applied, the lost ones now, once.
      expect((await pull(h.app, duty1)).body.epoch).not.toBe((await pull(original.app, duty1)).body.epoch);
      for (let i = 0; i < journal.length; i += 100) {
        const { status, body } = await push(h.app, duty1, journal.slice(i, i + 100));
        expect(status).toBe(200);
        expect(body.results.every((r: { status: string }) => r.status === 'applied')).toBe(true);
      }
      const again = await push(h.app, duty1, journal.slice(0, 50));
      expect(again.status).toBe(200);
      const count = async (db: Harness['db']) =>
        (
          await db.query<{ n: number }>(
            'select count(*)::int as n from violations where recorded_by = $1 and mutation_id is not null',
            [duty1Id],
          )
        )[0]!.n;
      expect(await count(h.db)).toBe(total);
      expect(await count(original.db)).toBe(total);
      // And the hall looks as it did before the loss.
      expect(await bundleOf(h)).toEqual(await bundleOf(original));
    } finally {
      await h.close();
    }
  }, 180_000);

  it('refuses a database that has rows, and a cut-short backup, writing nothing', async () => {
    const file = join(work, 'quiet.backup.gz');
    await expect(restoreBackup(original.db, original.config, createReadStream(file))).rejects.toThrow(RestoreError);
    const whole = await readFile(file);
    const { gunzipSync, gzipSync } = await import('node:zlib');
    const lines = gunzipSync(whole).toString('utf8').trimEnd().split('\n');
    const cut = join(work, 'cut.backup.gz');
    await writeFile(cut, gzipSync(lines.slice(0, -1).join('\n')));
    const h = await createHarness(target, { seed: false, config: { dataDir: join(work, 'cut') } });
    try {
      await expect(restoreBackup(h.db, h.config, createReadStream(cut))).rejects.toThrow(/incomplete/);
      expect((await h.db.query<{ n: number }>('select count(*)::int as n from users'))[0]!.n).toBe(0);
    } finally {
      await h.close();
    }
  }, 120_000);
});
