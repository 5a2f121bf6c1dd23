import { useCallback, useState, type FormEvent, type ReactNode } from 'react';
import { ErrorBox, run, useAdminGet, type Loaded } from './shared';
import { useCT } from './strings';

/**
 * The console's one pattern for a list the desk keeps (floors, windows, staff, users, the duty
 * roster, scheme versions): `useCrud` loads the list from /api/admin and runs its changes — the
 * server's refusal shown, a notice on success, the list reloaded — and `CrudTable` shows it with
 * edit (in place, or in the screen's form) and delete (asked first). On a narrow screen every
 * row becomes a card (console.css).
 */

/** A change's outcome on screen: the server's refusal, or a notice. */
export interface Action {
  error: string | null;
  notice: string | null;
  /** Runs a change; on success shows `done` and calls `after` (e.g. reload); returns whether it worked. */
  act: (method: string, path: string, body: unknown, done: string) => Promise<boolean>;
  /** Shows an error (null clears both lines), for a call that is not a plain change. */
  fail: (error: string | null) => void;
  /** Shows a notice (and clears the error). */
  say: (notice: string) => void;
}

export function useAction(after?: () => void): Action {
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const act = useCallback(
    async (method: string, path: string, body: unknown, done: string) => {
      setError(null);
      setNotice(null);
      const r = await run(method, path, body);
      if (!r.ok) setError(r.error);
      else {
        setNotice(done);
        after?.();
      }
      return r.ok;
    },
    [after],
  );
  const fail = useCallback((e: string | null) => {
    setError(e);
    if (e === null) setNotice(null);
  }, []);
  const say = useCallback((text: string) => {
    setError(null);
    setNotice(text);
  }, []);
  return { error, notice, act, fail, say };
}

export interface Crud<T> {
  list: Loaded<T>;
  action: Action;
  create: (body: unknown) => Promise<boolean>;
  update: (id: string, body: unknown) => Promise<boolean>;
  remove: (id: string) => Promise<boolean>;
}

/**
 * A list at GET /api/admin{listPath} and its changes: POST {itemPath}, PATCH and DELETE
 * {itemPath}/:id (itemPath: the list's path without its query).
 */
export function useCrud<T>(listPath: string, itemPath = listPath.split('?')[0]!): Crud<T> {
  const t = useCT();
  const list = useAdminGet<T>(listPath);
  const action = useAction(list.reload);
  return {
    list,
    action,
    create: (body) => action.act('POST', itemPath, body, t.saved),
    update: (id, body) => action.act('PATCH', `${itemPath}/${id}`, body, t.saved),
    remove: (id) => action.act('DELETE', `${itemPath}/${id}`, undefined, t.deleted),
  };
}

/** The last change's refusal or notice. */
export function Feedback({ action }: { action: Action }) {
  return (
    <>
      <ErrorBox error={action.error} />
      {action.notice && (
        <p className="banner ok" role="status">
          {action.notice}
        </p>
      )}
    </>
  );
}

/** A create (or edit) form on the console's grid: submit runs `onSubmit`. */
export function CrudForm({
  onSubmit,
  testId,
  children,
}: {
  onSubmit: () => unknown;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <form
      className="console-form"
      data-testid={testId}
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void onSubmit();
      }}
    >
      {children}
    </form>
  );
}

/** A labelled field of a console form. */
export function Field({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <label className="field">
      <span>{label}</span>
      {children}
    </label>
  );
}

export interface Column<Row> {
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** Right-aligned figures. */
  num?: boolean;
  /** The cell while its row is edited in place; without it the cell shows its value. */
  edit?: (draft: Row, set: (next: Row) => void) => ReactNode;
}

/**
 * A list as a table (cards on a narrow screen). With `canWrite`, each row gets 编辑 — in place
 * (`onSave`, the row kept open when the server refuses) or in the screen's form (`onEdit`) — and
 * 删除 (`onDelete`, confirmed first); `actions` adds the row's other buttons.
 */
export function CrudTable<Row extends { id: string }>({
  rows,
  columns,
  canWrite,
  label,
  onSave,
  onEdit,
  onDelete,
  confirmDelete,
  actions,
  testId,
  rowTestId,
  empty,
}: {
  rows: readonly Row[];
  columns: Column<Row>[];
  canWrite: boolean;
  /** Names the row in the delete question. */
  label?: (row: Row) => string;
  onSave?: (row: Row, draft: Row) => Promise<boolean>;
  onEdit?: (row: Row) => void;
  onDelete?: (row: Row) => unknown;
  /** The delete question, when the default ("delete <label>?") does not fit. */
  confirmDelete?: (row: Row) => string;
  /** More buttons for a row (shown whenever given: gate them on canWrite where needed). */
  actions?: (row: Row) => ReactNode;
  testId?: string;
  rowTestId?: string;
  /** Shown instead of an empty table. */
  empty?: ReactNode;
}) {
  const t = useCT();
  const [editing, setEditing] = useState<Row | null>(null);
  const writable = canWrite && !!(onSave || onEdit || onDelete);
  const hasActions = writable || !!actions;
  if (rows.length === 0 && empty !== undefined) return <>{empty}</>;
  return (
    <div className="console-table-wrap" tabIndex={0}>
      <table className="console-table" data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i}>{c.header}</th>
            ))}
            {hasActions && <th />}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) =>
            editing?.id === row.id && onSave ? (
              <tr key={row.id} data-testid={rowTestId}>
                {columns.map((c, i) => (
                  <td key={i}>{c.edit ? c.edit(editing, setEditing) : c.cell(row)}</td>
                ))}
                <td className="console-actions">
                  <button
                    className="btn primary"
                    type="button"
                    onClick={async () => (await onSave(row, editing)) && setEditing(null)}
                  >
                    {t.save}
                  </button>
                  <button className="btn" type="button" onClick={() => setEditing(null)}>
                    {t.cancel}
                  </button>
                </td>
              </tr>
            ) : (
              <tr key={row.id} data-testid={rowTestId}>
                {columns.map((c, i) => (
                  <td key={i} className={c.num ? 'num' : undefined}>
                    {c.cell(row)}
                  </td>
                ))}
                {hasActions && (
                  <td className="console-actions">
                    {actions?.(row)}
                    {writable && (onSave || onEdit) && (
                      <button className="btn" type="button" onClick={() => (onEdit ? onEdit(row) : setEditing(row))}>
                        {t.edit}
                      </button>
                    )}
                    {writable && onDelete && (
                      <button
                        className="btn danger"
                        type="button"
                        onClick={() =>
                          confirm(confirmDelete ? confirmDelete(row) : t.confirmDelete(label?.(row) ?? '')) &&
                          void onDelete(row)
                        }
                      >
                        {t.delete}
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}
