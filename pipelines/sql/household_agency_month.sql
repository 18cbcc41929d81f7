-- Arrears per household, agency and month (the arrears timeline), for every household with at
-- least one open case or arrears at that agency in the month.
-- Inputs: facts.case_state, facts.person_households, as_of_months.
with

as_of_months as (
    select month from as_of_months
),

case_state as (
    select c.*
    from facts.case_state as c
    join as_of_months using (month)
),

person_households as (
    select month, pseudonym, household_id from facts.person_households
)

select
    h.household_id,
    c.month,
    c.bron,
    (count(*) filter (where c.open))::INTEGER as open_zaken,
    coalesce(sum(c.saldo_cent) filter (where c.open), 0)::BIGINT as saldo_cent,
    sum(c.achterstand_cent)::BIGINT as achterstand_cent,
    max(c.oudste_achterstand_maanden)::INTEGER as oudste_achterstand_maanden,
    coalesce(sum(c.verhogingen) filter (where c.open), 0)::INTEGER as verhogingen,
    coalesce(max(c.sterkste_aanmaning) filter (where c.open), 0)::INTEGER as sterkste_aanmaning,
    max(c.pilot_drempel::INTEGER)::INTEGER as pilot_drempel,
    coalesce(max((c.open and c.type_financiele_verplichting = 'cak_bestuursrechtelijke_premie')
        ::INTEGER), 0)::INTEGER as premie_regime,
    max(c.max_kennis_tijd) as max_kennis_tijd
from case_state as c
join person_households as h using (month, pseudonym)
where c.open or c.achterstand_cent > 0
group by h.household_id, c.month, c.bron
