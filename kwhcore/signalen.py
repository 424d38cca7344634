"""Signaalmails and their follow-up: the pure rules (domain.md §5 and §7; seed 002 "Wat zijn
signaal e-mails?", "Wat is de vervolgstap per antwoordoptie van de checkvraag?"; seed 003 "het
vastleggen wat er met de 'Stem' wordt gedaan").

Which answer meets a rule, how a signal moves from open to afgehandeld, when a checkvraag answer
3 is invited again, the text of the mail and the median time to close. No database here: the
stores in ``warehouse/stores/signalen.py`` read and write, this module decides.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kwhcore.formatting import datum

# seed 002: "Wanneer een respondent op bepaalde vragen een bijvoorbeeld een 5 of lager geeft".
DEFAULT_MAX_CIJFER = 5
CHECKVRAAG_SIGNAAL_ANTWOORDEN = (3, 4)
CHECKVRAAG_TEKSTEN = {
    1: "Ja, de reparatie is klaar",
    2: "Ja, de reparatie is klaar maar ik ben niet tevreden",
    3: "Nee, de reparatie is nog niet (helemaal) klaar",
    4: "Ik weet niets van een reparatie",
}
# domain.md §5: only answer 3 is invited again (answer 4 knows of no repair).
CHECKVRAAG_HERUITNODIGEN = 3
STATUSSEN = {"open": "Open", "in_behandeling": "In behandeling", "afgehandeld": "Afgehandeld"}
# Forward through the follow-up; a closed signal may be reopened when the tenant calls back.
OVERGANGEN = {
    "open": ("in_behandeling", "afgehandeld"),
    "in_behandeling": ("afgehandeld",),
    "afgehandeld": ("in_behandeling",),
}
# A rule made today also picks up consenting answers imported this many days before it, so a
# corporation that sets up its signals after the first import still hears of those tenants.
INHAAL_DAGEN = 14
# seed 002: "ontvangt … een herinnering … een week voor iedere deadline".
HERINNERING_DAGEN_VOOR_DEADLINE = 7
MAX_MAIL_POGINGEN = 5


class SignaalError(ValueError):
    """Input that cannot become a rule or a status change; the message is a Dutch sentence."""


@dataclass(frozen=True)
class SignaalRegel:
    signaal_regel_id: int
    corporatie_id: int
    vragenlijst_code: str
    vraag_code: str | None
    min_cijfer: int | None
    max_cijfer: int | None
    checkvraag_antwoord: int | None
    ontvangers: tuple[str, ...]
    is_aannemer_ontvanger: bool
    is_actief: bool
    created_by: str | None
    created_at: datetime

    @property
    def is_checkvraag(self) -> bool:
        return self.checkvraag_antwoord is not None

    def is_triggered_by(self, cijfer: int | None = None, checkvraag: int | None = None) -> bool:
        """Does this answer meet the rule? A grade only for a question rule, the checkvraag only
        for a checkvraag rule; 'weet niet' / n.v.t. (no grade) never meets a grade rule."""
        if self.is_checkvraag:
            return checkvraag is not None and checkvraag == self.checkvraag_antwoord
        return cijfer is not None and self.min_cijfer <= cijfer <= self.max_cijfer

    @property
    def omschrijving(self) -> str:
        """'cijfer 5 of lager', 'cijfer 9 of hoger', 'cijfer 1 t/m 2', 'checkvraag antwoord 3 (…)'."""
        if self.is_checkvraag:
            return f"checkvraag antwoord {self.checkvraag_antwoord} ({CHECKVRAAG_TEKSTEN[self.checkvraag_antwoord]})"
        return cijfer_bereik(self.min_cijfer, self.max_cijfer)


def cijfer_bereik(min_cijfer: int, max_cijfer: int) -> str:
    if min_cijfer == max_cijfer:
        return f"cijfer {min_cijfer}"
    if min_cijfer == 1:
        return f"cijfer {max_cijfer} of lager"
    if max_cijfer == 10:
        return f"cijfer {min_cijfer} of hoger"
    return f"cijfer {min_cijfer} t/m {max_cijfer}"


def check_regel(
    vragenlijst_code: str, *, vraag_code: str | None, vraag_type: str | None, vraag_vragenlijst: str | None,
    min_cijfer: int | None, max_cijfer: int | None, checkvraag_antwoord: int | None, ontvangers: Sequence[str],
) -> None:
    """Raise SignaalError with one Dutch sentence when the rule cannot work as asked."""
    if (vraag_code is None) == (checkvraag_antwoord is None):
        raise SignaalError("Kies een vraag met een cijfergrens, of checkvraag-antwoord 3 of 4.")
    if checkvraag_antwoord is not None:
        if vragenlijst_code != "reparaties":
            raise SignaalError("De checkvraag hoort alleen bij Reparaties.")
        if checkvraag_antwoord not in CHECKVRAAG_SIGNAAL_ANTWOORDEN:
            raise SignaalError("Een signaal op de checkvraag kan bij antwoord 3 of 4.")
    else:
        if vraag_type is None:
            raise SignaalError(f"De vraag '{vraag_code}' bestaat niet.")
        if vraag_vragenlijst != vragenlijst_code:
            raise SignaalError(f"De vraag '{vraag_code}' hoort niet bij deze vragenlijst.")
        if vraag_type != "rapportcijfer":
            raise SignaalError(f"De vraag '{vraag_code}' vraagt geen rapportcijfer; kies een cijfervraag.")
        if min_cijfer is None or max_cijfer is None or not (1 <= min_cijfer <= 10 and 1 <= max_cijfer <= 10):
            raise SignaalError("Een cijfergrens ligt tussen 1 en 10.")
        if min_cijfer > max_cijfer:
            raise SignaalError("Het laagste cijfer van de regel is hoger dan het hoogste.")
    if not ontvangers:
        raise SignaalError("Geef minstens één e-mailadres op dat de signalen ontvangt.")


def check_overgang(huidig: str, nieuw: str, *, behandelaar: str, notitie: str, actie_date: date, vandaag: date) -> None:
    """seed 003: record who handles a signal, what was done and when."""
    if nieuw not in STATUSSEN:
        raise SignaalError(f"Onbekende status '{nieuw}'.")
    if nieuw not in OVERGANGEN[huidig]:
        raise SignaalError(f"Een signaal met status '{STATUSSEN[huidig]}' kan niet naar '{STATUSSEN[nieuw]}'.")
    if not behandelaar.strip():
        raise SignaalError("Vul in wie het signaal behandelt.")
    if nieuw == "afgehandeld" and not notitie.strip():
        raise SignaalError("Schrijf kort op wat er met het signaal is gedaan.")
    if actie_date > vandaag:
        raise SignaalError("De datum ligt in de toekomst.")


def heruitnodiging_date(completed: date, weeks: int) -> date:
    """domain.md §5: checkvraag answer 3 is invited again after the corporation's 3 or 6 weeks."""
    if weeks not in (3, 6):
        raise ValueError("weeks must be 3 or 6")
    return completed + timedelta(weeks=weeks)


