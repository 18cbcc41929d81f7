-- Staged events: one row per event (gebeurteniskenmerk within a source). A re-delivered event
-- (same file again, or the same event in a later file) counts once: the first delivery wins.
with

raw_events as (
    select * from raw.events
),

ranked as (
    select
        *,
        row_number() over (
            partition by bron, gebeurteniskenmerk
            order by delivery_month, source_path, source_line
        ) as delivery_rank
    from raw_events
)

select
    bron,
    gebeurteniskenmerk,
    gebeurtenis_type,
    datumtijd_gebeurtenis as kennis_tijd,
    zaakkenmerk,
    pseudonym,
    primaire_verplichting,
    type_financiele_verplichting,
    categorie,
    bedrag_cent,
    betaal_type,
    vervaldatum,
    ingetrokken_gebeurteniskenmerk
from ranked
where delivery_rank = 1
