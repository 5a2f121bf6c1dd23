-- Window Duty: the supervision section's console (issue 6). Independent of 0002.

-- Who changed what, when and from where. Append-only: the database itself refuses to change or
-- remove a row, so not even a bug in the server (or a hand-typed UPDATE) can rewrite history.
create table audit_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  -- No foreign key: an entry outlives anything it names, and a failed sign-in has no user.
  actor_id uuid,
  actor_name text not null default '',
  action text not null,
  entity text not null,
  entity_id text,
  before jsonb,
  after jsonb,
  ip text
);
create index audit_log_at_idx on audit_log (at, id);
create index audit_log_action_idx on audit_log (action, id);
create index audit_log_entity_idx on audit_log (entity, entity_id);
create index audit_log_actor_idx on audit_log (actor_id, id);

create function audit_log_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end
$$;

create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_refuse_change();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_refuse_change();

-- Natural keys the console enforces (409 on a duplicate); soft-deleted rows do not count.
create unique index windows_floor_number_live_idx on windows (floor_id, number) where deleted_at is null;
create unique index staff_window_name_live_idx on staff (window_id, name) where deleted_at is null;
