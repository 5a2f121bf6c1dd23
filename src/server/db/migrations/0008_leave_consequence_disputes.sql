-- Window Duty: a dispute may name a consequence of leave (issue #4 point 8, issue #5 核实).
-- Consequences of leave (no substitute, absence from overstaying or a refused request filed
-- afterwards, outings over the limit) are not stored: they are computed from the leave rows
-- each time a month is assessed, with ids derived from their source (the same leave gives the
-- same id). disputes.violation_id names the disputed record: a violation, or such a derived id,
-- so it can no longer reference violations. record_kind says which; window and month are on the
-- dispute already.
alter table disputes drop constraint if exists disputes_violation_id_fkey;
alter table disputes add column record_kind text not null default 'violation' check (record_kind in ('violation', 'leave'));
