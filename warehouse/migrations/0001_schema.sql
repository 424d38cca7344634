-- Base tables: what arrives (corporations, the questionnaire library, uploads, invitations,
-- responses, answers). Portable SQL: runs on DuckDB (embedded default) and PostgreSQL.
-- Marts are built from these by warehouse/marts/*.sql.

CREATE SEQUENCE corporatie_id_seq START 1;
CREATE SEQUENCE aanlevering_id_seq START 1;
CREATE SEQUENCE blokkade_id_seq START 1;

CREATE TABLE corporatie (
    corporatie_id          INTEGER PRIMARY KEY DEFAULT nextval('corporatie_id_seq'),
    naam                   VARCHAR NOT NULL UNIQUE,
    vhe_count              INTEGER NOT NULL CHECK (vhe_count > 0),
    regio                  VARCHAR NOT NULL,
    stedelijkheid          INTEGER NOT NULL CHECK (stedelijkheid BETWEEN 1 AND 5),
    -- domain.md §5: checkvraag optional, re-invite after 3 or 6 weeks.
    is_checkvraag_enabled  BOOLEAN NOT NULL DEFAULT FALSE,
    checkvraag_reinvite_weeks INTEGER NOT NULL DEFAULT 6 CHECK (checkvraag_reinvite_weeks IN (3, 6)),
    contactpersoon_naam    VARCHAR,
    contactpersoon_email   VARCHAR,
    contactpersoon_telefoon VARCHAR,
    lid_sinds_date         DATE,
    created_at             TIMESTAMP NOT NULL
);

CREATE TABLE vragenlijst (
    vragenlijst_code  VARCHAR PRIMARY KEY,
    naam              VARCHAR NOT NULL,
    volgorde          INTEGER NOT NULL
);

CREATE TABLE klantreis_stap (
    vragenlijst_code  VARCHAR NOT NULL REFERENCES vragenlijst (vragenlijst_code),
    stap_naam         VARCHAR NOT NULL,
    volgorde          INTEGER NOT NULL,
    PRIMARY KEY (vragenlijst_code, stap_naam)
);

-- The library: standard questions have corporatie_id NULL; a corporation's own question
-- carries its corporatie_id (domain.md §3 "may add own questions").
CREATE TABLE vraag (
    vraag_code          VARCHAR PRIMARY KEY,
    vragenlijst_code    VARCHAR NOT NULL REFERENCES vragenlijst (vragenlijst_code),
    corporatie_id       INTEGER,
    volgorde            INTEGER NOT NULL,
    tekst               VARCHAR NOT NULL,
    vraag_type          VARCHAR NOT NULL
        CHECK (vraag_type IN ('rapportcijfer', 'keuze', 'meerkeuze', 'ja_nee', 'open')),
    klantreis_stap      VARCHAR NOT NULL,
    is_kwaliteitslabel  BOOLEAN NOT NULL DEFAULT FALSE,
    is_aedes            BOOLEAN NOT NULL DEFAULT FALSE,
    is_ontevredenheid   BOOLEAN NOT NULL DEFAULT FALSE,
    is_signaalvraag     BOOLEAN NOT NULL DEFAULT FALSE,
    -- Answer options of keuze/meerkeuze questions, separated by '|'.
    opties              VARCHAR
);

-- A corporation may use a subset of the library: the questions it switched off.
CREATE TABLE corporatie_vraag_uit (
    corporatie_id  INTEGER NOT NULL REFERENCES corporatie (corporatie_id),
    vraag_code     VARCHAR NOT NULL REFERENCES vraag (vraag_code),
    PRIMARY KEY (corporatie_id, vraag_code)
);

-- Onderzoeken settings per corporation and vragenlijst (domain.md §3, seed 002 §2).
CREATE TABLE onderzoek_instelling (
    corporatie_id       INTEGER NOT NULL REFERENCES corporatie (corporatie_id),
    vragenlijst_code    VARCHAR NOT NULL REFERENCES vragenlijst (vragenlijst_code),
    is_actief           BOOLEAN NOT NULL DEFAULT TRUE,
    aanlevermethode     VARCHAR NOT NULL DEFAULT 'mijn_kwh' CHECK (aanlevermethode IN ('mijn_kwh', 'automatisch')),
    frequentie          VARCHAR NOT NULL DEFAULT 'maand'
        CHECK (frequentie IN ('maand', 'kwartaal', 'halfjaar', 'automatisch')),
    beheerder_naam      VARCHAR,
    -- Signal recipients, one e-mail address per line.
    signaal_ontvangers  VARCHAR,
    PRIMARY KEY (corporatie_id, vragenlijst_code)
);

-- Signal rules: which answers of which question trigger a signaalmail (domain.md §7).
CREATE TABLE signaal_regel (
    corporatie_id  INTEGER NOT NULL REFERENCES corporatie (corporatie_id),
    vraag_code     VARCHAR NOT NULL REFERENCES vraag (vraag_code),
    min_cijfer     INTEGER NOT NULL CHECK (min_cijfer BETWEEN 1 AND 10),
    max_cijfer     INTEGER NOT NULL CHECK (max_cijfer BETWEEN 1 AND 10),
    PRIMARY KEY (corporatie_id, vraag_code, min_cijfer)
);

-- One uploaded tenant file (Mijn KWH) and what happened to it.
CREATE TABLE aanlevering (
    aanlevering_id     INTEGER PRIMARY KEY DEFAULT nextval('aanlevering_id_seq'),
    corporatie_id      INTEGER NOT NULL REFERENCES corporatie (corporatie_id),
    vragenlijst_code   VARCHAR NOT NULL REFERENCES vragenlijst (vragenlijst_code),
    -- The delivery round, as the month of its deadline: '2026-11'.
    ronde              VARCHAR NOT NULL,
    bestandsnaam       VARCHAR NOT NULL,
    status             VARCHAR NOT NULL
        CHECK (status IN ('afgekeurd', 'gevalideerd', 'geaccordeerd', 'verwerkt', 'verwijderd')),
    rows_count         INTEGER NOT NULL DEFAULT 0,
    errors_count       INTEGER NOT NULL DEFAULT 0,
    warnings_count     INTEGER NOT NULL DEFAULT 0,
    -- The validatieverslag as JSON text (interfaces.md `validate --json`).
    report_json        VARCHAR,
    uploaded_by        VARCHAR,
    uploaded_at        TIMESTAMP NOT NULL,
    approved_by        VARCHAR,
    approved_at        TIMESTAMP,
    deleted_by         VARCHAR,
    deleted_at         TIMESTAMP
);

-- The rows of an accepted upload (domain.md §6.1 columns).
CREATE TABLE huurder_rij (
    aanlevering_id   INTEGER NOT NULL REFERENCES aanlevering (aanlevering_id),
    rij_nummer       INTEGER NOT NULL,
    vhe              VARCHAR,
    geslacht         VARCHAR,
    voorletters      VARCHAR,
    voornaam         VARCHAR,
    tussenvoegsel    VARCHAR,
    achternaam       VARCHAR,
    straat           VARCHAR,
    huisnummer       VARCHAR,
    toevoeging       VARCHAR,
    postcode         VARCHAR,
    woonplaats       VARCHAR,
    telefoon1        VARCHAR,
    telefoon2        VARCHAR,
    email            VARCHAR,
    aannemer         VARCHAR,
    uitsplitsing1    VARCHAR,
    uitsplitsing2    VARCHAR,
    uitsplitsing3    VARCHAR,
    uitsplitsing4    VARCHAR,
    dienst_date      DATE,
    type_omschrijving VARCHAR,
    id1              VARCHAR,
    id2              VARCHAR,
    PRIMARY KEY (aanlevering_id, rij_nummer)
);

-- One invitation of one tenant (address) for one vragenlijst.
CREATE TABLE uitnodiging (
    uitnodiging_id    VARCHAR PRIMARY KEY,
    corporatie_id     INTEGER NOT NULL REFERENCES corporatie (corporatie_id),
    vragenlijst_code  VARCHAR NOT NULL REFERENCES vragenlijst (vragenlijst_code),
    aanlevering_id    INTEGER,
    rij_nummer        INTEGER,
    postcode          VARCHAR,
    huisnummer        VARCHAR,
    toevoeging        VARCHAR,
    aannemer          VARCHAR,
    uitsplitsing1     VARCHAR,
    uitsplitsing2     VARCHAR,
    uitsplitsing3     VARCHAR,
    uitsplitsing4     VARCHAR,
    -- 'email' or 'telefoon': how the tenant is first approached.
    kanaal            VARCHAR NOT NULL CHECK (kanaal IN ('email', 'telefoon')),
    invited_date      DATE NOT NULL,
    reminder_date     DATE,
    phone_from_date   DATE,
    is_automatisch    BOOLEAN NOT NULL DEFAULT FALSE
);

-- Why an uploaded row did not become an invitation (ontdubbeling, blokkade, steekproef).
CREATE TABLE uitsluiting (
    aanlevering_id           INTEGER NOT NULL,
    rij_nummer               INTEGER NOT NULL,
    regel                    VARCHAR NOT NULL,
    toelichting              VARCHAR NOT NULL,
    eerdere_uitnodiging_id   VARCHAR,
    blokkade_id              INTEGER,
    PRIMARY KEY (aanlevering_id, rij_nummer)
);

-- Blokkeren NAW-gegevens (domain.md §6.5).
CREATE TABLE blokkade (
    blokkade_id     INTEGER PRIMARY KEY DEFAULT nextval('blokkade_id_seq'),
    corporatie_id   INTEGER NOT NULL REFERENCES corporatie (corporatie_id),
    postcode        VARCHAR NOT NULL,
    huisnummer      VARCHAR NOT NULL,
    toevoeging      VARCHAR,
    reden           VARCHAR NOT NULL CHECK (reden IN ('wil_niet_meedoen', 'overleden', 'foutief_in_bestand')),
    starts_on       DATE NOT NULL,
    ends_on         DATE NOT NULL,
    ended_at        TIMESTAMP,
    created_by      VARCHAR,
    created_at      TIMESTAMP NOT NULL
);

-- One completed questionnaire. Inherits aannemer and uitsplitsingen of its invitation (§3).
CREATE TABLE respondent (
    respondent_id     VARCHAR PRIMARY KEY,
    corporatie_id     INTEGER NOT NULL REFERENCES corporatie (corporatie_id),
    vragenlijst_code  VARCHAR NOT NULL REFERENCES vragenlijst (vragenlijst_code),
    completed_date    DATE NOT NULL,
    kanaal            VARCHAR NOT NULL CHECK (kanaal IN ('online', 'telefonisch')),
    is_anoniem        BOOLEAN NOT NULL DEFAULT TRUE,
    uitnodiging_id    VARCHAR,
    aannemer          VARCHAR,
    uitsplitsing1     VARCHAR,
    uitsplitsing2     VARCHAR,
    uitsplitsing3     VARCHAR,
    uitsplitsing4     VARCHAR,
    checkvraag        INTEGER CHECK (checkvraag BETWEEN 1 AND 4),
    imported_at       TIMESTAMP NOT NULL
);

-- One answer. A grade sits in `cijfer` (1–10); every other answer (an option, free text,
-- 'weet niet') in `antwoord_tekst`. (respondent_id, vraag_code) is unique — kept by the
-- import (delete-then-insert per respondent) and checked by the warehouse tests rather than
-- by an index, so bulk loads at national scale stay fast.
CREATE TABLE antwoord (
    respondent_id   VARCHAR NOT NULL,
    vraag_code      VARCHAR NOT NULL,
    cijfer          INTEGER CHECK (cijfer BETWEEN 1 AND 10),
    antwoord_tekst  VARCHAR
);

-- Frozen Aedes-benchmark results (domain.md §8.1): written once, never updated.
CREATE TABLE aedes_bevriezing (
    corporatie_id     INTEGER NOT NULL REFERENCES corporatie (corporatie_id),
    benchmark_jaar    INTEGER NOT NULL,
    deelscore         VARCHAR NOT NULL,
    n_respondenten    INTEGER NOT NULL,
    gemiddelde        DOUBLE PRECISION,
    letter            VARCHAR,
    frozen_by         VARCHAR NOT NULL,
    frozen_at         TIMESTAMP NOT NULL,
    PRIMARY KEY (corporatie_id, benchmark_jaar, deelscore)
);

-- Key/value facts about this warehouse (e.g. whether it holds the demo sample).
CREATE TABLE warehouse_info (
    info_key    VARCHAR PRIMARY KEY,
    info_value  VARCHAR NOT NULL
);
