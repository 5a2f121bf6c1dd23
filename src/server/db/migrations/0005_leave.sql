-- Window Duty: leave, substitute cover and outings (issue #4, DOMAIN §6–§7).
-- Hall days are text YYYY-MM-DD (no time zone games with the date type); half days 'am' / 'pm'.

-- A leave request. steps, attachments, revocation and closure are the domain's JSON
-- (src/domain/leave/entities.ts); the columns beside them are what queries filter on.
create table leaves (
  id uuid primary key,
  staff_id uuid not null references staff (id),
  window_id uuid not null references windows (id),
  requested_by uuid not null references users (id),
  requested_by_name text not null,
  type text not null,
  from_date text not null check (from_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  from_half text not null check (from_half in ('am', 'pm')),
  to_date text not null check (to_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  to_half text not null check (to_half in ('am', 'pm')),
  until_date text not null,
  until_half text not null check (until_half in ('am', 'pm')),
  half_days int not null check (half_days >= 0),
  reason text not null,
  attachments jsonb not null default '[]',
  status text not null check (status in ('pending', 'approved', 'rejected', 'withdrawn', 'revoked', 'closed')),
  steps jsonb not null,
  substitute_required boolean not null,
  substitute_reason text not null default '',
  substitute_id uuid,
  extension_of uuid references leaves (id),
  filed_afterwards boolean not null default false,
  submitted_at timestamptz not null,
  withdrawn_at timestamptz,
  revocation jsonb,
  closure jsonb,
  server_received_at timestamptz not null default now(),
  seq bigint not null default nextval('change_seq'),
  deleted_at timestamptz,
  created_at timestamptz not null default now()
);
create index leaves_seq_idx on leaves (seq);
create index leaves_staff_idx on leaves (staff_id, from_date);
create index leaves_window_idx on leaves (window_id, from_date);
create index leaves_extension_idx on leaves (extension_of);
create trigger leaves_bump_seq before update on leaves for each row execute function bump_change_seq();

-- 替岗: who stands in for whom, confirmation (报备 at confirmation) and the temporary badge.
create table substitutes (
  id uuid primary key,
  leave_id uuid not null references leaves (id),
  window_id uuid not null references windows (id),
  for_staff_id uuid not null references staff (id),
  substitute_staff_id uuid references staff (id),
  substitute_name text not null,
  substitute_phone text,
  from_date text not null,
  from_half text not null check (from_half in ('am', 'pm')),
  to_date text not null,
  to_half text not null check (to_half in ('am', 'pm')),
  status text not null check (status in ('named', 'confirmed', 'cancelled')),
  named_by uuid not null references users (id),
  named_by_name text not null,
  named_at timestamptz not null,
  confirmed_by uuid references users (id),
  confirmed_by_name text,
  confirmed_at timestamptz,
  reported_at timestamptz,
  badge_number text,
  badge_issued_at timestamptz,
  badge_issued_by_name text,
  badge_returned_at timestamptz,
  badge_returned_by_name text,
  seq bigint not null default nextval('change_seq'),
  deleted_at timestamptz,
  created_at timestamptz not null default now()
);
create index substitutes_seq_idx on substitutes (seq);
create index substitutes_leave_idx on substitutes (leave_id);
create index substitutes_window_idx on substitutes (window_id);
create trigger substitutes_bump_seq before update on substitutes for each row execute function bump_change_seq();

-- 临时外出: leaving and return, registered.
create table outings (
  id uuid primary key,
  staff_id uuid not null references staff (id),
  window_id uuid not null references windows (id),
  purpose text not null,
  started_at timestamptz not null,
  expected_return_at timestamptz,
  returned_at timestamptz,
  registered_by uuid not null references users (id),
  registered_by_name text not null,
  seq bigint not null default nextval('change_seq'),
  deleted_at timestamptz,
  created_at timestamptz not null default now()
);
create index outings_seq_idx on outings (seq);
create index outings_staff_idx on outings (staff_id, started_at);
create index outings_window_idx on outings (window_id);
create trigger outings_bump_seq before update on outings for each row execute function bump_change_seq();

-- Documents of a leave (sick certificates, notices): files under DATA_DIR/leave-files/<sha256>,
-- uploaded after the mutation that lists them is applied.
create table leave_files (
  hash text primary key check (hash ~ '^[0-9a-f]{64}$'),
  mime text not null check (mime in ('image/jpeg', 'image/png', 'application/pdf')),
  bytes int not null,
  uploaded_by uuid not null references users (id),
  uploaded_at timestamptz not null default now()
);
