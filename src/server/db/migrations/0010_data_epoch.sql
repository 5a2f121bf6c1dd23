-- Window Duty: the data epoch (issue #16 point 3). One row; a restore from backup gives it a new
-- value. Pull and push answers carry it: a phone that sees it change knows the server went back
-- in time, so it pulls from cursor 0 and re-sends the mutations it had sent since (the server
-- answers the ones it still has from its exactly-once log, and applies the lost ones once).
create table data_epoch (
  id int primary key default 1 check (id = 1),
  epoch uuid not null default gen_random_uuid(),
  restored_at timestamptz
);
insert into data_epoch (id) values (1);
