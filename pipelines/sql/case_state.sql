-- Financial-case state as of each month in `as_of_months`, from the facts known by then.
-- One row per (month, bron, zaakkenmerk) that exists as of the month. The Python reference is
-- signals/casestate.py (tests compare the two on simulated towns). Rules:
-- - a case exists once an obligation (FinancieleVerplichtingOpgelegd) of it is known; its person
--   and type come from the first known primary obligation (else the first obligation);
-- - saldo = imposed - (payments + remissions);
-- - payments and remissions cover the demands that were not withdrawn, oldest first (by
--   vervaldatum, knowledge time, kenmerk); a demand is past due when its vervaldatum is before the
--   as-of date (the last day of the month); achterstand = uncovered past-due part, capped at the
--   balance; the age of the oldest uncovered past-due demand is in whole calendar months;
-- - legacy signals: the latest delivered snapshot of a source lists its cases in arrears (for
--   cases without events); an Aanmaning is assumed when the type's pilot requires one.
-- How: one pass over the events for all months. A case's totals and its demands' unpaid parts
-- change only in months in which one of its events (or a withdrawal of one of its demands)
-- becomes known; they are computed for those months and carried forward to the next one, and
-- only the past-due test is made per month. Rebuilding every month from all the events known by
-- then cost the same work again each month (CPU grew with months x events).
-- Inputs: stg_events, stg_signals, signal_deliveries, as_of_months(month, as_of, next_month),
-- type_codes.
with

as_of_months as (
    select month, as_of, (next_month - interval 1 day)::DATE as as_of_date
    from as_of_months
),

events as (
    select * from stg_events
),

signals as (
    select * from stg_signals
),

signal_deliveries as (
    select * from signal_deliveries
),

type_codes as (
    select * from type_codes
),

month_windows as (
    -- the knowledge times that become known in each month (as_of grows with the month)
    select
        month,
        coalesce(lag(as_of) over (order by month), '-infinity'::TIMESTAMPTZ) as known_from,
        as_of as known_before
    from as_of_months
),

event_months as (
    -- each event with the first month by which it is known
    select e.*, m.month as known_month
    from events as e
    join month_windows as m on e.kennis_tijd >= m.known_from and e.kennis_tijd < m.known_before
),

withdrawals as (
    -- the first month by which each demand's withdrawal is known
    select bron, ingetrokken_gebeurteniskenmerk as gebeurteniskenmerk, min(known_month) as month
    from event_months
    where gebeurtenis_type = 'BetalingsverplichtingIngetrokken'
    group by bron, ingetrokken_gebeurteniskenmerk
),

demands as (
    -- each demand with the months it counts in: from when it is known until it is withdrawn
    select
        d.bron,
        d.zaakkenmerk,
        d.gebeurteniskenmerk,
        d.bedrag_cent,
        d.vervaldatum,
        d.kennis_tijd,
        case d.betaal_type
            when 'Aanschrijving' then 1 when 'Herinnering' then 2 when 'Aanmaning' then 3 else 0
        end as sterkte,
        d.known_month,
        w.month as withdrawn_month
    from event_months as d
    left join withdrawals as w using (bron, gebeurteniskenmerk)
    where d.gebeurtenis_type = 'BetalingsverplichtingOpgelegd'
),

changes as (
    -- the months in which something about a case becomes known: its own events, and the
    -- withdrawal of one of its demands (payments and demands only change in these months)
    select
        bron,
        zaakkenmerk,
        known_month,
        gebeurtenis_type,
        primaire_verplichting,
        kennis_tijd,
        gebeurteniskenmerk,
        pseudonym,
        type_financiele_verplichting,
        bedrag_cent,
        categorie
    from event_months
    union all by name  -- a withdrawal month of a demand: only the key, every other column NULL
    select bron, zaakkenmerk, withdrawn_month as known_month
    from demands
    where withdrawn_month is not null
),

case_changes as (
    -- what the events first known in a month add to their case
    select
        bron,
        zaakkenmerk,
        known_month,
        arg_min(
            struct_pack(pseudonym, type_financiele_verplichting),
            (not coalesce(primaire_verplichting, false), kennis_tijd, gebeurteniskenmerk)
        ) filter (where gebeurtenis_type = 'FinancieleVerplichtingOpgelegd') as primary_obligation,
        min((not coalesce(primaire_verplichting, false), kennis_tijd, gebeurteniskenmerk))
            filter (where gebeurtenis_type = 'FinancieleVerplichtingOpgelegd') as primary_key,
        count(*) filter (where gebeurtenis_type = 'FinancieleVerplichtingOpgelegd')
            as obligations,
        sum(bedrag_cent) filter (where gebeurtenis_type = 'FinancieleVerplichtingOpgelegd')
            as opgelegd_cent,
        count(*) filter (
            where gebeurtenis_type = 'FinancieleVerplichtingOpgelegd' and categorie = 'Verhoging'
        ) as verhogingen,
        sum(bedrag_cent) filter (
            where gebeurtenis_type in ('BetalingVerwerkt', 'FinancieleVerplichtingKwijtgescholden')
        ) as voldaan_cent,
        max(kennis_tijd) as max_kennis_tijd
    from changes
    group by bron, zaakkenmerk, known_month
),