def herinnering_date(deadline: date) -> date:
    """domain.md §6.3: the reminder goes one week before each delivery deadline."""
    return deadline - timedelta(days=HERINNERING_DAGEN_VOOR_DEADLINE)


def herinnering_due(deadline: date, op: date) -> bool:
    """Due from its day up to the deadline: a cron run that missed the day still sends it once."""
    return herinnering_date(deadline) <= op < deadline


@dataclass(frozen=True)
class Huurder:
    naam: str | None
    adres: str | None
    telefoon: str | None
    email: str | None
    id1: str | None
    id2: str | None


@dataclass(frozen=True)
class SignaalMail:
    signaal_id: int
    corporatie_naam: str
    vragenlijst_naam: str
    vraag_tekst: str
    antwoord: str
    completed_date: date | None
    aannemer: str | None
    huurder: Huurder
    andere_antwoorden: tuple[tuple[str, str], ...] = ()
    link: str | None = None
    antwoord_kort: str | None = None  # for the subject line


def mail_tekst(mail: SignaalMail) -> tuple[str, str]:
    """Subject and body of a signaalmail (domain.md §7: the question, the answer, the tenant's
    contact data and id1/id2 from the upload). Plain text: nothing in it is ever markup."""
    h = mail.huurder
    subject = f"Signaal {mail.vragenlijst_naam}: {mail.antwoord_kort or mail.antwoord}"
    if h.id1 or h.id2:
        subject += " (" + " / ".join(v for v in (h.id1, h.id2) if v) + ")"
    regels = [
        "Beste collega,",
        "",
        f"Een huurder van {mail.corporatie_naam} gaf in het onderzoek {mail.vragenlijst_naam} een antwoord "
        "waarvoor u een signaal wilt ontvangen. De huurder gaf toestemming om de gegevens met de corporatie te delen.",
        "",
        f"Vraag: {mail.vraag_tekst}",
        f"Antwoord: {mail.antwoord}",
    ]
    if mail.completed_date:
        regels.append(f"Ingevuld op: {datum(mail.completed_date)}")
    if mail.aannemer:
        regels.append(f"Aannemer: {mail.aannemer}")
    regels += ["", "Gegevens van de huurder"]
    for label, value in (("Naam", h.naam), ("Adres", h.adres), ("Telefoon", h.telefoon),
                         ("E-mail", h.email), ("id1", h.id1), ("id2", h.id2)):
        regels.append(f"{label}: {value or '–'}")
    if mail.andere_antwoorden:
        regels += ["", "Andere antwoorden van deze huurder"]
        regels += [f"- {vraag}: {antwoord}" for vraag, antwoord in mail.andere_antwoorden]
    regels += [
        "",
        f"Leg in het Klantvizier op de pagina Signalen vast wie dit signaal (nr. {mail.signaal_id}) oppakt en wat er is gedaan.",
    ]
    if mail.link:
        regels.append(mail.link)
    regels += ["", "Met vriendelijke groet,", "Klantvizier"]
    return subject, "\n".join(regels)


