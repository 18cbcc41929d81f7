-- restricted.identity: who lived in which household in which month, with the contact details of
-- the latest contact delivery up to that month (NULL when none). One row per (month, pseudonym).
-- Inputs: restricted.bsn_map, facts.person_households, restricted.contact, as_of_months.
with

as_of_months as (
    select month from as_of_months
),

bsn_map as (
    select b.* from restricted.bsn_map as b join as_of_months using (month)
),

members as (
    select month, pseudonym, household_id from facts.person_households
),

contact as (
    select * from restricted.contact
),

latest_contact as (
    -- the latest delivery up to the month (an as-of join: one match per person and month)
    select b.month, b.bsn, c.naam, c.adres, c.postcode, c.woonplaats, c.telefoon
    from bsn_map as b
    asof join contact as c on c.bsn = b.bsn and c.delivery_month <= b.month
)

select
    b.pseudonym,
    b.bsn,
    m.household_id,
    b.month,
    l.naam,
    l.adres,
    l.postcode,
    l.woonplaats,
    l.telefoon
from bsn_map as b
join members as m using (month, pseudonym)
left join latest_contact as l using (month, bsn)
