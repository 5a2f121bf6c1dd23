-- Window Duty: when a person recorded off post came back (or a late arrival arrived), as the duty
-- leader recorded it (issue #15 variant 5): the off-post conversion's duration. Null: not recorded.
alter table violations add column returned_at timestamptz;
