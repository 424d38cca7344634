-- Mijn KWH as stewards and hoofdgebruikers need it (issue 14).
-- Portable SQL: runs on DuckDB (embedded default) and PostgreSQL.

-- A spelling of an aannemer or uitsplitsing value mapped once by a steward to the spelling
-- delivered before (seed 002: "Vestiging Oost" one month, "Oost" the next), applied to every
-- later file of the corporation. naar_waarde = van_waarde records "a different value, do not
-- ask again".
CREATE TABLE schrijfwijze_koppeling (
    corporatie_id   INTEGER NOT NULL REFERENCES corporatie (corporatie_id),
    kolom           VARCHAR NOT NULL
        CHECK (kolom IN ('aannemer', 'uitsplitsing1', 'uitsplitsing2', 'uitsplitsing3', 'uitsplitsing4')),
    van_waarde      VARCHAR NOT NULL,
    naar_waarde     VARCHAR NOT NULL,
    created_by      VARCHAR,
    created_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (corporatie_id, kolom, van_waarde)
);

-- "Deze maand geen levering" (seed 002): the steward reports that a vragenlijst will not be
-- delivered in a round; the calendar shows it and no deadline reminder is sent for it.
CREATE TABLE geen_levering (
    corporatie_id     INTEGER NOT NULL REFERENCES corporatie (corporatie_id),
    vragenlijst_code  VARCHAR NOT NULL REFERENCES vragenlijst (vragenlijst_code),
    -- The delivery round, as the month of its deadline: '2026-11' (as aanlevering.ronde).
    ronde             VARCHAR NOT NULL,
    toelichting       VARCHAR,
    reported_by       VARCHAR,
    reported_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (corporatie_id, vragenlijst_code, ronde)
);

-- Self-service "Wachtwoord vergeten" requests, for the rate limit. Only a hash of the address
-- asked for is kept (also for addresses without an account), never the address itself.
CREATE TABLE wachtwoord_aanvraag (
    email_hash      VARCHAR NOT NULL,
    requested_at    TIMESTAMP NOT NULL
);
