-- Labels: for every household-month in arrears, whether an outcome (uitkomsten) is recorded for
-- a member of the household (members as of the month) within the 12 months after the month;
-- label_known when all 12 outcome deliveries after the month have been loaded.
-- Inputs: serving.household_features, facts.person_households, raw.outcomes, serving.deliveries.
with

features as (
    select household_id, month
    from serving.household_features
    where totaal_achterstand_cent > 0
),

members as (
    select month, household_id, pseudonym from facts.person_households
),

outcomes as (
    select distinct pseudonym, datum from raw.outcomes
),

outcome_months as (
    select distinct delivery_month
    from serving.deliveries
    where kind = 'uitkomsten'
),

hits as (
    select distinct f.household_id, f.month
    from features as f
    join members as m using (household_id, month)
    join outcomes as o
        on o.pseudonym = m.pseudonym
        and o.datum >= (f.month + interval 1 month)::DATE
        and o.datum < (f.month + interval 13 month)::DATE
),

known as (
    select f.household_id, f.month
    from features as f
    where (
        select count(*)
        from outcome_months as d
        where d.delivery_month > f.month
            and d.delivery_month <= (f.month + interval 12 month)::DATE
    ) = 12
)

select
    f.household_id,
    f.month,
    h.household_id is not null as label,
    k.household_id is not null as label_known
from features as f
left join hits as h using (household_id, month)
left join known as k using (household_id, month)
