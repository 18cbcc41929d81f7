-- Persons and households per register month in `as_of_months`.
-- Household rule (signal contract): people at one adres_id joined by partner and parent-child
-- links; others at the same address form their own household. The anchor is the member living
-- at the address longest (earliest datum_vestiging, ties: smallest pseudonym);
-- household_id = 'hh_' || first 16 hex of sha256(anchor pseudonym) (docs/data-model.md).
-- One row per (month, pseudonym).
with recursive

as_of_months as (
    select month from as_of_months
),

persons as (
    -- pid: a number per person and month, so the closure below hashes integers, not pseudonyms
    select p.*, (row_number() over ())::BIGINT as pid
    from raw.persons as p
    join as_of_months using (month)
),

links as (
    select p.month, p.pid as a, q.pid as b
    from persons as p
    join persons as q
        on q.month = p.month
        and q.adres_id = p.adres_id
        and q.pseudonym <> p.pseudonym
        and q.pseudonym in (p.partner, p.ouder1, p.ouder2)
),

edges as (
    select month, a, b from links
    union
    select month, b as a, a as b from links
),

reach(month, src, dst) as (
    select month, pid, pid from persons
    union
    select r.month, r.src, e.b
    from reach as r
    join edges as e on e.month = r.month and e.a = r.dst
),

components as (
    select month, src as pid, min(dst) as component
    from reach
    group by month, src
),

members as (
    select p.*, c.component
    from persons as p
    join components as c using (month, pid)
),

sizes as (
    select
        month,
        component,
        count(*) as huishouden_grootte,
        count(*) filter (where minderjarig) as aantal_kinderen
    from members
    group by month, component
),

anchors as (
    select s.*, m.pseudonym as anchor
    from members as m
    join sizes as s using (month, component)
    qualify row_number() over (
        partition by m.month, m.component
        order by coalesce(m.datum_vestiging, DATE '9999-12-31'), m.pseudonym
    ) = 1
)

select
    m.month,
    m.pseudonym,
    'hh_' || left(sha256(a.anchor), 16) as household_id,
    m.pseudonym = a.anchor as is_anchor,
    m.minderjarig,
    m.partner,
    m.ouder1,
    m.ouder2,
    a.huishouden_grootte::INTEGER as huishouden_grootte,
    a.aantal_kinderen::INTEGER as aantal_kinderen
from members as m
join anchors as a using (month, component)
