-- Signaalmails and their follow-up (domain.md §5, §7; issue 12), the due work of `jobs run`
-- (checkvraag re-invitations, deadline reminders, validatieverslag mails) and the append-only
-- audit log. Portable SQL: runs on DuckDB (embedded default) and PostgreSQL.
-- No declared foreign keys, for the reason given in 0002_accounts.sql (DuckDB rejects updates
-- of referenced rows); warehouse/stores/ writes only ids that exist.

-- The unused rule table of 0001 knew neither the vragenlijst, nor the checkvraag, nor the
-- recipients: replaced.
DROP TABLE signaal_regel;

CREATE SEQUENCE signaal_regel_id_seq START 1;
CREATE SEQUENCE signaal_id_seq START 1;
CREATE SEQUENCE audit_log_id_seq START 1;

-- One signal rule of a corporation × vragenlijst: a question with a grade range (seed 002: "een
-- 5 en lager", "een 8 of hoger", "alleen bij een 1 of een 2"), or a checkvraag answer (3 or 4).
CREATE TABLE signaal_regel (
    signaal_regel_id        INTEGER PRIMARY KEY DEFAULT nextval('signaal_regel_id_seq'),
    corporatie_id           INTEGER NOT NULL,
    vragenlijst_code        VARCHAR NOT NULL,
    vraag_code              VARCHAR,
    min_cijfer              INTEGER CHECK (min_cijfer BETWEEN 1 AND 10),
    max_cijfer              INTEGER CHECK (max_cijfer BETWEEN 1 AND 10),
    checkvraag_antwoord     INTEGER CHECK (checkvraag_antwoord IN (3, 4)),
    -- One e-mail address per line.
    ontvangers              VARCHAR NOT NULL,
    -- Also mail the accounts of the aannemer concerned.
    is_aannemer_ontvanger   BOOLEAN NOT NULL DEFAULT FALSE,
    is_actief               BOOLEAN NOT NULL DEFAULT TRUE,
    created_by              VARCHAR,
    created_at              TIMESTAMP NOT NULL,
    ended_by                VARCHAR,
    ended_at                TIMESTAMP,
    CHECK ((vraag_code IS NOT NULL AND min_cijfer IS NOT NULL AND max_cijfer IS NOT NULL
            AND min_cijfer <= max_cijfer AND checkvraag_antwoord IS NULL)
        OR (vraag_code IS NULL AND min_cijfer IS NULL AND max_cijfer IS NULL
            AND checkvraag_antwoord IS NOT NULL))
);

-- Per corporation: may aannemer accounts see the signals about their own work?
CREATE TABLE signaal_instelling (
    corporatie_id                  INTEGER PRIMARY KEY,
    is_zichtbaar_voor_aannemer     BOOLEAN NOT NULL DEFAULT FALSE
);

-- Consenting respondents (anoniem = nee) that arrived through an import, with the contact
-- details the export may carry for respondents without an invitation (interfaces.md). Only
-- these respondents can raise a signal; anonymous respondents never get a row here.
CREATE TABLE signaal_respondent (
    respondent_id     VARCHAR PRIMARY KEY,
    corporatie_id     INTEGER NOT NULL,
    vragenlijst_code  VARCHAR NOT NULL,
    id1               VARCHAR,
    id2               VARCHAR,
    email             VARCHAR,
    telefoon          VARCHAR,
    imported_at       TIMESTAMP NOT NULL
);

-- One raised signal: one rule met by one respondent. The contact details are copied at the
-- moment it is raised: the case file of the corporation, also after the upload is gone.
CREATE TABLE signaal (
    signaal_id          INTEGER PRIMARY KEY DEFAULT nextval('signaal_id_seq'),
    signaal_regel_id    INTEGER NOT NULL,
    corporatie_id       INTEGER NOT NULL,
    vragenlijst_code    VARCHAR NOT NULL,
    respondent_id       VARCHAR NOT NULL,
    vraag_code          VARCHAR,
    cijfer              INTEGER,
    checkvraag          INTEGER,
    completed_date      DATE,
    aannemer            VARCHAR,
    huurder_naam        VARCHAR,
    adres               VARCHAR,
    telefoon            VARCHAR,
    email               VARCHAR,
    id1                 VARCHAR,
    id2                 VARCHAR,
    raised_at           TIMESTAMP NOT NULL,
    -- The sent marker: 'wacht' → 'bezig' (claimed by one run, atomically) → 'verzonden' |
    -- 'mislukt' (tried again next run). A claim is never undone without a failure, so a mail
    -- is never sent twice.
    mail_status         VARCHAR NOT NULL DEFAULT 'wacht'
        CHECK (mail_status IN ('wacht', 'bezig', 'verzonden', 'mislukt')),
    mail_attempts       INTEGER NOT NULL DEFAULT 0,
    mail_claimed_at     TIMESTAMP,
    mail_sent_at        TIMESTAMP,
    mail_error          VARCHAR,
    status              VARCHAR NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'in_behandeling', 'afgehandeld')),
    behandelaar         VARCHAR,
    notitie             VARCHAR,
    actie_date          DATE,
    in_behandeling_at   TIMESTAMP,
    afgehandeld_at      TIMESTAMP,
    status_changed_by   VARCHAR,
    status_changed_at   TIMESTAMP,
    UNIQUE (signaal_regel_id, respondent_id)
);

-- Checkvraag answer 3 (domain.md §5): the tenant is invited again after 3 or 6 weeks. One row
-- per respondent, written with the new row in uitnodiging (aanlevering_id NULL, so a round's
-- recomputation never removes it).
CREATE TABLE heruitnodiging (
    respondent_id                 VARCHAR PRIMARY KEY,
    corporatie_id                 INTEGER NOT NULL,
    uitnodiging_id                VARCHAR NOT NULL,
    oorspronkelijke_uitnodiging_id VARCHAR,
    due_date                      DATE NOT NULL,
    created_at                    TIMESTAMP NOT NULL
);

-- The sent markers of reminders and validatieverslag mails of `jobs run`.
CREATE TABLE verzonden_mail (
    soort          VARCHAR NOT NULL CHECK (soort IN ('herinnering_aanleveren', 'validatieverslag')),
    sleutel        VARCHAR NOT NULL,
    ontvanger      VARCHAR NOT NULL,
    sent_at        TIMESTAMP NOT NULL,
    PRIMARY KEY (soort, sleutel, ontvanger)
);

-- Append-only audit log: who did what, when, on which selection, with how many rows.
-- warehouse/stores/audit.py only ever inserts and reads.
CREATE TABLE audit_log (
    audit_log_id    INTEGER PRIMARY KEY DEFAULT nextval('audit_log_id_seq'),
    occurred_at     TIMESTAMP NOT NULL,
    actor           VARCHAR NOT NULL,
    actor_role      VARCHAR,
    corporatie_id   INTEGER,
    actie           VARCHAR NOT NULL,
    onderwerp       VARCHAR,
    selectie        VARCHAR,
    rows_count      INTEGER,
    toelichting     VARCHAR
);
