import { useMemo, useState } from 'react';
import {
  EditDeleteCell,
  ErrorBox,
  Loading,
  SaveCancelCell,
  run,
  useAdminGet,
  type FloorDto,
  type StaffDto,
  type WindowDto,
} from './shared';
import { useCT } from './strings';

interface Props {
  canWrite: boolean;
}

function useFlash() {
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  return {
    error,
    notice,
    async act(method: string, path: string, body: unknown, done: string, after: () => void): Promise<boolean> {
      setError(null);
      setNotice(null);
      const r = await run(method, path, body);
      if (!r.ok) setError(r.error);
      else {
        setNotice(done);
        after();
      }
      return r.ok;
    },
  };
}

function Notice({ text }: { text: string | null }) {
  return text ? (
    <p className="banner ok" role="status">
      {text}
    </p>
  ) : null;
}

// ---- floors

export function Floors({ canWrite }: Props) {
  const t = useCT();
  const floors = useAdminGet<{ floors: FloorDto[] }>('/floors');
  const f = useFlash();
  const [draft, setDraft] = useState({ name: '', level: '' });
  const [editing, setEditing] = useState<FloorDto | null>(null);
  return (
    <div>
      {canWrite && (
        <form
          className="console-form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (
              await f.act('POST', '/floors', { name: draft.name, level: Number(draft.level) }, t.saved, floors.reload)
            )
              setDraft({ name: '', level: '' });
          }}
        >
          <label className="field">
            <span>{t.name}</span>
            <input
              value={draft.name}
              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
              data-testid="floor-name"
            />
          </label>
          <label className="field">
            <span>{t.level}</span>
            <input
              type="number"
              value={draft.level}
              onChange={(e) => setDraft({ ...draft, level: e.target.value })}
              data-testid="floor-level"
            />
          </label>
          <button className="btn primary" type="submit" data-testid="floor-add">
            {t.add}
          </button>
        </form>
      )}
      <ErrorBox error={f.error} />
      <Notice text={f.notice} />
      <Loading loaded={floors}>
        {({ floors: list }) => (
          <div className="console-table-wrap" tabIndex={0}>
            <table className="console-table">
              <thead>
                <tr>
                  <th>{t.level}</th>
                  <th>{t.name}</th>
                  {canWrite && <th />}
                </tr>
              </thead>
              <tbody>
                {list.map((fl) =>
                  editing?.id === fl.id ? (
                    <tr key={fl.id}>
                      <td>
                        <input
                          type="number"
                          value={editing.level}
                          onChange={(e) => setEditing({ ...editing, level: Number(e.target.value) })}
                        />
                      </td>
                      <td>
                        <input
                          value={editing.name}
                          onChange={(e) => setEditing({ ...editing, name: e.target.value })}
                        />
                      </td>
                      <SaveCancelCell
                        onSave={() =>
                          f.act(
                            'PATCH',
                            `/floors/${fl.id}`,
                            { name: editing.name, level: editing.level },
                            t.saved,
                            floors.reload,
                          )
                        }
                        onCancel={() => setEditing(null)}
                      />
                    </tr>
                  ) : (
                    <tr key={fl.id}>
                      <td className="num">{fl.level}</td>
                      <td>{fl.name}</td>
                      {canWrite && (
                        <EditDeleteCell
                          label={fl.name}
                          onEdit={() => setEditing(fl)}
                          onDelete={() => void f.act('DELETE', `/floors/${fl.id}`, undefined, t.deleted, floors.reload)}
                        />
                      )}
                    </tr>
                  ),
                )}
              </tbody>
            </table>
          </div>
        )}
      </Loading>
    </div>
  );
}

// ---- windows

const EMPTY_WINDOW = { floorId: '', number: '', name: '', department: '', kind: 'public_service', position: '' };

