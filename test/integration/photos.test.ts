import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachTarget } from './support/databases';
import { createHarness, type Harness } from './support/harness';
import { envelope, push, recordArgs, recordMutation } from './support/sync';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const jpeg = (n = 2000) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(n)]);

describeEachTarget('photo evidence', (target) => {
  let h: Harness;
  let dataDir: string;
  let duty1: string;
  let duty1Id: string;
  let duty2: string;
  let supervision: string;
  let head1: string;
  let staff1: string;
  let violationId: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'wd-photos-'));
    h = await createHarness(target, { config: { dataDir } });
    duty1 = await h.loginAs('duty1');
    duty1Id = await h.userId('duty1');
    duty2 = await h.loginAs('duty2');
    supervision = await h.loginAs('super1');
    head1 = await h.loginAs('head1'); // head of window 102
    staff1 = await h.loginAs('staff1');
    const m = recordMutation(duty1Id); // window 102
    violationId = (m.args as { id: string }).id;
    expect((await push(h.app, duty1, [m])).status).toBe(200);
  });
  afterAll(async () => {
    await h?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const put = (cookie: string, body: Buffer, hash = sha(body), id = violationId) =>
    h.app.inject({
      method: 'PUT',
      url: `/api/photos/${hash}?violationId=${id}`,
      headers: { cookie, 'content-type': 'image/jpeg' },
      payload: body,
    });

  it('stores the bytes under DATA_DIR/photos/<sha256>.jpg, links them, and is idempotent', async () => {
    const photo = jpeg();
    const first = await put(duty1, photo);
    expect(first.statusCode).toBe(201);
    expect(await readFile(join(dataDir, 'photos', `${sha(photo)}.jpg`))).toEqual(photo);
    expect((await put(duty1, photo)).statusCode).toBe(200);
    expect(await h.db.query('select hash from photo_links where violation_id = $1', [violationId])).toEqual([
      { hash: sha(photo) },
    ]);
    const got = await h.app.inject({ method: 'GET', url: `/api/photos/${sha(photo)}`, headers: { cookie: duty1 } });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/jpeg');
    expect(got.rawPayload.equals(photo)).toBe(true);
    expect((await readdir(join(dataDir, 'photos'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('who may see: supervision, the recorder, the window head of that window; not other staff or leaders', async () => {
    const photo = jpeg();
    await put(duty1, photo);
    const get = (cookie: string) =>
      h.app.inject({ method: 'GET', url: `/api/photos/${sha(photo)}`, headers: { cookie } });
    expect((await get(supervision)).statusCode).toBe(200);
    expect((await get(head1)).statusCode).toBe(200);
    expect((await get(staff1)).statusCode).toBe(403);
    expect((await get(duty2)).statusCode).toBe(403);
    const list = await h.app.inject({
      method: 'GET',
      url: `/api/violations/${violationId}/photos`,
      headers: { cookie: supervision },
    });
    expect(list.json().hashes).toContain(sha(photo));
  });

  it('rejects: wrong hash, not the recorder, unknown record, a 4th photo, JSON bodies', async () => {
    const photo = jpeg();
    const wrong = await put(duty1, photo, sha(jpeg()));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toBe('hash_mismatch');
    expect((await put(duty2, photo)).statusCode).toBe(403);
    expect((await put(duty1, photo, sha(photo), '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await put(duty1, jpeg())).statusCode).toBe(201); // the 3rd photo of the record
    const fourth = await put(duty1, jpeg());
    expect(fourth.statusCode).toBe(409);
    expect(fourth.json().error).toBe('too_many_photos');
    // The photo route takes image/jpeg only; JSON elsewhere is unchanged.
    const asJson = await h.app.inject({
      method: 'PUT',
      url: `/api/photos/${sha(photo)}?violationId=${violationId}`,
      headers: { cookie: duty1 },
      payload: { a: 1 },
    });
    expect(asJson.statusCode).toBe(415);
  });

  it('a record forwarded late (its month closed) takes its photos while it waits, so the section judges it with them', async () => {
    const closed = await h.app.inject({
      method: 'POST',
      url: '/api/periods/2026-01/close',
      headers: { cookie: supervision },
      payload: {},
    });
    expect(closed.statusCode).toBeLessThan(300);
    const violation = recordArgs({ observedAt: '2026-01-20T09:00:00+08:00' });
    const lateId = randomUUID();
    const submitted = await push(h.app, duty1, [
      envelope(duty1Id, 'violation.late_submit', { id: lateId, violation, reason: '当天无网络' }),
    ]);
    expect(submitted.status).toBe(200);
    const photo = jpeg();
    expect((await put(duty2, photo, sha(photo), violation.id)).statusCode).toBe(403); // only its recorder
    expect((await put(duty1, photo, sha(photo), violation.id)).statusCode).toBe(201);
    const list = () =>
      h.app.inject({ method: 'GET', url: `/api/violations/${violation.id}/photos`, headers: { cookie: supervision } });
    expect((await list()).json().hashes).toEqual([sha(photo)]);
    // Accepted, the record keeps them (the window head now sees them too).
    const accepted = await h.app.inject({
      method: 'POST',
      url: `/api/late-submissions/${lateId}/decide`,
      headers: { cookie: supervision },
      payload: { decision: 'accept' },
    });
    expect(accepted.statusCode).toBe(200);
    expect((await list()).json().hashes).toEqual([sha(photo)]);
    const seen = await h.app.inject({ method: 'GET', url: `/api/photos/${sha(photo)}`, headers: { cookie: head1 } });
    expect(seen.statusCode).toBe(200);
  });

  it('a photo is what its bytes are: HTML and SVG sent as image/jpeg are refused (415), PNG and WebP are served as such', async () => {
    const m = recordMutation(duty1Id);
    const other = (m.args as { id: string }).id;
    expect((await push(h.app, duty1, [m])).status).toBe(200);
    const html = Buffer.from('<!doctype html><script>alert(document.cookie)</script>');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    for (const body of [html, svg, Buffer.from('%PDF-1.4 not a photo'), Buffer.from([0xff, 0xd8])]) {
      const res = await put(duty1, body, sha(body), other);
      expect([res.statusCode, res.json().error]).toEqual([415, 'unsupported_content']);
    }
    expect(await h.db.query('select hash from photo_links where violation_id = $1', [other])).toEqual([]);
    const stored = await readdir(join(dataDir, 'photos'));
    expect(stored.some((f) => f.startsWith(sha(html)) || f.startsWith(sha(svg)))).toBe(false);

    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(100)]);
    const webp = Buffer.concat([Buffer.from('RIFF'), randomBytes(4), Buffer.from('WEBPVP8 '), randomBytes(100)]);
    for (const [body, type] of [
      [png, 'image/png'],
      [webp, 'image/webp'],
    ] as const) {
      const res = await put(duty1, body, sha(body), other); // declared image/jpeg, as the phone sends
      expect(res.statusCode).toBe(201);
      expect(res.json().contentType).toBe(type);
      const got = await h.app.inject({ method: 'GET', url: `/api/photos/${sha(body)}`, headers: { cookie: duty1 } });
      expect(got.headers['content-type']).toBe(type);
    }
  });

  it('a file stored before uploads were checked is served only as a download', async () => {
    const m = recordMutation(duty1Id);
    const other = (m.args as { id: string }).id;
    expect((await push(h.app, duty1, [m])).status).toBe(200);
    const legacy = Buffer.from('<!doctype html><p>old upload</p>');
    await writeFile(join(dataDir, 'photos', `${sha(legacy)}.jpg`), legacy);
    await h.db.query('insert into photo_links (violation_id, hash, linked_by) values ($1, $2, $3)', [
      other,
      sha(legacy),
      duty1Id,
    ]);
    const got = await h.app.inject({ method: 'GET', url: `/api/photos/${sha(legacy)}`, headers: { cookie: duty1 } });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('application/octet-stream');
    expect(got.headers['content-disposition']).toBe('attachment');
  });

  it('a body over 5 MiB is refused with 413', async () => {
    const big = jpeg(5 * 1024 * 1024 + 10);
    const res = await put(duty1, big);
    expect(res.statusCode).toBe(413);
  });
});
