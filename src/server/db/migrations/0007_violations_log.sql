-- An applied violation.record is logged by its own violation row instead of a second row in
-- `mutations` (one multi-row insert less per pushed batch on the hot path). Rejections, other
-- mutations and every record applied before this migration stay in `mutations`; push looks an id
-- up in both (src/server/sync/mutation-log.ts). Rows not written by a push (an accepted late
-- submission) have no mutation id; the partial index leaves them out.
alter table violations add column mutation_id uuid, add column body_hash text;
create unique index violations_mutation_idx on violations (mutation_id) where mutation_id is not null;
