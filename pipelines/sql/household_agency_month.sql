-- Arrears per household, agency and month (the arrears timeline), for every household with at
-- least one open case or arrears at that agency in the month.
-- Pilot thresholds (signals/casestate.py pilot_threshold_crossed): per person, source and type
-- code with a pilot, the arrears add up to at least min_cent, the oldest is at least min_maanden
-- months past due and, if required, one of the cases reached an Aanmaning. A household crosses an
-- agency's threshold when one of its members does.
-- Inputs: facts.case_state, facts.person_households, type_codes, as_of_months.
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
),

type_codes as (
    select * from type_codes
),

person_pilot as (
    select c.month, c.pseudonym, c.bron, 1 as pilot_drempel
    from case_state as c
    join type_codes as t on t.code = c.type_financiele_verplichting
    where c.achterstand_cent > 0 and t.pilot_min_cent is not null
    group by c.month, c.pseudonym, c.bron, c.type_financiele_verplichting,
        t.pilot_min_cent, t.pilot_min_maanden, t.pilot_na_aanmaning
    having sum(c.achterstand_cent) >= t.pilot_min_cent
        and max(c.oudste_achterstand_maanden) >= t.pilot_min_maanden
        and (not t.pilot_na_aanmaning or max(c.sterkste_aanmaning) >= 3)
),

members_pilot as (
    select distinct h.household_id, p.month, p.bron
    from person_pilot as p
    join person_households as h using (month, pseudonym)
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
    (max(mp.household_id) is not null)::INTEGER as pilot_drempel,
    coalesce(max((c.open and c.type_financiele_verplichting = 'cak_bestuursrechtelijke_premie')
        ::INTEGER), 0)::INTEGER as premie_regime,
    max(c.max_kennis_tijd) as max_kennis_tijd
from case_state as c
join person_households as h using (month, pseudonym)
left join members_pilot as mp
    on mp.household_id = h.household_id and mp.month = c.month and mp.bron = c.bron
where c.open or c.achterstand_cent > 0
group by h.household_id, c.month, c.bron
