import { useMemo, useState } from 'react';
import { CrudForm, CrudTable, Feedback, Field, useCrud } from './crud';
import { Loading, useAdminGet, type FloorDto, type StaffDto, type WindowDto } from './shared';
import { useCT } from './strings';

interface Props {
  canWrite: boolean;
}

// ---- floors

export function Floors({ canWrite }: Props) {
  const t = useCT();
  const floors = useCrud<{ floors: FloorDto[] }>('/floors');
  const [draft, setDraft] = useState({ name: '', level: '' });
  return (
    <div>
      {canWrite && (
        <CrudForm
          onSubmit={async () => {
            if (await floors.create({ name: draft.name, level: Number(draft.level) }))
              setDraft({ name: '', level: '' });
          }}
        >
          <Field label={t.name}>
            <input
              value={draft.name}
              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
              data-testid="floor-name"
            />
          </Field>
          <Field label={t.level}>
            <input
              type="number"
              value={draft.level}
              onChange={(e) => setDraft({ ...draft, level: e.target.value })}
              data-testid="floor-level"
            />
          </Field>
          <button className="btn primary" type="submit" data-testid="floor-add">
            {t.add}
          </button>
        </CrudForm>
      )}
      <Feedback action={floors.action} />
      <Loading loaded={floors.list}>
        {({ floors: list }) => (
          <CrudTable
            rows={list}
            canWrite={canWrite}
            label={(fl) => fl.name}
            onSave={(fl, edited) => floors.update(fl.id, { name: edited.name, level: edited.level })}
            onDelete={(fl) => floors.remove(fl.id)}
            columns={[
              {
                header: t.level,
                num: true,
                cell: (fl) => fl.level,
                edit: (d, set) => (
                  <input type="number" value={d.level} onChange={(e) => set({ ...d, level: Number(e.target.value) })} />
                ),
              },
              {
                header: t.name,
                cell: (fl) => fl.name,
                edit: (d, set) => <input value={d.name} onChange={(e) => set({ ...d, name: e.target.value })} />,
              },
            ]}
          />
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
  const windows = useCrud<{ windows: WindowDto[] }>('/windows');
  const [floorFilter, setFloorFilter] = useState('');
  const [draft, setDraft] = useState(EMPTY_WINDOW);
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
  const floorOptions = floorList.map((fl) => (
    <option key={fl.id} value={fl.id}>
      {fl.name}
    </option>
  ));
  const kindOptions = Object.entries(t.kinds).map(([k, label]) => (
    <option key={k} value={k}>
      {label}
    </option>
  ));

  return (
    <div>
      <label className="field inline">
        <span>{t.floor}</span>
        <select value={floorFilter} onChange={(e) => setFloorFilter(e.target.value)} data-testid="window-floor-filter">
          <option value="">{t.all}</option>
          {floorOptions}
        </select>
      </label>
      {canWrite && (
        <CrudForm
          onSubmit={async () => {
            if (await windows.create(body(draft)))
              setDraft({ ...EMPTY_WINDOW, floorId: draft.floorId, kind: draft.kind });
          }}
        >
          <Field label={t.floor}>
            <select value={draft.floorId} onChange={(e) => setDraft({ ...draft, floorId: e.target.value })}>
              <option value="">—</option>
              {floorOptions}
            </select>
          </Field>
          <Field label={t.number}>
            <input value={draft.number} onChange={(e) => setDraft({ ...draft, number: e.target.value })} />
          </Field>
          <Field label={t.windowName}>
            <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
          </Field>
          <Field label={t.department}>
            <input value={draft.department} onChange={(e) => setDraft({ ...draft, department: e.target.value })} />
          </Field>
          <Field label={t.kind}>
            <select value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value })}>
              {kindOptions}
            </select>
          </Field>
          <Field label={t.position}>
            <input
              type="number"
              min={0}
              value={draft.position}
              onChange={(e) => setDraft({ ...draft, position: e.target.value })}
            />
          </Field>
          <button className="btn primary" type="submit">
            {t.add}
          </button>
        </CrudForm>
      )}
      <Feedback action={windows.action} />
      <Loading loaded={windows.list}>
        {({ windows: list }) => (
          <CrudTable
            testId="windows-table"
            rows={list.filter((w) => !floorFilter || w.floorId === floorFilter)}
            canWrite={canWrite}
            label={(w) => `${w.number} ${w.name}`}
            onSave={(w, edited) => windows.update(w.id, body(edited))}
            onDelete={(w) => windows.remove(w.id)}
            columns={[
              {
                header: t.floor,
                cell: (w) => floorName(w.floorId),
                edit: (d, set) => (
                  <select value={d.floorId} onChange={(e) => set({ ...d, floorId: e.target.value })}>
                    {floorOptions}
                  </select>
                ),
              },
              {
                header: t.number,
                cell: (w) => w.number,
                edit: (d, set) => <input value={d.number} onChange={(e) => set({ ...d, number: e.target.value })} />,
              },
              {
                header: t.windowName,
                cell: (w) => w.name,
                edit: (d, set) => <input value={d.name} onChange={(e) => set({ ...d, name: e.target.value })} />,
              },
              {
                header: t.department,
                cell: (w) => w.department,
                edit: (d, set) => (
                  <input value={d.department} onChange={(e) => set({ ...d, department: e.target.value })} />
                ),
              },
              {
                header: t.kind,
                cell: (w) => t.kinds[w.kind] ?? w.kind,
                edit: (d, set) => (
                  <select value={d.kind} onChange={(e) => set({ ...d, kind: e.target.value })}>
                    {kindOptions}
                  </select>
                ),
              },
              {
                header: t.position,
                num: true,
                cell: (w) => w.position,
                edit: (d, set) => (
                  <input
                    type="number"
                    min={0}
                    value={d.position}
                    onChange={(e) => set({ ...d, position: Number(e.target.value) })}
                  />
                ),
              },
            ]}
          />
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
  const staff = useCrud<{ staff: StaffDto[] }>('/staff');
  const [windowFilter, setWindowFilter] = useState('');
  const [draft, setDraft] = useState(EMPTY_STAFF);
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
  const postSelect = (value: string, onChange: (v: string) => void) => (
    <select value={value} onChange={(e) => onChange(e.target.value)}>
      {POSTS.map((p) => (
        <option key={p}>{p}</option>
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
        <CrudForm
          onSubmit={async () => {
            if (await staff.create(body(draft))) setDraft({ ...EMPTY_STAFF, windowId: draft.windowId });
          }}
        >
          <Field label={t.window}>{windowSelect(draft.windowId, (v) => setDraft({ ...draft, windowId: v }))}</Field>
          <Field label={t.staffName}>
            <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
          </Field>
          <Field label={t.post}>{postSelect(draft.post, (v) => setDraft({ ...draft, post: v }))}</Field>
          <Field label={t.phone}>
            <input value={draft.phone} onChange={(e) => setDraft({ ...draft, phone: e.target.value })} />
          </Field>
          <button className="btn primary" type="submit">
            {t.add}
          </button>
        </CrudForm>
      )}
      <Feedback action={staff.action} />
      <Loading loaded={staff.list}>
        {({ staff: list }) => (
          <CrudTable
            rows={list
              .filter((s) => !windowFilter || s.windowId === windowFilter)
              .sort(
                (a, b) => (order.get(a.windowId) ?? 0) - (order.get(b.windowId) ?? 0) || a.post.localeCompare(b.post),
              )}
            canWrite={canWrite}
            label={(s) => s.name}
            onSave={(s, edited) => staff.update(s.id, body(edited))}
            onDelete={(s) => staff.remove(s.id)}
            columns={[
              {
                header: t.window,
                cell: (s) => windowLabel(s.windowId),
                edit: (d, set) => windowSelect(d.windowId, (v) => set({ ...d, windowId: v })),
              },
              {
                header: t.staffName,
                cell: (s) => s.name,
                edit: (d, set) => <input value={d.name} onChange={(e) => set({ ...d, name: e.target.value })} />,
              },
              {
                header: t.post,
                cell: (s) => s.post,
                edit: (d, set) => postSelect(d.post, (v) => set({ ...d, post: v })),
              },
              {
                header: t.phone,
                cell: (s) => s.phone ?? '',
                edit: (d, set) => (
                  <input value={d.phone ?? ''} onChange={(e) => set({ ...d, phone: e.target.value })} />
                ),
              },
            ]}
          />
        )}
      </Loading>
    </div>
  );
}