export function Windows({ canWrite }: Props) {
  const t = useCT();
  const floors = useAdminGet<{ floors: FloorDto[] }>('/floors');
  const windows = useAdminGet<{ windows: WindowDto[] }>('/windows');
  const f = useFlash();
  const [floorFilter, setFloorFilter] = useState('');
  const [draft, setDraft] = useState(EMPTY_WINDOW);
  const [editing, setEditing] = useState<WindowDto | null>(null);
  const floorList = floors.data?.floors ?? [];
  const floorName = (id: string) => floorList.find((x) => x.id === id)?.name ?? '?';
  const body = (w: typeof draft | WindowDto) => ({
    floorId: w.floorId,
    number: w.number,
    name: w.name,
    department: w.department,
    kind: w.kind,
    position: Number(w.position),
  });

  return (
    <div>
      <label className="field inline">
        <span>{t.floor}</span>
        <select value={floorFilter} onChange={(e) => setFloorFilter(e.target.value)} data-testid="window-floor-filter">
          <option value="">{t.all}</option>
          {floorList.map((fl) => (
            <option key={fl.id} value={fl.id}>
              {fl.name}
            </option>
          ))}
        </select>
      </label>
      {canWrite && (
        <form
          className="console-form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (await f.act('POST', '/windows', body(draft), t.saved, windows.reload))
              setDraft({ ...EMPTY_WINDOW, floorId: draft.floorId, kind: draft.kind });
          }}
        >
          <label className="field">
            <span>{t.floor}</span>
            <select value={draft.floorId} onChange={(e) => setDraft({ ...draft, floorId: e.target.value })}>
              <option value="">—</option>
              {floorList.map((fl) => (
                <option key={fl.id} value={fl.id}>
                  {fl.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t.number}</span>
            <input value={draft.number} onChange={(e) => setDraft({ ...draft, number: e.target.value })} />
          </label>
          <label className="field">
            <span>{t.windowName}</span>
            <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
          </label>
          <label className="field">
            <span>{t.department}</span>
            <input value={draft.department} onChange={(e) => setDraft({ ...draft, department: e.target.value })} />
          </label>
          <label className="field">
            <span>{t.kind}</span>
            <select value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value })}>
              {Object.entries(t.kinds).map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t.position}</span>
            <input
              type="number"
              min={0}
              value={draft.position}
              onChange={(e) => setDraft({ ...draft, position: e.target.value })}
            />
          </label>
          <button className="btn primary" type="submit">
            {t.add}
          </button>
        </form>
      )}
      <ErrorBox error={f.error} />
      <Notice text={f.notice} />
      <Loading loaded={windows}>
        {({ windows: list }) => (
          <div className="console-table-wrap" tabIndex={0}>
            <table className="console-table" data-testid="windows-table">
              <thead>
                <tr>
                  <th>{t.floor}</th>
                  <th>{t.number}</th>
                  <th>{t.windowName}</th>
                  <th>{t.department}</th>
                  <th>{t.kind}</th>
                  <th>{t.position}</th>
                  {canWrite && <th />}
                </tr>
              </thead>
              <tbody>
                {list
                  .filter((w) => !floorFilter || w.floorId === floorFilter)
                  .map((w) =>
                    editing?.id === w.id ? (
                      <tr key={w.id}>
                        <td>
                          <select
                            value={editing.floorId}
                            onChange={(e) => setEditing({ ...editing, floorId: e.target.value })}
                          >
                            {floorList.map((fl) => (
                              <option key={fl.id} value={fl.id}>
                                {fl.name}
                              </option>
                            ))}
                          </select>
                        </td>
                        <td>
                          <input
                            value={editing.number}
                            onChange={(e) => setEditing({ ...editing, number: e.target.value })}
                          />
                        </td>
                        <td>
                          <input
                            value={editing.name}
                            onChange={(e) => setEditing({ ...editing, name: e.target.value })}
                          />
                        </td>
                        <td>
                          <input
                            value={editing.department}
                            onChange={(e) => setEditing({ ...editing, department: e.target.value })}
                          />
                        </td>
                        <td>
                          <select
                            value={editing.kind}
                            onChange={(e) => setEditing({ ...editing, kind: e.target.value })}
                          >
                            {Object.entries(t.kinds).map(([k, label]) => (
                              <option key={k} value={k}>
                                {label}
                              </option>
                            ))}
                          </select>
                        </td>
                        <td>
                          <input
                            type="number"
                            min={0}
                            value={editing.position}
                            onChange={(e) => setEditing({ ...editing, position: Number(e.target.value) })}
                          />
                        </td>
                        <SaveCancelCell
                          onSave={() => f.act('PATCH', `/windows/${w.id}`, body(editing), t.saved, windows.reload)}
                          onCancel={() => setEditing(null)}
                        />
                      </tr>
                    ) : (
                      <tr key={w.id}>
                        <td>{floorName(w.floorId)}</td>
                        <td>{w.number}</td>
                        <td>{w.name}</td>
                        <td>{w.department}</td>
                        <td>{t.kinds[w.kind] ?? w.kind}</td>
                        <td className="num">{w.position}</td>
                        {canWrite && (
                          <EditDeleteCell
                            label={`${w.number} ${w.name}`}
                            onEdit={() => setEditing(w)}
                            onDelete={() =>
                              void f.act('DELETE', `/windows/${w.id}`, undefined, t.deleted, windows.reload)
                            }
                          />
                        )}
                      </tr>
                    ),
                  )}
              </tbody>
            </table>
          </div>
        )}
      </Loading>
    </div>
  );
}

// ---- staff

const POSTS = ['A', 'B', 'C', 'D'];
const EMPTY_STAFF = { windowId: '', name: '', post: 'A', phone: '' };

