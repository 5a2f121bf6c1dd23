-- Window Duty: the console's duty roster editor. A floor may have several entries in a month
-- (one officer for some days, another for the rest); the admin API refuses two entries of a floor
-- covering the same day (409 overlap, checked under the change-feed lock). A soft-deleted entry
-- no longer blocks its floor and month.
alter table duty_roster drop constraint duty_roster_month_floor_id_key;
create index duty_roster_month_floor_idx on duty_roster (month, floor_id) where deleted_at is null;
