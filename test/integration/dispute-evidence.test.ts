import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import { describeEachTarget } from './support/databases';
import { createHarness, type Harness } from './support/harness';
import { envelope, pullAll, push, recordMutation } from './support/sync';

/**
 * Evidence of a dispute (issue #15 point 11, DOMAIN §5.3): the window head's dispute lists photos
 * or a document by hash (filed offline through push), the bytes upload afterwards with their
 * signature and hash checked, and those who see the dispute — the supervision section deciding,
 * center leaders, the head of the window — can open them; nobody else.
 */
const MONTH = '2026-09';
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('evidence photo of window 102')]);
const PDF = Buffer.from('%PDF-1.4\n% a document backing the dispute\n');
const HTML = Buffer.from('<html><script>alert(1)</script></html>');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describeEachTarget('dispute evidence', (target) => {
  let h: Harness;
  const cookies: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let violationId = '';
  const disputeId = randomUUID();

  const put = (who: string | null, hash: string, body: Buffer, type: string, id: string = disputeId) =>
    h.app.inject({
      method: 'PUT',
      url: `/api/dispute-files/${hash}?disputeId=${id}`,
      headers: { ...(who ? { cookie: cookies[who]! } : {}), 'content-type': type },
      payload: body,
    });
  const get = (who: string, hash: string) =>
    h.app.inject({ method: 'GET', url: `/api/dispute-files/${hash}`, headers: { cookie: cookies[who]! } });

  beforeAll(async () => {
    h = await createHarness(target);
    for (const u of ['duty1', 'head1', 'staff1', 'super1', 'leader1', 'dept1']) {
      cookies[u] = await h.loginAs(u);
      ids[u] = await h.userId(u);
    }
    // A second window head, of window 101.
    const other = randomUUID();
    await h.db.query(
      "insert into users (id, username, password_hash, role, display_name, window_id) values ($1, 'head101', 'x', 'window_head', '101负责人', $2)",
      [other, DEMO_IDS.window101],
    );
    cookies.head101 = await h.loginAs('head101');
    // A record of window 102, the month closed, compiled and in verification.
    const m = recordMutation(ids.duty1!, {
      windowId: DEMO_IDS.window102,
      itemCode: 'EATING',
      staffId: DEMO_IDS.window102StaffA,
      observedAt: `${MONTH}-08T10:00:00+08:00`,
    });
    violationId = (m.args as { id: string }).id;
    expect((await push(h.app, cookies.duty1!, [m])).body.results[0].status).toBe('applied');
    const post = (url: string) =>
      h.app.inject({ method: 'POST', url, headers: { cookie: cookies.super1! }, payload: {} });
    expect((await post(`/api/periods/${MONTH}/close`)).statusCode).toBe(200);
    expect((await post(`/api/assessments/${MONTH}/compile`)).statusCode).toBe(200);
    expect((await post(`/api/assessments/${MONTH}/open-verification`)).statusCode).toBe(200);
  });
  afterAll(() => h?.close());

  it('a dispute carries its evidence; more than 5 files or a bad hash is invalid', async () => {
    const filing = (id: string, evidence: unknown) =>
      envelope(ids.head1!, 'dispute.file', {
        id,
        violationId,
        reason: '当时在为群众办理业务，见照片',
        filedAt: `${MONTH.slice(0, 5)}10-03T10:00:00+08:00`,
        evidence,
      });
    const six = Array.from({ length: 6 }, (_, i) => ({ hash: String(i).repeat(64), mime: 'image/jpeg' }));
    const { body } = await push(h.app, cookies.head1!, [
      filing(randomUUID(), six),
      filing(randomUUID(), [{ hash: 'nothex', mime: 'image/jpeg' }]),
      filing(randomUUID(), [{ hash: sha(HTML), mime: 'text/html' }]),
      filing(disputeId, [
        { hash: sha(JPEG), mime: 'image/jpeg', name: '现场.jpg' },
        { hash: sha(PDF), mime: 'application/pdf' },
      ]),
    ]);
    expect(body.results.map((r: { status: string; code?: string }) => r.code ?? r.status)).toEqual([
      'invalid',
      'invalid',
      'invalid',
      'applied',
    ]);
    const { changes } = await pullAll(h.app, cookies.head1!);
    const row = changes.find((c) => c.entity === 'disputes' && c.id === disputeId);
    expect(row?.data?.evidence).toEqual([
      { hash: sha(JPEG), mime: 'image/jpeg', name: '现场.jpg' },
      { hash: sha(PDF), mime: 'application/pdf' },
    ]);
  });

  it('upload: only listed files, by the filer or the section, with signature and hash checked', async () => {
    expect((await put(null, sha(JPEG), JPEG, 'image/jpeg')).statusCode).toBe(401);
    expect((await put('head101', sha(JPEG), JPEG, 'image/jpeg')).statusCode).toBe(403);
    expect((await put('staff1', sha(JPEG), JPEG, 'image/jpeg')).statusCode).toBe(403);
    expect((await put('head1', sha(HTML), HTML, 'image/jpeg')).json().error).toBe('unsupported_content');
    expect((await put('head1', sha(PDF), JPEG, 'image/jpeg')).json().error).toBe('hash_mismatch');
    expect((await put('head1', sha(JPEG), JPEG, 'image/png')).statusCode).toBe(415);
    expect((await put('head1', sha(JPEG), JPEG, 'image/jpeg', randomUUID())).statusCode).toBe(404);
    expect((await put('head1', 'x'.repeat(64), JPEG, 'image/jpeg')).statusCode).toBe(400);
    expect((await put('head1', sha(JPEG), JPEG, 'image/jpeg', 'nope')).statusCode).toBe(400);
    // Not listed by this dispute: a file of another kind with a right hash.
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('x')]);
    expect((await put('head1', sha(png), png, 'image/png')).statusCode).toBe(404);
    // Before the upload the file is listed but not there yet.
    expect((await get('super1', sha(JPEG))).statusCode).toBe(404);
    const first = await put('head1', sha(JPEG), JPEG, 'image/jpeg');
    expect(first.statusCode).toBe(201);
    expect((await put('head1', sha(JPEG), JPEG, 'image/jpeg')).statusCode).toBe(200); // again: stored once
    expect((await put('super1', sha(PDF), PDF, 'application/pdf')).statusCode).toBe(201);
  });

  it('view: the section deciding, center leaders and the head of the window; nobody else', async () => {
    const seen = await get('super1', sha(JPEG));
    expect(seen.statusCode).toBe(200);
    expect(seen.headers['content-type']).toBe('image/jpeg');
    expect(seen.rawPayload.equals(JPEG)).toBe(true);
    expect((await get('leader1', sha(PDF))).headers['content-type']).toBe('application/pdf');
    expect((await get('head1', sha(JPEG))).statusCode).toBe(200);
    for (const who of ['head101', 'staff1', 'duty1', 'dept1']) expect((await get(who, sha(JPEG))).statusCode).toBe(403);
    expect((await get('super1', 'zz')).statusCode).toBe(404);
    // The disputes list the section decides from names the evidence.
    const list = await h.app.inject({
      method: 'GET',
      url: `/api/assessments/${MONTH}/disputes`,
      headers: { cookie: cookies.super1! },
    });
    expect(list.json().disputes[0]).toMatchObject({
      id: disputeId,
      evidence: [{ hash: sha(JPEG) }, { hash: sha(PDF) }],
    });
  });
});
