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

same_month as (
    -- usually the latest delivery up to the month is the month's own (an equi-join is cheap)
    select b.month, b.bsn, c.naam, c.adres, c.postcode, c.woonplaats, c.telefoon
    from bsn_map as b
    join restricted.contact as c on c.bsn = b.bsn and c.delivery_month = b.month
    qualify row_number() over (partition by b.month, b.bsn) = 1
),

missing as (
    select * from bsn_map anti join same_month using (month, bsn)
),

earlier as (
    -- the others: the latest earlier delivery (an as-of join: one match per person and month)
    select b.month, b.bsn, c.naam, c.adres, c.postcode, c.woonplaats, c.telefoon
    from missing as b
    asof join (select * from restricted.contact semi join missing using (bsn)) as c
        on c.bsn = b.bsn and c.delivery_month <= b.month
),

latest_contact as (
    select * from same_month
    union all
    select * from earlier
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
