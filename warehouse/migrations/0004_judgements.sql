-- The frozen letter of the whole prestatieveld Huurdersoordeel (domain.md §8.1), beside the
-- three frozen deelscores in aedes_bevriezing: stored with the window and weights' outcome of
-- the moment of freezing, so a later change of configuration never rewrites a frozen year.
-- Written once by the freeze, never updated. Portable SQL (DuckDB and PostgreSQL).

CREATE TABLE aedes_bevriezing_prestatieveld (
    corporatie_id       INTEGER NOT NULL REFERENCES corporatie (corporatie_id),
    benchmark_jaar      INTEGER NOT NULL,
    venster_start_date  DATE NOT NULL,
    venster_eind_date   DATE NOT NULL,
    gewogen_score       DOUBLE PRECISION,
    letter              VARCHAR CHECK (letter IN ('A', 'B', 'C')),
    frozen_by           VARCHAR NOT NULL,
    frozen_at           TIMESTAMP NOT NULL,
    PRIMARY KEY (corporatie_id, benchmark_jaar)
);
