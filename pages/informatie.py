"""Informatie en nieuws (seed 000 "knoppen Informatie en Nieuws"; seed 002 §4): how the scores
are computed, when figures are hidden, how reliable they are, the delivery deadlines and whom
to ask. The text follows seed 002 in the users' own words."""

import streamlit as st

from kwhcore.config import CONFIG
from kwhcore.formatting import cijfer, datum
from kwhcore.periods import current_round, deadlines, tijdlijn

vandaag = CONFIG.today()

st.title("Informatie en nieuws")

st.header("Hoe worden de onderdeelscores berekend?")
st.markdown(
    "Voor elk onderdeel staat in het Klantvizier een **onderdeelscore** en een **percentage "
    "tevreden huurders**. De onderdeelscore wordt zo berekend:\n\n"
    "- Voor elke respondent zetten we de cijfers op de vragen die meetellen voor het "
    "KWH-Kwaliteitslabel naast elkaar. Dat zijn de vragen over de belangrijkste stappen in de "
    "klantreis.\n"
    "- Uit deze cijfers berekenen we een gemiddeld cijfer per respondent (alleen over de vragen "
    "die hij of zij beantwoordde; 'weet niet' telt niet mee).\n"
    "- We tellen alle gemiddelde cijfers per respondent bij elkaar op en delen dat door het "
    "aantal respondenten.\n\n"
    "Het **percentage tevreden huurders** is het percentage huurders dat gemiddeld een **5,5 of "
    "hoger** geeft; 5,5 telt als tevreden."
)
st.markdown("**Rekenvoorbeeld** (tien huurders, zeven vragen):")
voorbeeld = [
    (7, 6, 8, 5, 9, 7, 6), (5, 5, 5, 4, 6, 6, 4), (8, 8, 8, 6, 7, 7, 8), (7, 7, 7, 5, 6, 7, 6),
    (1, 2, 4, 4, 2, 1, 6), (5, 6, 5, 5, 7, 5, 6), (7, 7, 7, 5, 7, 5, 8), (7, 5, 5, 5, 7, 5, 5),
    (8, 8, 8, 7, 9, 8, 7), (7, 6, 5, 7, 7, 6, 7),
]
st.dataframe(
    {
        "Huurder": [f"Huurder {i}" for i in range(1, 11)],
        **{f"Vraag {q}": [rij[q - 1] for rij in voorbeeld] for q in range(1, 8)},
        "Gemiddelde": [cijfer(sum(rij) / 7) for rij in voorbeeld],
        "Tevreden": ["ja" if sum(rij) / 7 >= CONFIG.tevreden_grens else "nee" for rij in voorbeeld],
    },
    hide_index=True,
)
st.markdown(
    "Acht van de tien huurders geven gemiddeld een 5,5 of hoger: **80% tevreden**. De "
    "onderdeelscore is het gemiddelde van de tien gemiddelden: **6,1**."
)
st.markdown(
    "Bij elke vraag met een rapportcijfer ziet u de **score** (het gemiddelde cijfer), de "
    "**verdeling** (het percentage huurders dat een 1 t/m 5, een 6 of 7, of een 8 t/m 10 gaf) en "
    "de **ontwikkeling in de tijd**, per maand, kwartaal of jaar. Een resultaat valt in de periode "
    "waarin de huurder de vragenlijst invulde."
)

st.header("Vergelijken")
st.markdown(
    "Een uitsplitsing (aannemer, wijk, vestiging …) ziet u altijd naast de corporatie als geheel. "
    "De corporatie ziet u naast het landelijk gemiddelde en naast corporaties uit dezelfde regio, "
    f"dezelfde grootteklasse en hetzelfde stedelijkheidsniveau. Een vergelijkingsgroep tonen we "
    f"alleen als er minstens {CONFIG.min_corporaties_vergelijking} corporaties in zitten, zodat "
    "geen enkele andere corporatie eruit te herleiden is."
)

st.header("Privacy: waarom zie ik soms geen cijfer?")
st.markdown(
    f"We tonen geen resultaten van één persoon. Heeft een selectie minder dan **{CONFIG.min_n} "
    "respondenten**, dan ziet u geen cijfer en geen open antwoorden, maar een melding. Kies dan "
    "een langere periode (een kwartaal of het hele jaar) of een bredere selectie. Namen, adressen, "
    "telefoonnummers en e-mailadressen van huurders staan nooit in de dashboards."
)

st.header("Hoe betrouwbaar zijn de resultaten?")
st.markdown(
    "Onder **Meer info** bij een vraag staat de foutmarge: de maximale afwijking tussen wat we "
    "gemeten hebben en wat het bij alle benaderde huurders zou zijn, bij **90% betrouwbaarheid**. "
    "Binnen marktonderzoek is een foutmarge van 5% tot 10% op jaarbasis de norm. Hoe meer "
    "respondenten, hoe kleiner de foutmarge — bij weinig ingevulde vragenlijsten geeft een kwartaal "
    "of half jaar een beter beeld dan een maand."
)

st.header(f"Deadlines voor het aanleveren in {vandaag.year}")
st.markdown(
    "De uiterste aanleverdatum is steeds de eerste woensdag van de maand, tenzij dat de 1e, 2e, "
    "3e of 4e van de maand is; dan wordt het de woensdag daarna."
)
st.dataframe({"Deadline": [datum(d) for d in deadlines(vandaag.year)]}, hide_index=True)
ronde = tijdlijn(current_round(vandaag))
st.markdown(
    f"**Eerstvolgende ronde:** deadline {datum(ronde.deadline)}; de uitnodigingen gaan uit op "
    f"{datum(ronde.uitnodigingen)}, de herinnering op {datum(ronde.herinnering)}, en vanaf "
    f"{datum(ronde.telefonisch_non_respons)} bellen we huurders die nog niet reageerden."
)

st.header("Nieuws")
st.markdown(
    "In het Klantvizier vindt u een webinar met uitleg over de werking van het Klantvizier. Het "
    "webinar is gericht op corporaties, maar geeft ook aannemers en ketenpartners een duidelijke "
    "uitleg."
)

st.header("Contact")
st.markdown(
    "Heeft u een vraag of wilt u meer uitleg, stuur dan een e-mail aan "
    "[uwvraag@kwh.nl](mailto:uwvraag@kwh.nl). We helpen u graag."
)
