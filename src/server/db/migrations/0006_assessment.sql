-- Window Duty: the monthly assessment cycle (issue 5). Independent of 0005 (leave).

-- Records from other sources than patrols (sections, complaints, public ratings, meetings,
-- DOMAIN §5.1) are entered by the supervision section into the same table, so they sync,
-- carry photos and can be disputed like any record. substitute_for: the staff member a
-- substitute stood in for (the record deducts the window all the same, DOMAIN §7).
alter table violations add column source text not null default 'patrol';
alter table violations add column substitute_for uuid references staff (id);

-- A month's cycle once it has started (before: open, or closed per recording_periods).
-- preliminary is the compiled engine result (scores, explanations, rankings, honours); approval
-- freezes it and publication copies it into assessment_versions.
create table assessment_periods (
  month text primary key check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  state text not null check (state in ('preliminary', 'verification', 'approved', 'published')),
  preliminary jsonb,
  compiled_at timestamptz,
  data_as_of timestamptz,
  approved_by uuid references users (id),
  approved_at timestamptz,
  updated_at timestamptz not null default now()
);

-- Published versions: immutable. A correction after publication is a new row (version N+1)
-- with its reason; every version stays.
create table assessment_versions (
  id uuid primary key,
  month text not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  version int not null check (version > 0),
  scheme_version int not null,
  data_as_of timestamptz not null,
  reason text,
  result jsonb not null,
  approved_by uuid references users (id),
  approved_at timestamptz,
  published_by uuid not null references users (id),
  published_at timestamptz not null default now(),
  seq bigint not null default nextval('change_seq'),
  deleted_at timestamptz,
  unique (month, version),
  check (version = 1 or length(trim(reason)) > 0)
);
create index assessment_versions_seq_idx on assessment_versions (seq);

create function assessment_versions_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'a published assessment is immutable (% refused); publish a correction instead', tg_op using errcode = 'insufficient_privilege';
end
$$;
create trigger assessment_versions_immutable before update or delete on assessment_versions
  for each row execute function assessment_versions_refuse_change();
create trigger assessment_versions_no_truncate before truncate on assessment_versions
  for each statement execute function assessment_versions_refuse_change();

-- A window head's dispute of a record during verification (核实), and the decision on it.
create table disputes (
  id uuid primary key,
  violation_id uuid not null unique references violations (id),
  window_id uuid not null references windows (id),
  month text not null,
  filed_by uuid not null references users (id),
  reason text not null,
  filed_at timestamptz not null,
  status text not null default 'pending' check (status in ('pending', 'upheld', 'overturned')),
  decided_by uuid references users (id),
  decision_reason text,
  decided_at timestamptz,
  seq bigint not null default nextval('change_seq'),
  deleted_at timestamptz,
  created_at timestamptz not null default now()
);
create index disputes_month_idx on disputes (month, status);
create index disputes_window_idx on disputes (window_id);
create index disputes_seq_idx on disputes (seq);
create trigger disputes_bump_seq before update on disputes for each row execute function bump_change_seq();

-- Bonuses (附加分) the supervision section grants for a month; one event earns one bonus.
create table bonus_records (
  id uuid primary key,
  month text not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  window_id uuid not null references windows (id),
  staff_id uuid references staff (id),
  bonus_code text not null,
  points numeric(6, 2) not null check (points > 0),
  event_id text not null,
  note text not null default '',
  status text not null default 'active' check (status in ('active', 'withdrawn')),
  withdrawn_reason text,
  recorded_by uuid not null references users (id),
  seq bigint not null default nextval('change_seq'),
  deleted_at timestamptz,
  created_at timestamptz not null default now()
);
create index bonus_records_month_idx on bonus_records (month);
create index bonus_records_seq_idx on bonus_records (seq);
create trigger bonus_records_bump_seq before update on bonus_records for each row execute function bump_change_seq();

-- Disqualifications from honours (取消评优, DOMAIN §5.7) the supervision section records; duty
-- neglect is computed from the roster and the rounds instead.
create table disqualification_records (
  id uuid primary key,
  month text not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  window_id uuid not null references windows (id),
  code text not null,
  reason text not null,
  status text not null default 'active' check (status in ('active', 'withdrawn')),
  withdrawn_reason text,
  recorded_by uuid not null references users (id),
  created_at timestamptz not null default now()
);
create index disqualification_records_month_idx on disqualification_records (month);

-- Duty patrol compliance imported from a bundle (the rounds it was computed from are not in a
-- bundle). A month with rows here is assessed from them instead of the roster and rounds.
create table duty_patrol_records (
  month text not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  window_id uuid not null references windows (id),
  rounds_required int not null check (rounds_required >= 0),
  rounds_done int not null check (rounds_done >= 0),
  primary key (month, window_id)
);
