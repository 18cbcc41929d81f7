-- restricted.household_protected: household-level audit groups (never features), per month.
-- geslacht, leeftijdsgroep (age band at the month end) and migratieachtergrond of the anchor, the
-- anchor's wijk, and the household type from the partner and parent-child links in the household.
-- Inputs: facts.person_households, restricted.protected_attributes, as_of_months.
with

as_of_months as (
    select month, next_month from as_of_months
),

members as (
    select h.* from facts.person_households as h join as_of_months using (month)
),

protected as (
    select * from restricted.protected_attributes
),

shape as (
    select
        m.month,
        m.household_id,
        count(*) as leden,
        count(*) filter (where p.household_id is not null) as met_partner,
        count(*) filter (where o.household_id is not null) as kinderen
    from members as m
    left join members as p
        on p.month = m.month and p.household_id = m.household_id and p.pseudonym = m.partner
    left join members as o
        on o.month = m.month and o.household_id = m.household_id
        and o.pseudonym in (m.ouder1, m.ouder2)
    group by m.month, m.household_id
)

select
    m.household_id,
    m.month,
    a.geslacht,
    case
        when a.geboortedatum is null then 'onbekend'
        when date_sub('year', a.geboortedatum, (m.month + interval 1 month)::DATE) < 27 then '18-26'
        when date_sub('year', a.geboortedatum, (m.month + interval 1 month)::DATE) < 45 then '27-44'
        when date_sub('year', a.geboortedatum, (m.month + interval 1 month)::DATE) < 67 then '45-66'
        else '67+'
    end as leeftijdsgroep,
    a.migratieachtergrond,
    a.wijk,
    case
        when s.leden = 1 then 'alleenstaand'
        when s.met_partner > 0 and s.kinderen > 0 then 'paar_met_kinderen'
        when s.met_partner > 0 and s.leden = 2 then 'paar'
        when s.met_partner = 0 and s.kinderen > 0 then 'alleenstaande_ouder'
        else 'overig'
    end as huishoudtype
from members as m
join shape as s using (month, household_id)
left join protected as a on a.pseudonym = m.pseudonym and a.month = m.month
where m.is_anchor
