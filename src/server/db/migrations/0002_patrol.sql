-- Window Duty: duty patrols (issue #3). Rounds, the duty roster, the round a violation was made
-- in, and the tables of corrections, closed recording periods, late submissions and photos.

-- A patrol round: one walk of one floor (DOMAIN §3). day is the hall day as written on the phone.
create table rounds (
  id uuid primary key,
  floor_id uuid not null references floors (id),
  slot int not null check (slot >= 0),
  day text not null check (day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  leader_id uuid not null references users (id),
  started_at timestamptz not null,
  finished_at timestamptz,
  checked_window_ids uuid[] not null default '{}',
  all_in_order_window_ids uuid[] not null default '{}',
  server_received_at timestamptz not null default now(),
  seq bigint not null default nextval('change_seq'),
  deleted_at timestamptz,
  created_at timestamptz not null default now()
);
create index rounds_leader_idx on rounds (leader_id, day);
create index rounds_floor_day_idx on rounds (floor_id, day);
create index rounds_seq_idx on rounds (seq);
create trigger rounds_bump_seq before update on rounds for each row execute function bump_change_seq();

-- The duty roster (值班表): the duty officer of a floor in a month, the days on duty (empty: every
-- day) and stand-ins for given days ([{date, userId}]).
create table duty_roster (
  id uuid primary key,
  month text not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  floor_id uuid not null references floors (id),
  user_id uuid not null references users (id),
  dates text[] not null default '{}',
  stand_ins jsonb not null default '[]',
  seq bigint not null default nextval('change_seq'),
  deleted_at timestamptz,
  created_at timestamptz not null default now(),
  unique (month, floor_id)
);
create index duty_roster_seq_idx on duty_roster (seq);
create trigger duty_roster_bump_seq before update on duty_roster for each row execute function bump_change_seq();

-- The round a record was made in (no foreign key: a round and its records arrive in one batch,
-- possibly with the records first after a retry).
alter table violations add column round_id uuid;
create index violations_round_idx on violations (round_id);

-- Months closed for recording (no record or correction is accepted for them any more).
create table recording_periods (
  month text primary key check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  closed_at timestamptz not null default now(),
  closed_by uuid not null references users (id)
);

-- Corrections of a record: who changed what, when (before/after are the changed fields).
create table violation_history (
  id bigint generated always as identity primary key,
  violation_id uuid not null references violations (id),
  changed_by uuid not null references users (id),
  changed_at timestamptz not null default now(),
  action text not null check (action in ('update', 'withdraw')),
  before jsonb not null,
  after jsonb not null,
  reason text not null default ''
);
create index violation_history_violation_idx on violation_history (violation_id);

-- A record that reached the server after its month was closed, forwarded for a decision.
create table late_submissions (
  id uuid primary key,
  submitted_by uuid not null references users (id),
  args jsonb not null,
  month text not null,
  reason text not null default '',
  status text not null default 'pending' check (status in ('pending', 'accepted', 'refused')),
  decided_by uuid references users (id),
  decided_at timestamptz,
  created_at timestamptz not null default now()
);

-- Photo evidence: files under DATA_DIR/photos/<sha256>.jpg, linked to records.
create table photo_links (
  violation_id uuid not null,
  hash text not null check (hash ~ '^[0-9a-f]{64}$'),
  linked_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  primary key (violation_id, hash)
);
