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

components(month, pid, component) using key (month, pid) as (
    -- the smallest pid of each linked person's household, by spreading the smallest pid
    -- along the links until it no longer changes (only people with a link: everyone else is a
    -- household of their own)
    select distinct month, a, a from edges
    union
    select e.month, e.b, min(c.component)
    from components as c
    join edges as e on e.month = c.month and e.a = c.pid
    join recurring.components as r on r.month = e.month and r.pid = e.b
    where c.component < r.component
    group by e.month, e.b
),

members as (
    select p.*, coalesce(c.component, p.pid) as component
    from persons as p
    left join components as c using (month, pid)
),

anchors as (
    select
        month,
        component,
        count(*) as huishouden_grootte,
        count(*) filter (where minderjarig) as aantal_kinderen,
        arg_min(pseudonym, (coalesce(datum_vestiging, DATE '9999-12-31'), pseudonym)) as anchor
    from members
    group by month, component
),

household_ids as (
    -- hashed once per household, not once per member
    select *, 'hh_' || left(sha256(anchor), 16) as household_id
    from anchors
)

select
    m.month,
    m.pseudonym,
    a.household_id,
    m.pseudonym = a.anchor as is_anchor,
    m.minderjarig,
    m.partner,
    m.ouder1,
    m.ouder2,
    a.huishouden_grootte::INTEGER as huishouden_grootte,
    a.aantal_kinderen::INTEGER as aantal_kinderen
from members as m
join household_ids as a using (month, component)