def herinnering_tekst(naam: str, corporatie_naam: str, deadline: date) -> tuple[str, str]:
    """Subject and body of the delivery reminder (seed 002 'herinnering voor aanleveren')."""
    subject = f"Herinnering: lever uw huurdersbestanden aan vóór {datum(deadline)}"
    body = "\n".join([
        f"Beste {naam},",
        "",
        f"Over een week, op {datum(deadline)}, is de uiterste aanleverdatum van de huurdersbestanden "
        f"van {corporatie_naam} in Mijn KWH. Bestanden die later komen, gaan een ronde later mee.",
        "",
        "U ontvangt deze herinnering omdat u die in Mijn KWH heeft aangezet; uitzetten kan bij Mijn account.",
        "",
        "Met vriendelijke groet,",
        "Klantvizier",
    ])
    return subject, body


@dataclass(frozen=True)
class Doorlooptijd:
    maand: str  # 'YYYY-MM' of the month the signals were raised
    aantal: int
    afgehandeld: int
    mediaan_dagen: float | None


def doorlooptijden(signalen: Iterable[tuple[datetime, datetime | None]]) -> list[Doorlooptijd]:
    """Median time from raising to closing per month of raising (open ones are counted, not
    timed), so the corporation sees whether it keeps its promise to call back."""
    per_maand: dict[str, list[datetime | None]] = {}
    raised_by_month: dict[str, list[datetime]] = {}
    for raised_at, afgehandeld_at in signalen:
        key = f"{raised_at.year}-{raised_at.month:02d}"
        per_maand.setdefault(key, []).append(afgehandeld_at)
        raised_by_month.setdefault(key, []).append(raised_at)
    result = []
    for key in sorted(per_maand):
        dagen = [
            (closed - raised).total_seconds() / 86400
            for raised, closed in zip(raised_by_month[key], per_maand[key], strict=True)
            if closed is not None
        ]
        result.append(Doorlooptijd(key, len(per_maand[key]), len(dagen),
                                   statistics.median(dagen) if dagen else None))
    return result


def checkvraag_antwoord_tekst(value: int) -> str:
    return f"{value}. {CHECKVRAAG_TEKSTEN[value]}"
