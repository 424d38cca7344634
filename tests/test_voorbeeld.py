"""The tenant's view of every vragenlijst and its invitation (seed 002): no placeholder left."""

from __future__ import annotations

from datetime import date

import pytest

from kwhcore import voorbeeld
from kwhcore.vragenlijsten import VRAGENLIJST_CODES, vragenlijst


@pytest.mark.parametrize("code", VRAGENLIJST_CODES)
def test_every_question_and_the_mail_read_with_the_corporations_name(code):
    vragen = voorbeeld.vragen(code, "Woonstede", dienst_datum=date(2026, 4, 14))
    assert len(vragen) == len(vragenlijst(code).vragen)
    assert all("{{" not in v.tekst for v in vragen)
    assert all(v.antwoorden or v.type == "open" for v in vragen)
    mail = voorbeeld.uitnodigingsmail(code, "Woonstede", voorbeeld.Contactpersoon("Team Wonen"), dienst_datum=date(2026, 4, 14))
    assert "Woonstede" in mail.onderwerp and "Team Wonen" in mail.tekst and "{" not in mail.tekst
    assert mail.afzender.endswith("kwh@desan.nl")


def test_the_repair_invitation_names_the_date_and_the_work():
    mail = voorbeeld.uitnodigingsmail("reparaties", "Woonstede", voorbeeld.Contactpersoon(), dienst_datum=date(2026, 4, 14))
    assert "Op 14 april 2026 is er bij u een reparatie uitgevoerd (sluiting keukenraam kapot)." in mail.tekst
