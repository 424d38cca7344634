"""Names and Dutch free texts for the sample data. Fictional throughout."""

# (naam, VHE, regio, stedelijkheid, checkvraag aan) — every size class, region and urbanisation level.
DEMO_CORPORATIES = (
    ("Woonstichting De Vechtstreek", 8400, "Utrecht", 2, True),
    ("Wooncorporatie Maasoever", 14000, "Limburg", 3, True),
    ("Stichting Noorderhuis", 32000, "Groningen", 1, False),
    ("Woonbedrijf Kempenland", 4100, "Noord-Brabant", 4, True),
    ("Duinwonen", 11500, "Noord-Holland", 2, False),
    ("Woonstichting Eemvallei", 6200, "Utrecht", 3, True),
    ("Waterland Wonen", 2100, "Noord-Holland", 4, False),
    ("Friesland Thuis", 1800, "Friesland", 5, True),
    ("Woongoed Zeeuwse Eilanden", 3300, "Zeeland", 5, False),
    ("Stadswonen Rijnmond", 45000, "Zuid-Holland", 1, True),
    ("Woonstichting Twentehuis", 9100, "Overijssel", 3, True),
    ("Veluwe Wonen", 5600, "Gelderland", 4, False),
    ("Woonpunt Drenthe", 2400, "Drenthe", 5, True),
    ("Polderwonen", 17800, "Flevoland", 2, True),
    ("Hofstad Woningbouw", 24000, "Zuid-Holland", 1, False),
)

# The demo accounts' corporation and the contractor that reports under two spellings (seed 000).
DEMO_CORPORATIE = DEMO_CORPORATIES[0][0]
DEMO_AANNEMER_SPELLINGEN = ("Bouwbedrijf Jansen", "Bouwbedrijf Jansen Onderhoud")

AANNEMERS = (
    "Van der Berg Installatietechniek", "Klusbedrijf De Hamer", "Schilders Bakker & Zn",
    "Dakwerken Noord", "Loodgietersbedrijf Visser", "Onderhoudsbedrijf Smit", "Hendriks Bouw",
    "Elektro De Vries", "Timmerbedrijf Mulder", "Bouwgroep Dijkstra", "Glaszetterij Peters",
    "Installatiebedrijf Meijer", "Bos Renovatie", "Vastgoedonderhoud Kok", "CV-Service Brouwer",
    "Bouwbedrijf Willems", "Schoonmaak & Herstel Jacobs", "Aannemersbedrijf Van Dam",
)

WIJKEN = (
    "Centrum", "Oost", "West", "Noord", "Zuid", "De Hoven", "Molenwijk", "Kerkebuurt",
    "Het Veld", "Vogelbuurt", "Schildersbuurt", "Bloemenwijk",
)
VESTIGINGEN = ("Vestiging Noord", "Vestiging Zuid", "Vestiging Centrum")
COMPLEXTYPEN = ("Eengezinswoning", "Galerijflat", "Portiekflat", "Seniorenwoning", "Appartement met lift")

OPEN_POSITIEF = (
    "De monteur was heel vriendelijk en heeft alles netjes opgeruimd.",
    "Snel geholpen, binnen een week was alles gemaakt. Top!",
    "Fijn dat ik een afspraak kon maken op een tijd die mij uitkwam.",
    "Prima service, duidelijke communicatie vooraf.",
    "Ze kwamen precies op tijd en legden goed uit wat ze gingen doen.",
    "Heel tevreden, de nieuwe keuken ziet er prachtig uit.",
    "Vriendelijke medewerkers aan de telefoon, ik werd meteen goed geholpen.",
    "Alles ging in één keer goed, complimenten voor de vakman.",
    "De verhuizing verliep soepel, de woning was schoon en netjes.",
    "Goede uitleg bij de sleuteloverdracht, ik voelde me welkom.",
)
OPEN_NEUTRAAL = (
    "Het duurde wat lang voordat er iemand kwam, maar het resultaat is goed.",
    "Het was redelijk, alleen de communicatie kan beter.",
    "Graag vooraf een sms als de monteur onderweg is.",
    "De website is niet zo makkelijk, telefonisch ging het beter.",
    "Niets bijzonders, het werk is gedaan.",
    "Het zou fijn zijn als je zelf een tijdvak kunt kiezen.",
    "Het onderhoud is gedaan, maar de steigers stonden er lang.",
)
OPEN_NEGATIEF = (
    "Drie keer een afspraak gemaakt en pas de derde keer kwam er iemand.",
    "De lekkage is nog steeds niet verholpen, ik wacht al weken.",
    "Er is veel rommel achtergelaten na de werkzaamheden.",
    "Ik kreeg geen bericht dat de afspraak was verzet en heb voor niets thuis gezeten.",
    "Slecht bereikbaar, lang in de wacht gestaan aan de telefoon.",
    "De schimmel in de badkamer komt steeds terug, ze lossen het niet echt op.",
    "De eindafrekening klopte niet en niemand belde terug.",
    "Het werk is slordig uitgevoerd, de kitnaden zitten scheef.",
    "De woning was bij oplevering vies, ik heb alles zelf moeten schoonmaken.",
    "Niemand voelt zich verantwoordelijk, ik word van het kastje naar de muur gestuurd.",
)

TYPES_REPARATIE = (
    "sluiting keukenraam kapot", "lekkage kraan badkamer", "cv-ketel storing", "voordeur klemt",
    "afvoer keuken verstopt", "dakgoot lekt", "stopcontact defect", "tochtstrip vervangen",
)
