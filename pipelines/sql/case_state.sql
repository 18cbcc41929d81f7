-- Financial-case state as of each month in `as_of_months`, from the facts known by then.
-- One row per (month, bron, zaakkenmerk) that exists as of the month.
-- Inputs: stg_events, stg_signals, signal_deliveries (delivered snapshot files, refused
-- ones excluded), as_of_months(month, as_of, next_month), type_codes.
-- Rules (signal contract): saldo = imposed - (payments + remissions); a demand is past due when
-- its vervaldatum is before the as-of moment; payments go to the oldest demand first (by
-- vervaldatum, then knowledge time, then kenmerk); withdrawn demands do not count. Legacy signals
-- give the case state of the latest snapshot of their source, for cases without events.
with

as_of_months as (
    select month, as_of, next_month from as_of_months
),

events as (
    select * from stg_events
),

signals as (
    select * from stg_signals
),

type_codes as (
    select * from type_codes
),

known as (
    select m.month, m.as_of, m.next_month, e.*
    from as_of_months as m
    join events as e on e.kennis_tijd < m.as_of
),

withdrawn as (
    select distinct month, bron, ingetrokken_gebeurteniskenmerk as gebeurteniskenmerk
    from known
    where gebeurtenis_type = 'BetalingsverplichtingIngetrokken'
),

cases as (
    select
        month,
        bron,
        zaakkenmerk,
        arg_min(pseudonym, kennis_tijd) as pseudonym,
        max(kennis_tijd) as max_kennis_tijd,
        coalesce(
            arg_min(type_financiele_verplichting, kennis_tijd) filter (
                where gebeurtenis_type = 'FinancieleVerplichtingOpgelegd' and primaire_verplichting
            ),
            arg_min(type_financiele_verplichting, kennis_tijd) filter (
                where gebeurtenis_type = 'FinancieleVerplichtingOpgelegd'
            )
        ) as type_financiele_verplichting,
        coalesce(sum(bedrag_cent) filter (
            where gebeurtenis_type = 'FinancieleVerplichtingOpgelegd'), 0) as opgelegd_cent,
        coalesce(sum(bedrag_cent) filter (
            where gebeurtenis_type = 'BetalingVerwerkt'), 0) as betaald_cent,
        coalesce(sum(bedrag_cent) filter (
            where gebeurtenis_type = 'FinancieleVerplichtingKwijtgescholden'), 0) as kwijtgescholden_cent,
        count(*) filter (
            where gebeurtenis_type = 'FinancieleVerplichtingOpgelegd' and categorie = 'Verhoging'
        ) as verhogingen
    from known
    group by month, bron, zaakkenmerk
),

demands as (
    select
        k.month,
        k.next_month,
        k.bron,
        k.zaakkenmerk,
        k.gebeurteniskenmerk,
        k.bedrag_cent,
        k.vervaldatum,
        k.kennis_tijd,
        case k.betaal_type
            when 'Aanschrijving' then 1 when 'Herinnering' then 2 when 'Aanmaning' then 3 else 0
        end as sterkte
    from known as k
    anti join withdrawn as w
        on w.month = k.month and w.bron = k.bron and w.gebeurteniskenmerk = k.gebeurteniskenmerk
    where k.gebeurtenis_type = 'BetalingsverplichtingOpgelegd'
),

allocated as (
    select
        d.*,
        coalesce(sum(d.bedrag_cent) over (
            partition by d.month, d.bron, d.zaakkenmerk
            order by d.vervaldatum, d.kennis_tijd, d.gebeurteniskenmerk
            rows between unbounded preceding and 1 preceding
        ), 0) as eerder_cent,
        c.betaald_cent
    from demands as d
    join cases as c using (month, bron, zaakkenmerk)
),

demand_state as (
    select
        *,
        bedrag_cent - least(bedrag_cent, greatest(0, betaald_cent - eerder_cent)) as onbetaald_cent
    from allocated
),

demand_totals as (
    select
        month,
        bron,
        zaakkenmerk,
        coalesce(sum(onbetaald_cent) filter (where vervaldatum < next_month), 0)
            as achterstand_cent,
        min(vervaldatum) filter (where vervaldatum < next_month and onbetaald_cent > 0)
            as oudste_vervaldatum,
        max(sterkte) as sterkste_aanmaning
    from demand_state
    group by month, bron, zaakkenmerk
),

event_cases as (
    select
        c.month,
        c.bron,
        c.zaakkenmerk,
        c.pseudonym,
        c.type_financiele_verplichting,
        'events' as herkomst,
        c.opgelegd_cent - c.betaald_cent - c.kwijtgescholden_cent as saldo_cent,
        coalesce(t.achterstand_cent, 0) as achterstand_cent,
        t.oudste_vervaldatum,
        c.verhogingen,
        coalesce(t.sterkste_aanmaning, 0) as sterkste_aanmaning,
        c.max_kennis_tijd
    from cases as c
    left join demand_totals as t using (month, bron, zaakkenmerk)
),

signal_deliveries as (
    select * from signal_deliveries
),

latest_snapshot as (
    -- a snapshot lists every case in arrears: the latest delivered one replaces the earlier ones
    -- (an empty snapshot means no case of that source is in arrears)
    select m.month, d.bron, max(d.delivery_month) as delivery_month
    from as_of_months as m
    join signal_deliveries as d on d.delivery_month <= m.month
    group by m.month, d.bron
),

signal_cases as (
    select
        l.month,
        s.bron,
        s.zaakkenmerk,
        s.pseudonym,
        s.type_financiele_verplichting,
        'signals' as herkomst,
        s.achterstand_cent as saldo_cent,
        s.achterstand_cent,
        s.oudste_vervaldatum,
        0 as verhogingen,
        0 as sterkste_aanmaning,
        s.kennis_tijd as max_kennis_tijd
    from latest_snapshot as l
    join signals as s using (bron, delivery_month)
    anti join cases as c
        on c.month = l.month and c.bron = s.bron and c.zaakkenmerk = s.zaakkenmerk
),

all_cases as (
    select * from event_cases
    union all by name
    select * from signal_cases
)

select
    a.month,
    a.bron,
    a.zaakkenmerk,
    a.pseudonym,
    a.type_financiele_verplichting,
    a.herkomst,
    a.saldo_cent,
    a.achterstand_cent,
    coalesce(date_sub('month', a.oudste_vervaldatum, m.next_month), 0)::INTEGER
        as oudste_achterstand_maanden,
    a.verhogingen::INTEGER as verhogingen,
    a.sterkste_aanmaning::INTEGER as sterkste_aanmaning,
    a.saldo_cent > 0 as open,
    coalesce(
        a.achterstand_cent > 0
        and a.achterstand_cent >= tc.pilot_min_cent
        and coalesce(date_sub('month', a.oudste_vervaldatum, m.next_month), 0)
            >= tc.pilot_min_maanden
        and (not tc.pilot_na_aanmaning or a.sterkste_aanmaning >= 3 or a.herkomst = 'signals'),
        false
    ) as pilot_drempel,
    a.max_kennis_tijd,
    m.as_of
from all_cases as a
join as_of_months as m using (month)
left join type_codes as tc on tc.code = a.type_financiele_verplichting
