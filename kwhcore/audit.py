"""What the audit log records, in the users' words (issue 12).

The log is append-only: who did what, when, on which selection and with how many rows. The
codes below are stored; the labels are what the Audit page and ``audit --json`` show beside
them. Writing and reading live in ``warehouse/stores/audit.py``.
"""

from __future__ import annotations

ACTIES = {
    "bestand_geupload": "Bestand geüpload",
    "bestand_geaccordeerd": "Bestand geaccordeerd",
    "bestand_verwijderd": "Bestand verwijderd",
    "antwoorden_geimporteerd": "Antwoorden geïmporteerd",
    "export": "Gegevens gedownload",
    "account_aangemaakt": "Account aangemaakt",
    "account_gewijzigd": "Rechten of voorkeuren gewijzigd",
    "account_verwijderd": "Account verwijderd",
    "account_uitgenodigd": "Uitnodiging of wachtwoordherstel verstuurd",
    "wachtwoord_gewijzigd": "Wachtwoord gewijzigd",
    "signaalregel_toegevoegd": "Signaalregel toegevoegd",
    "signaalregel_beeindigd": "Signaalregel beëindigd",
    "signaal_gemaild": "Signaalmail verzonden",
    "signaal_status": "Signaal opgevolgd",
    "heruitnodiging": "Huurder opnieuw uitgenodigd (checkvraag)",
    "aedes_bevroren": "Aedes-benchmark bevroren",
}


def actie_label(code: str) -> str:
    return ACTIES.get(code, code)
