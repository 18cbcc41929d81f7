-- Household-month features (docs/data-model.md), for the months in `as_of_months`.
-- Rows: households living in the municipality in the month that have an open case or arrears in
-- the month or had one in the 12 months before. Per-agency columns, totals, changes against 3, 6
-- and 12 months earlier (earlier missing = 0), household size and number of children.
-- Inputs: facts.household_agency_month, facts.person_households, as_of_months.
with

as_of_months as (
    select month from as_of_months
),

agency_month as (
    select * from facts.household_agency_month
),

households as (
    select distinct p.month, p.household_id, p.huishouden_grootte, p.aantal_kinderen
    from facts.person_households as p
    join as_of_months using (month)
),

totals as (
    select
        household_id,
        month,
        sum(saldo_cent)::BIGINT as totaal_saldo_cent,
        sum(achterstand_cent)::BIGINT as totaal_achterstand_cent,
        (count(*) filter (where achterstand_cent > 0))::INTEGER as instanties_met_achterstand,
        sum(pilot_drempel)::INTEGER as pilot_drempels,
        max(premie_regime)::INTEGER as cak_premie_regime
    from agency_month
    group by household_id, month
),

in_scope as (
    select h.month, h.household_id, h.huishouden_grootte, h.aantal_kinderen
    from households as h
    where exists (
        select 1
        from agency_month as a
        where a.household_id = h.household_id
            and a.month between (h.month - interval 12 month)::DATE and h.month
    )
),

per_agency as (
    select
        household_id,
        month,
        coalesce(max(open_zaken) filter (where bron = 'cjib'), 0)::INTEGER as cjib_open_zaken,
        coalesce(max(saldo_cent) filter (where bron = 'cjib'), 0)::BIGINT as cjib_saldo_cent,
        coalesce(max(achterstand_cent) filter (where bron = 'cjib'), 0)::BIGINT as cjib_achterstand_cent,
        coalesce(max(oudste_achterstand_maanden) filter (where bron = 'cjib'), 0)::INTEGER as cjib_oudste_achterstand_maanden,
        coalesce(max(verhogingen) filter (where bron = 'cjib'), 0)::INTEGER as cjib_verhogingen,
        coalesce(max(sterkste_aanmaning) filter (where bron = 'cjib'), 0)::INTEGER as cjib_sterkste_aanmaning,
        coalesce(max(pilot_drempel) filter (where bron = 'cjib'), 0)::INTEGER as cjib_pilot_drempel,
        coalesce(max(open_zaken) filter (where bron = 'cak'), 0)::INTEGER as cak_open_zaken,
        coalesce(max(saldo_cent) filter (where bron = 'cak'), 0)::BIGINT as cak_saldo_cent,
        coalesce(max(achterstand_cent) filter (where bron = 'cak'), 0)::BIGINT as cak_achterstand_cent,
        coalesce(max(oudste_achterstand_maanden) filter (where bron = 'cak'), 0)::INTEGER as cak_oudste_achterstand_maanden,
        coalesce(max(verhogingen) filter (where bron = 'cak'), 0)::INTEGER as cak_verhogingen,
        coalesce(max(sterkste_aanmaning) filter (where bron = 'cak'), 0)::INTEGER as cak_sterkste_aanmaning,
        coalesce(max(pilot_drempel) filter (where bron = 'cak'), 0)::INTEGER as cak_pilot_drempel,
        coalesce(max(open_zaken) filter (where bron = 'duo'), 0)::INTEGER as duo_open_zaken,
        coalesce(max(saldo_cent) filter (where bron = 'duo'), 0)::BIGINT as duo_saldo_cent,
        coalesce(max(achterstand_cent) filter (where bron = 'duo'), 0)::BIGINT as duo_achterstand_cent,
        coalesce(max(oudste_achterstand_maanden) filter (where bron = 'duo'), 0)::INTEGER as duo_oudste_achterstand_maanden,
        coalesce(max(verhogingen) filter (where bron = 'duo'), 0)::INTEGER as duo_verhogingen,
        coalesce(max(sterkste_aanmaning) filter (where bron = 'duo'), 0)::INTEGER as duo_sterkste_aanmaning,
        coalesce(max(pilot_drempel) filter (where bron = 'duo'), 0)::INTEGER as duo_pilot_drempel,
        coalesce(max(open_zaken) filter (where bron = 'bd'), 0)::INTEGER as bd_open_zaken,
        coalesce(max(saldo_cent) filter (where bron = 'bd'), 0)::BIGINT as bd_saldo_cent,
        coalesce(max(achterstand_cent) filter (where bron = 'bd'), 0)::BIGINT as bd_achterstand_cent,
        coalesce(max(oudste_achterstand_maanden) filter (where bron = 'bd'), 0)::INTEGER as bd_oudste_achterstand_maanden,
        coalesce(max(verhogingen) filter (where bron = 'bd'), 0)::INTEGER as bd_verhogingen,
        coalesce(max(sterkste_aanmaning) filter (where bron = 'bd'), 0)::INTEGER as bd_sterkste_aanmaning,
        coalesce(max(pilot_drempel) filter (where bron = 'bd'), 0)::INTEGER as bd_pilot_drempel
    from agency_month
    group by household_id, month
)

