-- Failed logins under names that are no account (issue 10): the same window and temporary lock
-- as gebruiker's own columns, so "tijdelijk geblokkeerd" does not reveal whether a name exists.
-- Rows whose window and lock are over are removed as new failures come in.
-- Portable SQL: runs on DuckDB (embedded default) and PostgreSQL.

CREATE TABLE login_poging (
    username                  VARCHAR PRIMARY KEY,
    failed_login_count        INTEGER NOT NULL,
    failed_window_started_at  TIMESTAMP,
    locked_until              TIMESTAMP
);