export function StaffList({ canWrite }: Props) {
  const t = useCT();
  const windows = useAdminGet<{ windows: WindowDto[] }>('/windows');
  const staff = useAdminGet<{ staff: StaffDto[] }>('/staff');
  const f = useFlash();
  const [windowFilter, setWindowFilter] = useState('');
  const [draft, setDraft] = useState(EMPTY_STAFF);
  const [editing, setEditing] = useState<StaffDto | null>(null);
  const windowList = useMemo(
    () =>
      [...(windows.data?.windows ?? [])].sort((a, b) => a.number.localeCompare(b.number, 'zh-CN', { numeric: true })),
    [windows.data],
  );
  const windowLabel = (id: string) => {
    const w = windowList.find((x) => x.id === id);
    return w ? `${w.number} ${w.name}` : '?';
  };
  const order = new Map(windowList.map((w, i) => [w.id, i]));
  const body = (s: typeof draft | StaffDto) => ({
    windowId: s.windowId,
    name: s.name,
    post: s.post,
    phone: s.phone || null,
  });
  const windowSelect = (value: string, onChange: (v: string) => void, withAll = false) => (
    <select value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{withAll ? t.all : '—'}</option>
      {windowList.map((w) => (
        <option key={w.id} value={w.id}>
          {w.number} {w.name}
        </option>
      ))}
    </select>
  );

  return (
    <div>
      <label className="field inline">
        <span>{t.window}</span>
        {windowSelect(windowFilter, setWindowFilter, true)}
      </label>
      {canWrite && (
        <form
          className="console-form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (await f.act('POST', '/staff', body(draft), t.saved, staff.reload))
              setDraft({ ...EMPTY_STAFF, windowId: draft.windowId });
          }}
        >
          <label className="field">
            <span>{t.window}</span>
            {windowSelect(draft.windowId, (v) => setDraft({ ...draft, windowId: v }))}
          </label>
          <label className="field">
            <span>{t.staffName}</span>
            <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
          </label>
          <label className="field">
            <span>{t.post}</span>
            <select value={draft.post} onChange={(e) => setDraft({ ...draft, post: e.target.value })}>
              {POSTS.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t.phone}</span>
            <input value={draft.phone} onChange={(e) => setDraft({ ...draft, phone: e.target.value })} />
          </label>
          <button className="btn primary" type="submit">
            {t.add}
          </button>
        </form>
      )}
      <ErrorBox error={f.error} />
      <Notice text={f.notice} />
      <Loading loaded={staff}>
        {({ staff: list }) => (
          <div className="console-table-wrap" tabIndex={0}>
            <table className="console-table">
              <thead>
                <tr>
                  <th>{t.window}</th>
                  <th>{t.staffName}</th>
                  <th>{t.post}</th>
                  <th>{t.phone}</th>
                  {canWrite && <th />}
                </tr>
              </thead>
              <tbody>
                {list
                  .filter((s) => !windowFilter || s.windowId === windowFilter)
                  .sort(
                    (a, b) =>
                      (order.get(a.windowId) ?? 0) - (order.get(b.windowId) ?? 0) || a.post.localeCompare(b.post),
                  )
                  .map((s) =>
                    editing?.id === s.id ? (
                      <tr key={s.id}>
                        <td>{windowSelect(editing.windowId, (v) => setEditing({ ...editing, windowId: v }))}</td>
                        <td>
                          <input
                            value={editing.name}
                            onChange={(e) => setEditing({ ...editing, name: e.target.value })}
                          />
                        </td>
                        <td>
                          <select
                            value={editing.post}
                            onChange={(e) => setEditing({ ...editing, post: e.target.value })}
                          >
                            {POSTS.map((p) => (
                              <option key={p}>{p}</option>
                            ))}
                          </select>
                        </td>
                        <td>
                          <input
                            value={editing.phone ?? ''}
                            onChange={(e) => setEditing({ ...editing, phone: e.target.value })}
                          />
                        </td>
                        <SaveCancelCell
                          onSave={() => f.act('PATCH', `/staff/${s.id}`, body(editing), t.saved, staff.reload)}
                          onCancel={() => setEditing(null)}
                        />
                      </tr>
                    ) : (
                      <tr key={s.id}>
                        <td>{windowLabel(s.windowId)}</td>
                        <td>{s.name}</td>
                        <td>{s.post}</td>
                        <td>{s.phone ?? ''}</td>
                        {canWrite && (
                          <EditDeleteCell
                            label={s.name}
                            onEdit={() => setEditing(s)}
                            onDelete={() => void f.act('DELETE', `/staff/${s.id}`, undefined, t.deleted, staff.reload)}
                          />
                        )}
                      </tr>
                    ),
                  )}
              </tbody>
            </table>
          </div>
        )}
      </Loading>
    </div>
  );
}
