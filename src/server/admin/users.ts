import { idParams, type Api } from '../http/zod-provider';
import type { Role } from '../../domain';
import { PasswordResetSchema, ROLE_LINKS, UserCreateSchema, UserPatchSchema, type AdminUser } from '../../domain/admin';
import { hashPassword } from '../auth/passwords';
import { createUser } from '../auth/users';
import type { Db } from '../db/types';
import { HttpError } from '../http/errors';
import { adminUser, change, conflict, notFound } from './common';

interface AdminUserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  staff_id: string | null;
  window_id: string | null;
  floor_id: string | null;
  disabled: boolean;
  created_at: Date;
}
const COLS = 'id, username, display_name, role, staff_id, window_id, floor_id, disabled, created_at';
const toAdminUser = (r: AdminUserRow): AdminUser => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  staffId: r.staff_id,
  windowId: r.window_id,
  floorId: r.floor_id,
  disabled: r.disabled,
  createdAt: new Date(r.created_at).toISOString(),
});

async function findUser(tx: Db, id: string): Promise<AdminUser | undefined> {
  const rows = await tx.query<AdminUserRow>(`select ${COLS} from users where id = $1`, [id]);
  return rows[0] ? toAdminUser(rows[0]) : undefined;
}

interface Links {
  staffId: string | null;
  windowId: string | null;
  floorId: string | null;
}

/**
 * Checks the links a role needs and fills in what follows from them: a staff member's window and
 * floor, a window's floor. 422 `invalid_links` when a needed link is missing or names nothing.
 */
async function resolveLinks(tx: Db, role: Role, given: Partial<Links>): Promise<Links> {
  const links: Links = {
    staffId: given.staffId ?? null,
    windowId: given.windowId ?? null,
    floorId: given.floorId ?? null,
  };
  if (links.staffId) {
    const rows = await tx.query<{ window_id: string; floor_id: string }>(
      `select s.window_id, w.floor_id from staff s join windows w on w.id = s.window_id where s.id = $1 and s.deleted_at is null`,
      [links.staffId],
    );
    if (!rows[0]) throw new HttpError(422, 'invalid_links', `No staff member ${links.staffId}.`);
    links.windowId ??= rows[0].window_id;
    links.floorId ??= rows[0].floor_id;
  }
  if (links.windowId) {
    const rows = await tx.query<{ floor_id: string }>(
      'select floor_id from windows where id = $1 and deleted_at is null',
      [links.windowId],
    );
    if (!rows[0]) throw new HttpError(422, 'invalid_links', `No window ${links.windowId}.`);
    links.floorId ??= rows[0].floor_id;
  }
  if (links.floorId) {
    const rows = await tx.query('select 1 from floors where id = $1 and deleted_at is null', [links.floorId]);
    if (!rows.length) throw new HttpError(422, 'invalid_links', `No floor ${links.floorId}.`);
  }
  const needed = ROLE_LINKS[role];
  if (needed && !links[needed]) {
    throw new HttpError(422, 'invalid_links', `A ${role} account needs ${needed} (whom or where the account belongs).`);
  }
  return links;
}

const UserParams = idParams('user');

export function registerUserRoutes(app: Api, db: Db): void {
  app.get('/users', async () => ({
    users: (await db.query<AdminUserRow>(`select ${COLS} from users order by username`)).map(toAdminUser),
  }));

  app.post('/users', { schema: { body: UserCreateSchema } }, async (request, reply) => {
    const input = request.body;
    const user = await change(
      db,
      request,
      async ({ tx, audit }) => {
        const taken = await tx.query('select 1 from users where username = $1', [input.username]);
        if (taken.length) throw conflict('duplicate', `The username ${input.username} is taken.`);
        const links = await resolveLinks(tx, input.role, input);
        const created = await createUser(tx, { ...input, ...links });
        const after = (await findUser(tx, created.id))!;
        await audit({ action: 'create', entity: 'user', entityId: created.id, after });
        return after;
      },
      'That username is taken.',
    );
    return reply.code(201).send({ user });
  });

  app.patch('/users/:id', { schema: { params: UserParams, body: UserPatchSchema } }, async (request) => {
    const { id } = request.params;
    const patch = request.body;
    const user = await change(db, request, async ({ tx, audit }) => {
      const before = await findUser(tx, id);
      if (!before) throw notFound('user', id);
      const role = patch.role ?? before.role;
      if (id === adminUser(request).id && role !== before.role)
        throw conflict('own_account', 'You cannot change your own role.');
      const touchesLinks = 'staffId' in patch || 'windowId' in patch || 'floorId' in patch || patch.role !== undefined;
      const links = touchesLinks
        ? await resolveLinks(tx, role, {
            staffId: 'staffId' in patch ? patch.staffId : before.staffId,
            windowId: 'windowId' in patch ? patch.windowId : before.windowId,
            floorId: 'floorId' in patch ? patch.floorId : before.floorId,
          })
        : before;
      await tx.query(
        'update users set display_name = $2, role = $3, staff_id = $4, window_id = $5, floor_id = $6 where id = $1',
        [id, patch.displayName ?? before.displayName, role, links.staffId, links.windowId, links.floorId],
      );
      const after = (await findUser(tx, id))!;
      // A new role or links change what the user may see: sign them in afresh.
      if (
        after.role !== before.role ||
        after.windowId !== before.windowId ||
        after.staffId !== before.staffId ||
        after.floorId !== before.floorId
      ) {
        await tx.query('delete from sessions where user_id = $1', [id]);
      }
      await audit({ action: 'update', entity: 'user', entityId: id, before, after });
      return after;
    });
    return { user };
  });

  app.post(
    '/users/:id/reset-password',
    { schema: { params: UserParams, body: PasswordResetSchema } },
    async (request) => {
      const { id } = request.params;
      const { password } = request.body;
      const hash = await hashPassword(password);
      const user = await change(db, request, async ({ tx, audit }) => {
        const before = await findUser(tx, id);
        if (!before) throw notFound('user', id);
        await tx.query('update users set password_hash = $2 where id = $1', [id, hash]);
        // Other sessions end: whoever knew the old password is signed out.
        await tx.query('delete from sessions where user_id = $1', [id]);
        await audit({ action: 'reset_password', entity: 'user', entityId: id });
        return before;
      });
      return { user };
    },
  );

  for (const action of ['disable', 'enable'] as const) {
    app.post(`/users/:id/${action}`, { schema: { params: UserParams } }, async (request) => {
      const { id } = request.params;
      const user = await change(db, request, async ({ tx, audit }) => {
        const before = await findUser(tx, id);
        if (!before) throw notFound('user', id);
        if (action === 'disable' && id === adminUser(request).id)
          throw conflict('own_account', 'You cannot disable your own account.');
        await tx.query('update users set disabled = $2 where id = $1', [id, action === 'disable']);
        // A disabled user's sessions end at once, on every server process.
        if (action === 'disable') await tx.query('delete from sessions where user_id = $1', [id]);
        const after = (await findUser(tx, id))!;
        if (before.disabled !== after.disabled) await audit({ action, entity: 'user', entityId: id, before, after });
        return after;
      });
      return { user };
    });
  }
}
