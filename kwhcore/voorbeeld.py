"""What a tenant sees: the invitation e-mail and the vragenlijst, with the corporation's own name
filled in (seed 002 "Je ziet ook een voorbeeld van hoe huurders de vragenlijsten zien";
"Hoe zien de uitnodigingen per e-mail richting huurders eruit?").

Pure text from the vragenbibliotheek and the corporation's settings; the Mijn KWH page
``pages/voorbeeld.py`` only lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kwhcore.formatting import datum
from kwhcore.vragenlijsten import Vraag, fill_placeholders, naam_van, vragenlijst

# seed 002: the address each vragenlijst's invitation is sent from.
AFZENDERS = {
    "algemene_waardering": "onderzoekcorporatiekwh@desan.nl",
    "nieuwe_huurders": "onderzoeknieuwewoningkwh@desan.nl",
    "vertrokken_huurders": "onderzoekopzeggenhuurkwh@desan.nl",
    "reparaties": "onderzoekreparatiekwh@desan.nl",
    "planmatig_onderhoud": "onderzoekonderhoudkwh@desan.nl",
    "groot_onderhoud": "onderzoekgrootonderhoudkwh@desan.nl",
}
# Example values for {{datum}} and {{type}} (seed 002's own example of a type text).
VOORBEELD_TYPE = {
    "reparaties": "sluiting keukenraam kapot",
    "planmatig_onderhoud": "buitenschilderwerk",
    "groot_onderhoud": "renovatie van keuken en badkamer",
}
_AANLEIDING = {
    "algemene_waardering": "U huurt een woning van {naam}. {naam} wil graag weten hoe tevreden u bent over uw woning, uw buurt en de dienstverlening.",
    "nieuwe_huurders": "U bent onlangs in een woning van {naam} komen wonen. {naam} wil graag weten hoe u dat heeft ervaren.",
    "vertrokken_huurders": "U heeft onlangs de huur van uw woning bij {naam} opgezegd. {naam} wil graag weten hoe u het vertrek heeft ervaren.",
    "reparaties": "Op {datum} is er bij u een reparatie uitgevoerd ({type}). {naam} wil graag weten hoe u dat heeft ervaren.",
    "planmatig_onderhoud": "Onlangs is er onderhoud aan uw woning uitgevoerd ({type}). {naam} wil graag weten hoe u dat heeft ervaren.",
    "groot_onderhoud": "Onlangs is er groot onderhoud aan uw woning uitgevoerd ({type}). {naam} wil graag weten hoe u dat heeft ervaren.",
}
ANTWOORDEN = {
    "rapportcijfer": tuple(str(n) for n in range(1, 11)),
    "ja_nee": ("Ja", "Nee"),
}


@dataclass(frozen=True)
class Contactpersoon:
    naam: str | None = None
    email: str | None = None
    telefoon: str | None = None


@dataclass(frozen=True)
class Uitnodigingsmail:
    afzender: str
    onderwerp: str
    tekst: str


@dataclass(frozen=True)
class VoorbeeldVraag:
    nummer: int
    stap: str
    tekst: str
    type: str
    antwoorden: tuple[str, ...]
    toelichting: str | None


def uitnodigingsmail(
    vragenlijst_code: str, corporatie_naam: str, contact: Contactpersoon, *, dienst_datum: date,
    naam: str | None = None,
) -> Uitnodigingsmail:
    """The invitation e-mail as a tenant receives it; ``naam`` the aannemer when the file names one."""
    wie = naam or corporatie_naam
    aanleiding = _AANLEIDING[vragenlijst_code].format(
        naam=wie, datum=datum(dienst_datum), type=VOORBEELD_TYPE.get(vragenlijst_code, "")
    )
    contact_regels = [r for r in (contact.naam, contact.email, contact.telefoon) if r]
    contact_tekst = (
        "Heeft u vragen over dit onderzoek? Neem dan contact op met " + ", ".join(contact_regels) + "."
        if contact_regels
        else f"Heeft u vragen over dit onderzoek? Neem dan contact op met {corporatie_naam}."
    )
    tekst = (
        "Beste heer/mevrouw [achternaam],\n\n"
        f"{aanleiding}\n\n"
        "Wilt u daarvoor een korte vragenlijst invullen? Dat duurt ongeveer 5 minuten. Klik op de "
        "link hieronder om te beginnen:\n"
        "[persoonlijke link naar de vragenlijst]\n\n"
        f"Uw antwoorden gaan naar KWH, een onafhankelijk bureau. {corporatie_naam} ziet uw antwoorden "
        "alleen met uw naam als u daar in de vragenlijst toestemming voor geeft.\n\n"
        f"{contact_tekst}\n\n"
        "Alvast hartelijk dank voor uw medewerking.\n\n"
        f"Met vriendelijke groet,\n{corporatie_naam} en KWH\n"
    )
    onderwerp = f"Uw mening over {naam_van(vragenlijst_code).lower()} bij {corporatie_naam}"
    return Uitnodigingsmail(AFZENDERS[vragenlijst_code], onderwerp, tekst)


def _antwoorden(vraag: Vraag) -> tuple[str, ...]:
    return vraag.opties or ANTWOORDEN.get(vraag.type, ())


def vragen(vragenlijst_code: str, corporatie_naam: str, *, dienst_datum: date, naam: str | None = None) -> list[VoorbeeldVraag]:
    """The questions in the tenant's order, placeholders filled as the tenant reads them."""
    lijst = vragenlijst(vragenlijst_code)
    wie = naam or corporatie_naam
    result = []
    for nummer, vraag in enumerate(lijst.vragen, start=1):
        toelichting = None
        if vraag.ontevredenheid:
            toelichting = "Alleen gesteld na een 5 of lager."
        elif vraag.type == "meerkeuze":
            toelichting = "Meerdere antwoorden mogelijk."
        result.append(VoorbeeldVraag(
            nummer, vraag.stap,
            fill_placeholders(vraag.tekst, wie, datum(dienst_datum), VOORBEELD_TYPE.get(vragenlijst_code, "[type]")),
            vraag.type, _antwoorden(vraag), toelichting,
        ))
    return result
