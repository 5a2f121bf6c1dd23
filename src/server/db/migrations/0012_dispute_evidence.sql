-- Window Duty: evidence of a dispute (issue #15 point 11, DOMAIN §5.3). A window head attaches
-- photos or a document to a dispute, offline: the dispute lists them by the sha256 of their
-- bytes, the phone uploads the bytes once the dispute is applied (like leave documents).
alter table disputes add column evidence jsonb not null default '[]'::jsonb;

create table dispute_files (
  hash text primary key check (hash ~ '^[0-9a-f]{64}$'),
  mime text not null check (mime in ('image/jpeg', 'image/png', 'application/pdf')),
  bytes integer not null check (bytes > 0),
  uploaded_by uuid not null references users (id),
  uploaded_at timestamptz not null default now()
);
