-- Window Duty: a leave found obtained by deceit (骗假, DOMAIN §6) by the supervision section:
-- {foundAt, foundBy, foundByName, reason}, null otherwise. Its days are then absence (旷工),
-- computed with the other consequences of leave when a month is assessed.
alter table leaves add column deceit jsonb;
