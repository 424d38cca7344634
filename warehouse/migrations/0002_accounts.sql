-- Accounts of the app (domain.md §10, seed 002 §2 "Gebruikers"): who may log in, with which
-- rights, bound to which corporation and which aannemer names; invitations; the failed-login
-- window and server-side session revocation that streamlit-authenticator itself lacks (issue 3).
-- Portable SQL: runs on DuckDB (embedded default) and PostgreSQL.

CREATE SEQUENCE gebruiker_id_seq START 1;

CREATE TABLE gebruiker (
    gebruiker_id                  INTEGER PRIMARY KEY DEFAULT nextval('gebruiker_id_seq'),
    -- The login name: the lower-cased e-mail address (demo accounts: 'demo-…').
    username                      VARCHAR NOT NULL UNIQUE,
    -- seed 002 §2: the e-mail address of an account can never change.
    email                         VARCHAR NOT NULL UNIQUE,
    naam                          VARCHAR NOT NULL,
    rol                           VARCHAR NOT NULL
        CHECK (rol IN ('beheerder', 'hoofdgebruiker', 'gebruiker', 'aannemer')),
    -- NULL only for the platform beheerder (the research institute).
    corporatie_id                 INTEGER REFERENCES corporatie (corporatie_id),
    -- seed 002 §2: "toegang tot Mijn KWH en/of Klantvizier".
    has_toegang_klantvizier       BOOLEAN NOT NULL DEFAULT TRUE,
    has_toegang_mijn_kwh          BOOLEAN NOT NULL DEFAULT FALSE,
    -- seed 002 §2 e-mail preferences.
    has_herinnering_aanleveren    BOOLEAN NOT NULL DEFAULT FALSE,
    has_validatieverslag          BOOLEAN NOT NULL DEFAULT FALSE,
    -- bcrypt hash; NULL until the invitation was accepted.
    password_hash                 VARCHAR,
    password_set_at               TIMESTAMP,
    -- Failed-login window: failures counted since failed_window_started_at; reaching the limit
    -- sets locked_until.
    failed_login_count            INTEGER NOT NULL DEFAULT 0,
    failed_window_started_at      TIMESTAMP,
    locked_until                  TIMESTAMP,
    -- Session revocation: every session (and re-login cookie) that began before this moment
    -- is ended on its next rerun. Raised by logout, password change and invitation acceptance.
    sessions_valid_from           TIMESTAMP,
    -- Revocation counter: how often sessions were ended (audit, and a cheap change marker).
    session_generation            INTEGER NOT NULL DEFAULT 0,
    last_login_at                 TIMESTAMP,
    is_demo                       BOOLEAN NOT NULL DEFAULT FALSE,
    created_by                    VARCHAR,
    created_at                    TIMESTAMP NOT NULL,
    CHECK ((rol = 'beheerder' AND corporatie_id IS NULL)
           OR (rol <> 'beheerder' AND corporatie_id IS NOT NULL))
);

-- The two tables below refer to gebruiker without a declared foreign key: DuckDB rejects an
-- UPDATE of a referenced row (its documented foreign-key limitation), and the lockout and
-- session columns of gebruiker change on every login. kwhcore/accounts.py deletes the child
-- rows with the account, and tests/test_accounts.py checks that no orphan remains.

-- The aannemer names an aannemer account may see (domain.md §10, seed 000): its own spellings
-- (is_eigen_naam) and, when its account is set so, named other aannemers.
CREATE TABLE gebruiker_aannemer (
    gebruiker_id     INTEGER NOT NULL,
    aannemer_naam    VARCHAR NOT NULL,
    is_eigen_naam    BOOLEAN NOT NULL,
    PRIMARY KEY (gebruiker_id, aannemer_naam)
);

-- One-time invitation links (seed 002 §2: valid 5 days). Only a hash of the token is kept, so
-- a copy of the warehouse cannot be used to take over an account.
CREATE TABLE account_uitnodiging (
    token_hash      VARCHAR PRIMARY KEY,
    gebruiker_id    INTEGER NOT NULL,
    created_by      VARCHAR,
    created_at      TIMESTAMP NOT NULL,
    expires_at      TIMESTAMP NOT NULL,
    used_at         TIMESTAMP,
    revoked_at      TIMESTAMP
);
