-- The warehouse's schemas and the tables the loaders write. Models' output tables are created from
-- their first result (see pipelines/warehouse.py). Safe to run on every connection.
CREATE SCHEMA IF NOT EXISTS raw;         -- validated, pseudonymised deliveries (internal)
CREATE SCHEMA IF NOT EXISTS facts;       -- derived facts per month (internal)
CREATE SCHEMA IF NOT EXISTS serving;     -- published to DATA/serving.duckdb
CREATE SCHEMA IF NOT EXISTS restricted;  -- published to DATA/restricted.duckdb
CREATE SCHEMA IF NOT EXISTS pipeline;    -- the pipeline's own bookkeeping

-- VO Rijk events, one row per accepted record (a re-delivered event may appear twice here; the
-- staging model keeps the first).
CREATE TABLE IF NOT EXISTS raw.events (
    delivery_month DATE NOT NULL,
    bron VARCHAR NOT NULL,
    gebeurteniskenmerk VARCHAR NOT NULL,
    gebeurtenis_type VARCHAR NOT NULL,
    datumtijd_gebeurtenis TIMESTAMPTZ NOT NULL,  -- knowledge time
    zaakkenmerk VARCHAR NOT NULL,
    pseudonym VARCHAR NOT NULL,
    datumtijd_opgelegd TIMESTAMPTZ,
    primaire_verplichting BOOLEAN,
    type_financiele_verplichting VARCHAR,
    categorie VARCHAR,
    bedrag_cent BIGINT,
    betaal_type VARCHAR,
    vervaldatum DATE,
    ingetrokken_gebeurteniskenmerk VARCHAR,
    datum_betaling DATE,
    content_hash VARCHAR,
    source_path VARCHAR NOT NULL,
    source_line INTEGER
);

-- Legacy threshold signals (snapshots); peildatum is the knowledge date.
CREATE TABLE IF NOT EXISTS raw.signals (
    delivery_month DATE NOT NULL,
    bron VARCHAR NOT NULL,
    pseudonym VARCHAR NOT NULL,
    zaakkenmerk VARCHAR NOT NULL,
    type_financiele_verplichting VARCHAR NOT NULL,
    achterstand_cent BIGINT NOT NULL,
    oudste_vervaldatum DATE,
    peildatum DATE NOT NULL,
    source_path VARCHAR NOT NULL,
    source_line INTEGER
);

-- Residents per register month, pseudonymised; links are pseudonyms too. Protected attributes are
-- not here (restricted.protected_attributes); `minderjarig` (under 18 at month end) is the only
-- fact derived from the birth date, for the documented feature aantal_kinderen.
CREATE TABLE IF NOT EXISTS raw.persons (
    month DATE NOT NULL,
    pseudonym VARCHAR NOT NULL,
    adres_id VARCHAR NOT NULL,
    datum_vestiging DATE,
    partner VARCHAR,
    ouder1 VARCHAR,
    ouder2 VARCHAR,
    minderjarig BOOLEAN NOT NULL
);

CREATE TABLE IF NOT EXISTS raw.outcomes (
    delivery_month DATE NOT NULL,
    pseudonym VARCHAR NOT NULL,
    datum DATE NOT NULL,
    uitkomst VARCHAR NOT NULL,
    source_path VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS serving.deliveries (
    path VARCHAR NOT NULL,
    bron VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    delivery_month DATE NOT NULL,
    received INTEGER NOT NULL,
    accepted INTEGER NOT NULL,
    rejected INTEGER NOT NULL,
    dropped_by_policy INTEGER NOT NULL,
    loaded_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS serving.rejects (
    path VARCHAR NOT NULL,
    bron VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    delivery_month DATE NOT NULL,
    line INTEGER,
    code VARCHAR NOT NULL,
    message VARCHAR NOT NULL
);

-- Per month and source: was the delivery there when the month was processed?
-- status: 'geleverd' (delivered), 'ontbreekt' (missing), 'te_laat' (arrived after a later month
-- had already been processed).
CREATE TABLE IF NOT EXISTS serving.freshness (
    month DATE NOT NULL,
    bron VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    checked_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS serving.retention_log (
    deleted_at TIMESTAMPTZ NOT NULL,
    bron VARCHAR NOT NULL,
    table_name VARCHAR NOT NULL,
    cutoff DATE NOT NULL,
    rows_deleted BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS restricted.reject_raw (
    path VARCHAR NOT NULL,
    line INTEGER,
    raw VARCHAR
);

CREATE TABLE IF NOT EXISTS restricted.contact (
    delivery_month DATE NOT NULL,
    bsn VARCHAR NOT NULL,
    naam VARCHAR,
    adres VARCHAR,
    postcode VARCHAR,
    woonplaats VARCHAR,
    telefoon VARCHAR
);

CREATE TABLE IF NOT EXISTS restricted.protected_attributes (
    pseudonym VARCHAR NOT NULL,
    month DATE NOT NULL,
    geboortedatum DATE,
    geslacht VARCHAR,
    migratieachtergrond VARCHAR,
    wijk VARCHAR,
    adres_id VARCHAR
);

-- pseudonym -> bsn per register month (the household and contact columns are added by the
-- households model).
CREATE TABLE IF NOT EXISTS restricted.bsn_map (
    month DATE NOT NULL,
    pseudonym VARCHAR NOT NULL,
    bsn VARCHAR NOT NULL
);
