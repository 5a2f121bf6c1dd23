import { useState } from 'react';
import { ROLE_LINKS, type AdminUser } from '../../../domain/admin';
import { ROLES, ROLE_LABELS, type Role } from '../../../domain/roles';
import { useLang } from '../../i18n';
import { CrudForm, CrudTable, Feedback, Field, useCrud } from './crud';
import { Loading, useAdminGet, type FloorDto, type StaffDto, type WindowDto } from './shared';
import { useCT } from './strings';

const EMPTY = {
  username: '',
  password: '',
  displayName: '',
  role: 'staff' as Role,
  staffId: '',
  windowId: '',
  floorId: '',
};

export default function Users({ canWrite }: { canWrite: boolean }) {
  const t = useCT();
  const lang = useLang();
  const users = useCrud<{ users: AdminUser[] }>('/users');
  const floors = useAdminGet<{ floors: FloorDto[] }>('/floors');
  const windows = useAdminGet<{ windows: WindowDto[] }>('/windows');
  const staff = useAdminGet<{ staff: StaffDto[] }>('/staff');
  const [draft, setDraft] = useState(EMPTY);
  const windowList = windows.data?.windows ?? [];
  const floorList = floors.data?.floors ?? [];
  const staffList = staff.data?.staff ?? [];
  const windowLabel = (id: string | null) => {
    const w = windowList.find((x) => x.id === id);
    return w ? `${w.number} ${w.name}` : '';
  };

  const act = users.action.act;
  const need = ROLE_LINKS[draft.role];
  return (
    <div>
      {canWrite && (
        <CrudForm
          testId="user-form"
          onSubmit={async () => {
            const body = {
              username: draft.username,
              password: draft.password,
              displayName: draft.displayName,
              role: draft.role,
              staffId: draft.staffId || null,
              windowId: draft.windowId || null,
              floorId: draft.floorId || null,
            };
            if (await users.create(body)) setDraft(EMPTY);
          }}
        >
          <Field label={t.username}>
            <input
              autoComplete="off"
              value={draft.username}
              onChange={(e) => setDraft({ ...draft, username: e.target.value })}
            />
          </Field>
          <Field label={t.password}>
            <input
              type="password"
              autoComplete="new-password"
              value={draft.password}
              onChange={(e) => setDraft({ ...draft, password: e.target.value })}
            />
          </Field>
          <Field label={t.displayName}>
            <input value={draft.displayName} onChange={(e) => setDraft({ ...draft, displayName: e.target.value })} />
          </Field>
          <Field label={t.role}>
            <select
              value={draft.role}
              onChange={(e) =>
                setDraft({ ...draft, role: e.target.value as Role, staffId: '', windowId: '', floorId: '' })
              }
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r][lang]}
                </option>
              ))}
            </select>
          </Field>
          {need === 'staffId' && (
            <Field label={t.linkStaff}>
              <select value={draft.staffId} onChange={(e) => setDraft({ ...draft, staffId: e.target.value })}>
                <option value="">—</option>
                {staffList.map((s) => (
                  <option key={s.id} value={s.id}>
                    {windowLabel(s.windowId)} · {s.name}
                  </option>
                ))}
              </select>
            </Field>
          )}
          {need === 'windowId' && (
            <Field label={t.linkWindow}>
              <select value={draft.windowId} onChange={(e) => setDraft({ ...draft, windowId: e.target.value })}>
                <option value="">—</option>
                {windowList.map((w) => (
                  <option key={w.id} value={w.id}>
                    {w.number} {w.name}
                  </option>
                ))}
              </select>
            </Field>
          )}
          {need === 'floorId' && (
            <Field label={t.linkFloor}>
              <select value={draft.floorId} onChange={(e) => setDraft({ ...draft, floorId: e.target.value })}>
                <option value="">—</option>
                {floorList.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.name}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <button className="btn primary" type="submit">
            {t.createUser}
          </button>
        </CrudForm>
      )}
      <Feedback action={users.action} />
      <Loading loaded={users.list}>
        {({ users: list }) => (
          <CrudTable
            testId="users-table"
            rows={list}
            canWrite={canWrite}
            columns={[
              { header: t.username, cell: (u) => u.username },
              { header: t.displayName, cell: (u) => u.displayName },
              { header: t.role, cell: (u) => ROLE_LABELS[u.role][lang] },
              {
                header: t.links,
                cell: (u) =>
                  [
                    u.staffId ? staffList.find((s) => s.id === u.staffId)?.name : null,
                    windowLabel(u.windowId) || null,
                    u.floorId && !u.windowId ? floorList.find((f) => f.id === u.floorId)?.name : null,
                  ]
                    .filter(Boolean)
                    .join(' · '),
              },
              {
                header: t.status,
                cell: (u) => (u.disabled ? <span className="error-text">{t.disabled}</span> : t.enabled),
              },
            ]}
            actions={
              canWrite
                ? (u) => (
                    <>
                      <button
                        className="btn"
                        type="button"
                        onClick={() => {
                          const password = prompt(`${u.username}: ${t.newPassword}`);
                          if (password)
                            void act('POST', `/users/${u.id}/reset-password`, { password }, t.passwordReset);
                        }}
                      >
                        {t.resetPassword}
                      </button>
                      {u.disabled ? (
                        <button
                          className="btn"
                          type="button"
                          onClick={() => act('POST', `/users/${u.id}/enable`, undefined, t.saved)}
                        >
                          {t.enable}
                        </button>
                      ) : (
                        <button
                          className="btn danger"
                          type="button"
                          onClick={() => act('POST', `/users/${u.id}/disable`, undefined, t.saved)}
                        >
                          {t.disable}
                        </button>
                      )}
                    </>
                  )
                : undefined
            }
          />
        )}
      </Loading>
    </div>
  );
}
