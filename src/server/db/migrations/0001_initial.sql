-- Window Duty: the first schema. PostgreSQL 15 syntax (the embedded PGlite is newer).

-- One sequence for the whole change feed: pull merges all synced tables by seq.
create sequence change_seq;

-- Re-stamp a row with a fresh seq on every update, so pull sends it again.
-- (Writers hold the change-feed advisory lock; see src/server/db/locks.ts.)
create function bump_change_seq() returns trigger language plpgsql as $$
begin
  new.seq := nextval('change_seq');
  return new;
end
$$;

create table floors (
  id uuid primary key,
  name text not null,
  level int not null,
  seq bigint not null default nextval('change_seq'),
  deleted_at timestamptz,
  created_at timestamptz not null default now()
);

create table windows (
  id uuid primary key,
  floor_id uuid not null references floors (id),
  number text not null,
  name text not null,
  department text not null,
  kind text not null check (kind in ('approval', 'public_service')),
  position int not null,
  seq bigint not null default nextval('change_seq'),
  deleted_at timestamptz,
  created_at timestamptz not null default now()
);

create table staff (
  id uuid primary key,
  name text not null,
  window_id uuid not null references windows (id),
  post text not null check (post in ('A', 'B', 'C', 'D')),
  phone text,
  seq bigint not null default nextval('change_seq'),
  deleted_at timestamptz,
  created_at timestamptz not null default now()
);
create index staff_window_idx on staff (window_id);

create table schemes (
  id uuid primary key,
  version int not null unique,
  effective_from text not null check (effective_from ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  data jsonb not null,
  seq bigint not null default nextval('change_seq'),
  deleted_at timestamptz,
  created_at timestamptz not null default now()
);

create table users (
  id uuid primary key,
  username text not null unique,
  password_hash text not null,
  role text not null check (role in ('staff', 'window_head', 'duty_leader', 'supervision', 'center_leader', 'dept_leader')),
  display_name text not null,
  staff_id uuid references staff (id),
  window_id uuid references windows (id),
  floor_id uuid references floors (id),
  disabled boolean not null default false,
  created_at timestamptz not null default now()
);

-- The cookie carries a random token; only its sha256 is stored, so a database leak does not
-- hand out live sessions.
create table sessions (
  token_hash text primary key,
  user_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user_idx on sessions (user_id);

-- Sign-in throttling lives in the database: several server processes must count together.
create table login_attempts (
  username text not null,
  ip text not null,
  at timestamptz not null default now(),
  ok boolean not null
);
create index login_attempts_username_idx on login_attempts (username, at);
create index login_attempts_ip_idx on login_attempts (ip, at);

create table violations (
  id uuid primary key,
  window_id uuid not null references windows (id),
  staff_id uuid references staff (id),
  item_code text not null,
  count int not null check (count > 0),
  observed_at timestamptz not null,
  note text not null default '',
  recorded_by uuid not null references users (id),
  device_recorded_at timestamptz not null,
  server_received_at timestamptz not null,
  -- bigint, not int: a phone whose clock is a month off would overflow int milliseconds.
  clock_skew_ms bigint not null,
  status text not null default 'active' check (status in ('active', 'withdrawn')),
  seq bigint not null default nextval('change_seq'),
  deleted_at timestamptz,
  created_at timestamptz not null default now()
);
create index violations_window_idx on violations (window_id);
create index violations_staff_idx on violations (staff_id);
create index violations_recorded_by_idx on violations (recorded_by);

-- The exactly-once log: one row per mutation id, holding its first outcome. Written in the same
-- transaction as the rows the mutation applies.
-- user_id is informational (no foreign key: the log is written in bulk, 500 rows a statement,
-- and the session already proved the user exists).
create table mutations (
  id uuid primary key,
  user_id uuid not null,
  name text not null,
  body_hash text not null,
  outcome text not null check (outcome in ('applied', 'rejected')),
  code text,
  reason text,
  created_at timestamptz not null default now()
);

create index floors_seq_idx on floors (seq);
create index windows_seq_idx on windows (seq);
create index staff_seq_idx on staff (seq);
create index schemes_seq_idx on schemes (seq);
create index violations_seq_idx on violations (seq);

create trigger floors_bump_seq before update on floors for each row execute function bump_change_seq();
create trigger windows_bump_seq before update on windows for each row execute function bump_change_seq();
create trigger staff_bump_seq before update on staff for each row execute function bump_change_seq();
create trigger schemes_bump_seq before update on schemes for each row execute function bump_change_seq();
create trigger violations_bump_seq before update on violations for each row execute function bump_change_seq();
