-- Eigen dashboard (seed 002 §4: "je eigen dashboard om snel de resultaten te kunnen monitoren
-- waar je specifiek op stuurt"): the question tiles each user pinned, in the order pinned.
-- The user is the account's e-mail address (stable for life, seed 002 §2), or its id.
-- Portable SQL: runs on DuckDB (embedded default) and PostgreSQL.

CREATE TABLE eigen_dashboard_pin (
    gebruiker_sleutel  VARCHAR NOT NULL,
    vragenlijst_code   VARCHAR NOT NULL,
    vraag_code         VARCHAR NOT NULL,
    volgorde           INTEGER NOT NULL,
    pinned_at          TIMESTAMP NOT NULL,
    PRIMARY KEY (gebruiker_sleutel, vragenlijst_code, vraag_code)
);
