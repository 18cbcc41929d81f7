-- Staged legacy threshold signals: one row per case per monthly snapshot (a case listed twice in
-- a month's snapshot counts once). Knowledge time: the start of peildatum in Europe/Amsterdam.
with

raw_signals as (
    select * from raw.signals
)

select distinct on (bron, zaakkenmerk, delivery_month)
    delivery_month,
    bron,
    zaakkenmerk,
    pseudonym,
    type_financiele_verplichting,
    achterstand_cent,
    oudste_vervaldatum,
    peildatum,
    timezone('Europe/Amsterdam', peildatum::timestamp) as kennis_tijd
from raw_signals
order by bron, zaakkenmerk, delivery_month, source_path, source_line
