-- Window Duty: the inputs of a quarter or a year (issue #15 point 10, DOMAIN §5.8) that the
-- supervision section enters: the personnel office's 优秀 quota, and the peer review (窗口互评)
-- and public satisfaction (群众满意度) scores (0–100 per person) it imports from a spreadsheet.
-- A period is 'YYYY-Qn' or 'YYYY'. Changes are audited (audit_log), like other admin changes.
create table period_quotas (
  period text primary key check (period ~ '^[0-9]{4}(-Q[1-4])?$'),
  quota integer not null check (quota >= 0 and quota <= 10000),
  tie_rule text not null default 'exclude_all_tied' check (tie_rule in ('include_all_tied', 'exclude_all_tied')),
  updated_by uuid references users (id),
  updated_at timestamptz not null default now()
);

create table period_scores (
  period text not null check (period ~ '^[0-9]{4}(-Q[1-4])?$'),
  staff_id uuid not null references staff (id),
  kind text not null check (kind in ('peer_review', 'public_satisfaction')),
  score numeric(5, 2) not null check (score >= 0 and score <= 100),
  updated_by uuid references users (id),
  updated_at timestamptz not null default now(),
  primary key (period, staff_id, kind)
);
