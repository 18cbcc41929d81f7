-- Debt help known at the as-of month: for every household-month of household_features in
-- `as_of_months`, whether a member (members as of the month) was registered for municipal debt
-- help (`aanmelding_schuldhulp`) or admitted to the WSNP within the 24 months up to the end of the
-- month, counting only outcomes DELIVERED by the end of the month (knowledge time: an outcome
-- delivered later is not known yet, even if it happened earlier).
-- One row per (household_id, month). Inputs: serving.household_features,
-- facts.person_households, raw.outcomes, as_of_months.
with

months as (
    select month from as_of_months
),

households as (
    select f.household_id, f.month
    from serving.household_features as f
    join months using (month)
),

members as (
    select p.month, p.household_id, p.pseudonym
    from facts.person_households as p
    join months using (month)
),

help as (
    select distinct pseudonym, datum, delivery_month
    from raw.outcomes
    where uitkomst in ('aanmelding_schuldhulp', 'wsnp')
),

known as (
    select m.household_id, m.month, max(o.datum) as laatste_melding
    from members as m
    join help as o
        on o.pseudonym = m.pseudonym
        and o.delivery_month <= m.month
        and o.datum < (m.month + interval 1 month)::DATE
        and o.datum >= (m.month - interval 23 month)::DATE
    group by m.household_id, m.month
)

select
    h.household_id,
    h.month,
    k.household_id is not null as in_schuldhulp,
    k.laatste_melding
from households as h
left join known as k using (household_id, month)