case_totals as (
    -- running totals per case from each month with changes up to the next such month
    select
        bron,
        zaakkenmerk,
        known_month,
        coalesce(
            lead(known_month) over (partition by bron, zaakkenmerk order by known_month),
            DATE '9999-12-31'
        ) as until_month,
        arg_min(primary_obligation, primary_key) over running as primary_obligation,
        sum(obligations) over running as obligations,
        sum(opgelegd_cent) over running as opgelegd_cent,
        sum(verhogingen) over running as verhogingen,
        sum(voldaan_cent) over running as voldaan_cent,
        max(max_kennis_tijd) over running as max_kennis_tijd
    from case_changes
    window running as (
        partition by bron, zaakkenmerk
        order by known_month
        rows between unbounded preceding and current row
    )
),

demand_state as (
    -- at each month with changes of a case, the unpaid part of each of its demands that count
    -- then: payments and remissions cover the demands oldest first
    select
        t.bron,
        t.zaakkenmerk,
        t.known_month,
        d.vervaldatum,
        d.sterkte,
        d.bedrag_cent - least(
            d.bedrag_cent,
            greatest(
                0,
                coalesce(t.voldaan_cent, 0) - coalesce(sum(d.bedrag_cent) over (
                    partition by t.bron, t.zaakkenmerk, t.known_month
                    order by d.vervaldatum, d.kennis_tijd, d.gebeurteniskenmerk
                    rows between unbounded preceding and 1 preceding
                ), 0)
            )
        ) as onbetaald_cent
    from case_totals as t
    join demands as d
        on d.bron = t.bron
        and d.zaakkenmerk = t.zaakkenmerk
        and d.known_month <= t.known_month
        and (d.withdrawn_month is null or d.withdrawn_month > t.known_month)
),

demand_strength as (
    select bron, zaakkenmerk, known_month, max(sterkte) as sterkste_aanmaning
    from demand_state
    group by bron, zaakkenmerk, known_month
),

unpaid_demands as (
    select bron, zaakkenmerk, known_month, vervaldatum, onbetaald_cent
    from demand_state
    where onbetaald_cent > 0
),

case_months as (
    select m.month, m.as_of_date, t.*
    from case_totals as t
    join as_of_months as m on m.month >= t.known_month and m.month < t.until_month
),

cases as (
    -- a case exists once one of its obligations is known
    select *
    from case_months
    where obligations > 0
),

demand_totals as (
    -- per month: the unpaid part of the demands past due by the month end
    select
        c.month,
        c.bron,
        c.zaakkenmerk,
        sum(u.onbetaald_cent) as achterstand_open_cent,
        min(u.vervaldatum) as oudste_vervaldatum
    from cases as c
    join unpaid_demands as u
        on u.bron = c.bron
        and u.zaakkenmerk = c.zaakkenmerk
        and u.known_month = c.known_month
        and u.vervaldatum < c.as_of_date
    group by c.month, c.bron, c.zaakkenmerk
),

event_cases as (
    select
        c.month,
        c.bron,
        c.zaakkenmerk,
        c.primary_obligation.pseudonym as pseudonym,
        c.primary_obligation.type_financiele_verplichting as type_financiele_verplichting,
        'events' as herkomst,
        c.opgelegd_cent - coalesce(c.voldaan_cent, 0) as saldo_cent,
        least(
            coalesce(t.achterstand_open_cent, 0),
            greatest(c.opgelegd_cent - coalesce(c.voldaan_cent, 0), 0)
        ) as achterstand_cent,
        t.oudste_vervaldatum,
        c.verhogingen,
        coalesce(s.sterkste_aanmaning, 0) as sterkste_aanmaning,
        c.max_kennis_tijd
    from cases as c
    left join demand_totals as t using (month, bron, zaakkenmerk)
    left join demand_strength as s using (bron, zaakkenmerk, known_month)
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
        case when coalesce(tc.pilot_na_aanmaning, false) then 3 else 0 end as sterkste_aanmaning,
        s.kennis_tijd as max_kennis_tijd
    from latest_snapshot as l
    join signals as s using (bron, delivery_month)
    join as_of_months as m on m.month = l.month and s.kennis_tijd < m.as_of
    left join type_codes as tc on tc.code = s.type_financiele_verplichting
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
    a.saldo_cent::BIGINT as saldo_cent,
    a.achterstand_cent::BIGINT as achterstand_cent,
    case
        when a.achterstand_cent > 0 and a.oudste_vervaldatum is not null then greatest(
            0,
            (year(m.as_of_date) - year(a.oudste_vervaldatum)) * 12
            + month(m.as_of_date) - month(a.oudste_vervaldatum)
            - (day(m.as_of_date) < day(a.oudste_vervaldatum))::INTEGER
        )
        else 0
    end::INTEGER as oudste_achterstand_maanden,
    a.verhogingen::INTEGER as verhogingen,
    a.sterkste_aanmaning::INTEGER as sterkste_aanmaning,
    a.saldo_cent > 0 as open,
    a.max_kennis_tijd,
    m.as_of
from all_cases as a
join as_of_months as m using (month)
