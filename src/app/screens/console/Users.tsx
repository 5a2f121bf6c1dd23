import { useState } from 'react';
import { ROLE_LINKS, type AdminUser } from '../../../domain/admin';
import { ROLES, ROLE_LABELS, type Role } from '../../../domain/roles';
import { useLang } from '../../i18n';
import { ErrorBox, Loading, run, useAdminGet, type FloorDto, type StaffDto, type WindowDto } from './shared';
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
  const users = useAdminGet<{ users: AdminUser[] }>('/users');
  const floors = useAdminGet<{ floors: FloorDto[] }>('/floors');
  const windows = useAdminGet<{ windows: WindowDto[] }>('/windows');
  const staff = useAdminGet<{ staff: StaffDto[] }>('/staff');
  const [draft, setDraft] = useState(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const windowList = windows.data?.windows ?? [];
  const floorList = floors.data?.floors ?? [];
  const staffList = staff.data?.staff ?? [];
  const windowLabel = (id: string | null) => {
    const w = windowList.find((x) => x.id === id);
    return w ? `${w.number} ${w.name}` : '';
  };

  async function act(method: string, path: string, body: unknown, done: string): Promise<boolean> {
    setError(null);
    setNotice(null);
    const r = await run(method, path, body);
    if (!r.ok) setError(r.error);
    else {
      setNotice(done);
      users.reload();
    }
    return r.ok;
  }

  const need = ROLE_LINKS[draft.role];
  return (
    <div>
      {canWrite && (
        <form
          className="console-form"
          data-testid="user-form"
          onSubmit={async (e) => {
            e.preventDefault();
            const body = {
              username: draft.username,
              password: draft.password,
              displayName: draft.displayName,
              role: draft.role,
              staffId: draft.staffId || null,
              windowId: draft.windowId || null,
              floorId: draft.floorId || null,
            };
            if (await act('POST', '/users', body, t.saved)) setDraft(EMPTY);
          }}
        >
          <label className="field">
            <span>{t.username}</span>
            <input
              autoComplete="off"
              value={draft.username}
              onChange={(e) => setDraft({ ...draft, username: e.target.value })}
            />
          </label>
          <label className="field">
            <span>{t.password}</span>
            <input
              type="password"
              autoComplete="new-password"
              value={draft.password}
              onChange={(e) => setDraft({ ...draft, password: e.target.value })}
            />
          </label>
          <label className="field">
            <span>{t.displayName}</span>
            <input value={draft.displayName} onChange={(e) => setDraft({ ...draft, displayName: e.target.value })} />
          </label>
          <label className="field">
            <span>{t.role}</span>
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
          </label>
          {need === 'staffId' && (
            <label className="field">
              <span>{t.linkStaff}</span>
              <select value={draft.staffId} onChange={(e) => setDraft({ ...draft, staffId: e.target.value })}>
                <option value="">—</option>
                {staffList.map((s) => (
                  <option key={s.id} value={s.id}>
                    {windowLabel(s.windowId)} · {s.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          {need === 'windowId' && (
            <label className="field">
              <span>{t.linkWindow}</span>
              <select value={draft.windowId} onChange={(e) => setDraft({ ...draft, windowId: e.target.value })}>
                <option value="">—</option>
                {windowList.map((w) => (
                  <option key={w.id} value={w.id}>
                    {w.number} {w.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          {need === 'floorId' && (
            <label className="field">
              <span>{t.linkFloor}</span>
              <select value={draft.floorId} onChange={(e) => setDraft({ ...draft, floorId: e.target.value })}>
                <option value="">—</option>
                {floorList.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <button className="btn primary" type="submit">
            {t.createUser}
          </button>
        </form>
      )}
      <ErrorBox error={error} />
      {notice && (
        <p className="banner ok" role="status">
          {notice}
        </p>
      )}
      <Loading loaded={users}>
        {({ users: list }) => (
          <div className="console-table-wrap" tabIndex={0}>
            <table className="console-table" data-testid="users-table">
              <thead>
                <tr>
                  <th>{t.username}</th>
                  <th>{t.displayName}</th>
                  <th>{t.role}</th>
                  <th>{t.links}</th>
                  <th>{t.status}</th>
                  {canWrite && <th />}
                </tr>
              </thead>
              <tbody>
                {list.map((u) => (
                  <tr key={u.id}>
                    <td>{u.username}</td>
                    <td>{u.displayName}</td>
                    <td>{ROLE_LABELS[u.role][lang]}</td>
                    <td>
                      {[
                        u.staffId ? staffList.find((s) => s.id === u.staffId)?.name : null,
                        windowLabel(u.windowId) || null,
                        u.floorId && !u.windowId ? floorList.find((f) => f.id === u.floorId)?.name : null,
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </td>
                    <td>{u.disabled ? <span className="error-text">{t.disabled}</span> : t.enabled}</td>
                    {canWrite && (
                      <td className="console-actions">
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
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loading>
    </div>
  );
}