select
    s.household_id,
    s.month,
    coalesce(p.cjib_open_zaken, 0)::INTEGER as cjib_open_zaken,
    coalesce(p.cjib_saldo_cent, 0)::BIGINT as cjib_saldo_cent,
    coalesce(p.cjib_achterstand_cent, 0)::BIGINT as cjib_achterstand_cent,
    coalesce(p.cjib_oudste_achterstand_maanden, 0)::INTEGER as cjib_oudste_achterstand_maanden,
    coalesce(p.cjib_verhogingen, 0)::INTEGER as cjib_verhogingen,
    coalesce(p.cjib_sterkste_aanmaning, 0)::INTEGER as cjib_sterkste_aanmaning,
    coalesce(p.cjib_pilot_drempel, 0)::INTEGER as cjib_pilot_drempel,
    coalesce(p.cak_open_zaken, 0)::INTEGER as cak_open_zaken,
    coalesce(p.cak_saldo_cent, 0)::BIGINT as cak_saldo_cent,
    coalesce(p.cak_achterstand_cent, 0)::BIGINT as cak_achterstand_cent,
    coalesce(p.cak_oudste_achterstand_maanden, 0)::INTEGER as cak_oudste_achterstand_maanden,
    coalesce(p.cak_verhogingen, 0)::INTEGER as cak_verhogingen,
    coalesce(p.cak_sterkste_aanmaning, 0)::INTEGER as cak_sterkste_aanmaning,
    coalesce(p.cak_pilot_drempel, 0)::INTEGER as cak_pilot_drempel,
    coalesce(p.duo_open_zaken, 0)::INTEGER as duo_open_zaken,
    coalesce(p.duo_saldo_cent, 0)::BIGINT as duo_saldo_cent,
    coalesce(p.duo_achterstand_cent, 0)::BIGINT as duo_achterstand_cent,
    coalesce(p.duo_oudste_achterstand_maanden, 0)::INTEGER as duo_oudste_achterstand_maanden,
    coalesce(p.duo_verhogingen, 0)::INTEGER as duo_verhogingen,
    coalesce(p.duo_sterkste_aanmaning, 0)::INTEGER as duo_sterkste_aanmaning,
    coalesce(p.duo_pilot_drempel, 0)::INTEGER as duo_pilot_drempel,
    coalesce(p.bd_open_zaken, 0)::INTEGER as bd_open_zaken,
    coalesce(p.bd_saldo_cent, 0)::BIGINT as bd_saldo_cent,
    coalesce(p.bd_achterstand_cent, 0)::BIGINT as bd_achterstand_cent,
    coalesce(p.bd_oudste_achterstand_maanden, 0)::INTEGER as bd_oudste_achterstand_maanden,
    coalesce(p.bd_verhogingen, 0)::INTEGER as bd_verhogingen,
    coalesce(p.bd_sterkste_aanmaning, 0)::INTEGER as bd_sterkste_aanmaning,
    coalesce(p.bd_pilot_drempel, 0)::INTEGER as bd_pilot_drempel,
    coalesce(t.cak_premie_regime, 0)::INTEGER as cak_premie_regime,
    coalesce(t.instanties_met_achterstand, 0)::INTEGER as instanties_met_achterstand,
    coalesce(t.totaal_saldo_cent, 0)::BIGINT as totaal_saldo_cent,
    coalesce(t.totaal_achterstand_cent, 0)::BIGINT as totaal_achterstand_cent,
    coalesce(t.pilot_drempels, 0)::INTEGER as pilot_drempels,
    (coalesce(t.totaal_achterstand_cent, 0) - coalesce(t3.totaal_achterstand_cent, 0))::BIGINT
        as totaal_achterstand_delta_3m,
    (coalesce(t.totaal_achterstand_cent, 0) - coalesce(t6.totaal_achterstand_cent, 0))::BIGINT
        as totaal_achterstand_delta_6m,
    (coalesce(t.totaal_achterstand_cent, 0) - coalesce(t12.totaal_achterstand_cent, 0))::BIGINT
        as totaal_achterstand_delta_12m,
    (coalesce(t.instanties_met_achterstand, 0) - coalesce(t3.instanties_met_achterstand, 0))
        ::INTEGER as instanties_delta_3m,
    (coalesce(t.instanties_met_achterstand, 0) - coalesce(t6.instanties_met_achterstand, 0))
        ::INTEGER as instanties_delta_6m,
    (coalesce(t.instanties_met_achterstand, 0) - coalesce(t12.instanties_met_achterstand, 0))
        ::INTEGER as instanties_delta_12m,
    s.huishouden_grootte::INTEGER as huishouden_grootte,
    s.aantal_kinderen::INTEGER as aantal_kinderen
from in_scope as s
left join per_agency as p using (household_id, month)
left join totals as t using (household_id, month)
left join totals as t3
    on t3.household_id = s.household_id and t3.month = (s.month - interval 3 month)::DATE
left join totals as t6
    on t6.household_id = s.household_id and t6.month = (s.month - interval 6 month)::DATE
left join totals as t12
    on t12.household_id = s.household_id and t12.month = (s.month - interval 12 month)::DATE
