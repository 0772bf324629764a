"""A demo regioplan for Oostelijk Zuid-Limburg, built on the demo regiobeeld through the product's own services.

Run after regiobeeld's demo step (settings.REGIO_DEMO_STAPPEN). The plan is written by both parties' personas,
so its history shows who wrote what; it is left submitted (ingediend) with the GP organisation's approval, so a
visitor sees an approval underway and, logged in as the insurer's purchaser, can adopt it. Everything is
invented and says so: the title ends in "(demo)" like the demo organisations' names, and each part is marked.

Loading twice changes nothing: an existing demo plan is left as it is, whatever visitors did to it since.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from regio import berichten
from regio.models import Gebruiker, Organisatie, Regio
from regiobeeld.models import Regiobeeld
from regioplan import services, voorstellen
from regioplan.access import mandaat_om_goed_te_keuren
from regioplan.models import Activiteit, Doel, Meetpunt, Plandeelsoort, PlanUitdaging, Reactie, Regioplan

REGIO_SLUG = "oostelijk-zuid-limburg"
TITEL = "Regioplan huisartsenzorg Oostelijk Zuid-Limburg 2026\u20132029 (demo)"
STARTJAAR, EINDJAAR = 2026, 2029

ANNA = "anna@zorggroep-mijnstreek.test"  # editor, GP organisation
BRAM = "bram@zorggroep-mijnstreek.test"  # board member with a regioplan mandate, GP organisation
CARLA = "carla@praktijk-delinde.test"  # GP, reader
DAAN = "daan@zorgverzekeraar-zuid.test"  # purchaser with a regioplan mandate, insurer

ZORGGROEP = "Zorggroep Mijnstreek (demo)"
VERZEKERAAR = "Zorgverzekeraar Zuid (demo)"
ZIEKENHUIS = "Ziekenhuis Parkstad (demo)"
WIJKTEAM = "Wijkteam Heerlen (demo)"

DEMOREGEL = "*(Demotekst: verzonnen plan bij illustratieve cijfers.)*"

# (part, text, written by)
DELEN: tuple[tuple[Plandeelsoort, str, str], ...] = (
    (
        Plandeelsoort.MISSIE_VISIE,
        f"""> **Demo.** Dit regioplan is verzonnen en laat alleen zien hoe het product werkt. De organisaties \
bestaan niet en de cijfers in het regiobeeld zijn illustratief.

### Missie

Zorggroep Mijnstreek en Zorgverzekeraar Zuid zorgen er samen voor dat iedere inwoner van Oostelijk Zuid-Limburg \
ook in 2029 een eigen huisarts heeft, dichtbij huis en goed bereikbaar. De huisarts blijft de spil van de zorg in \
de wijk; de regionale huisartsenorganisatie neemt praktijken het werk uit handen dat zij alleen niet kunnen dragen.

### Visie

De regio krimpt en vergrijst sneller dan de rest van Nederland, terwijl een groot deel van de huisartsen de \
komende jaren stopt. Dat vraagt om een andere organisatie van de huisartsenzorg, niet om harder werken. Wij kiezen \
voor:

- **persoonsgerichte, proactieve zorg** voor kwetsbare ouderen, zodat zij langer en veilig thuis wonen;
- **taakherschikking en regionale ondersteuning**, zodat het vak aantrekkelijk blijft en praktijken een opvolger \
vinden;
- **zorg op afstand waar het kan**, zodat er tijd overblijft voor het gesprek in de spreekkamer;
- **samenwerking in de wijk** met wijkverpleging, wijkteam en ziekenhuis, in de lijn praktijk\u2013wijk\u2013regio.

Dit plan bouwt voort op het gezamenlijke regiobeeld: dezelfde cijfers, een gedeelde duiding. Beide partijen \
dragen het plan. De afspraken worden vastgelegd in meerjarige contractafspraken, en elke afspraak krijgt een \
meetpunt, zodat we de voortgang samen kunnen bespreken. {DEMOREGEL}
""",
        ANNA,
    ),
    (
        Plandeelsoort.ICT_VISIE,
        f"""### Uitgangspunten

Goede zorg in de wijk vraagt om gegevens die met de patiënt meereizen. De praktijken in de regio werken met \
verschillende huisartsinformatiesystemen; de zorggroep kiest daarom voor open standaarden en regionale afspraken, \
niet voor een eigen systeem per project.

### Wat we de komende jaren doen

1. Alle praktijken bieden in 2027 e-consult en online afspraken aan, in de systemen die zij al gebruiken.
2. Thuismonitoring bij COPD en hartfalen loopt via één regionaal platform, met een koppeling naar het ziekenhuis \
en het huisartsinformatiesysteem.
3. Huisarts, wijkverpleging en specialist ouderengeneeskunde delen het individuele zorgplan van kwetsbare ouderen, \
met toestemming van de patiënt.
4. De zorggroep ondersteunt praktijken bij informatiebeveiliging (NEN 7510) en bij de overstap naar een nieuw \
systeem.

### Financiering van ICT

Structurele ICT-kosten horen in de structurele financiering (S2, organisatie en infrastructuur), niet in losse \
projecten. Waar het goedkoper of beter is, werkt de zorggroep bovenregionaal samen. {DEMOREGEL}
""",
        ANNA,
    ),
    (
        Plandeelsoort.GOVERNANCE,
        f"""### Zeggenschap en mandaat

Zorggroep Mijnstreek is de regionale huisartsenorganisatie. Praktijkhoudende huisartsen zijn lid en kiezen het \
bestuur; niet-praktijkhoudende huisartsen (waarnemers en huisartsen in dienst) hebben een eigen adviesraad die het \
bestuur gevraagd en ongevraagd adviseert. Het bestuur heeft van de ledenvergadering mandaat voor dit regioplan en \
de contractafspraken die eruit volgen; dat mandaat wordt elk jaar opnieuw besproken. Bij Zorgverzekeraar Zuid \
heeft de zorginkoper mandaat voor deze regio.

### Draagvlak

Het concept is besproken op twee ledenavonden en in de wijkoverleggen. Huisartsen lezen mee en reageren in deze \
omgeving; de zorggroep beantwoordt elke vraag voordat het plan wordt vastgesteld.

### Multidisciplinaire samenwerking

- **Ziekenhuis Parkstad**: afspraken over anderhalvelijnszorg en verwijzen, in een transmuraal overleg.
- **Wijkteam en gemeenten**: één aanspreekpunt per kern voor wonen, welzijn en mantelzorg.
- **Wijkverpleging**: een vast overleg per wijk over kwetsbare ouderen.

Wat een praktijk zelf kan, blijft in de praktijk; wat in de wijk samen moet, regelt het wijkoverleg; wat alle \
praktijken raakt, organiseert de zorggroep. {DEMOREGEL}
""",
        ANNA,
    ),
    (
        Plandeelsoort.RANDVOORWAARDEN,
        f"""### Financiering

Beide partijen willen af van losse projectfinanciering:

- wat na de looptijd blijft bestaan (de praktijkondersteuning ouderenzorg, de regionale pool), wordt vanaf de \
start structureel gefinancierd via **S2**, met afspraken voor meerdere jaren;
- vernieuwing en uitkomstafspraken lopen via een regionaal **S3-pakket**, waaraan praktijken vrijwillig meedoen;
- kiest een praktijk een doel, dan gaat een deel van het geld naar de praktijk en een deel naar de zorggroep \
voor de ondersteuning.

### Mensen en tijd

De zorggroep zet een programmamanager en twee praktijkconsulenten in. Praktijken krijgen tijd voor scholing; \
waarnemers uit de regionale pool vangen dat op.

### Monitoring

Elke activiteit heeft een meetpunt met nulmeting, streefwaarde, bron en eigenaar. Zorggroep en zorgverzekeraar \
bespreken de voortgang elk half jaar; eind 2027 volgt een tussenevaluatie. Komen partijen er samen niet uit, dan \
vragen zij een onafhankelijke derde om te bemiddelen, bijvoorbeeld via de ROS. {DEMOREGEL}
""",
        DAAN,
    ),
)

# The regiobeeld's challenges in the plan's order of priority: (title, interpretation, taken up, why not, by)
UITDAGINGEN: tuple[tuple[str, str, bool, str, str], ...] = (
    (
        "Opvolging van huisartsen",
        "Een groot deel van de huisartsen is 55 jaar of ouder en in de kleinere kernen is opvolging nu al lastig. "
        "Beide partijen zien dit als de eerste voorwaarde voor de rest van het plan: zonder huisartsen geen "
        "proactieve ouderenzorg. Aanpak: een opvolgingsplan per praktijk, een regionale pool en taakherschikking.",
        True,
        "",
        ANNA,
    ),
    (
        "Vergrijzing en kwetsbare ouderen thuis",
        "Het aandeel 80-plussers groeit elk jaar en ouderen wonen langer thuis, vaak met meer dan één chronische "
        "aandoening. We kiezen voor proactieve zorg: kwetsbare ouderen vroeg in beeld, een zorgplan, thuismeten en "
        "specialistische kennis in de wijk.",
        True,
        "",
        DAAN,
    ),
    (
        "Gezondheidsverschillen",
        "De ervaren gezondheid blijft achter bij de rest van Nederland. De oorzaken liggen grotendeels buiten de "
        "spreekkamer: werk, inkomen, wonen en leefstijl.",
        False,
        "De aanpak ligt vooral bij de gemeenten en de GGD (preventie en sociaal domein). De huisartsen dragen bij "
        "via de samenwerking met het wijkteam, maar dit plan neemt geen eigen activiteiten op om de verschillen te "
        "verkleinen: daarvoor ontbreken in deze periode mensen en geld. Partijen bekijken dit opnieuw bij de "
        "tussenevaluatie eind 2027.",
        DAAN,
    ),
)


@dataclass(frozen=True)
class DemoMeetpunt:
    omschrijving: str
    eenheid: str
    nulmeting: Decimal
    nulmeting_datum: dt.date
    streefwaarde: Decimal
    streefdatum: dt.date
    bron: str
    frequentie: Meetpunt.Frequentie
    eigenaar: str


@dataclass(frozen=True)
class DemoActiviteit:
    titel: str
    beschrijving: str
    uitdagingen: tuple[str, ...]
    doel: str
    verantwoordelijke: str
    start: tuple[int, int]
    eind: tuple[int, int]
    prioriteit: Activiteit.Prioriteit
    voortgang: Activiteit.Voortgang
    begroting: Decimal
    meetpunten: tuple[DemoMeetpunt, ...]
    door: str = ANNA


OPVOLGING, OUDEREN = UITDAGINGEN[0][0], UITDAGINGEN[1][0]
P = Activiteit.Prioriteit
V = Activiteit.Voortgang
F = Meetpunt.Frequentie

ACTIVITEITEN: tuple[DemoActiviteit, ...] = (
    DemoActiviteit(
        "Opvolgingsplan per praktijk",
        "Met elke praktijkhouder van 60 jaar of ouder een gesprek over opvolging; de zorggroep helpt met "
        "praktijkoverdracht, associatie of een gezondheidscentrum.",
        (OPVOLGING,),
        "Andere organisatie huisartsenzorg",
        ZORGGROEP,
        (2026, 1),
        (2026, 2),
        P.HOOG,
        V.AFGEROND,
        Decimal("35000.00"),
        (
            DemoMeetpunt(
                "Praktijkhouders van 60+ met een besproken opvolgingsplan",
                "%",
                Decimal("20"),
                dt.date(2026, 1, 15),
                Decimal("100"),
                dt.date(2026, 6, 30),
                "Uitvraag zorggroep onder praktijkhouders",
                F.EENMALIG,
                ZORGGROEP,
            ),
        ),
    ),
    DemoActiviteit(
        "Regionale pool van waarnemers en praktijkondersteuners",
        "Een pool in dienst van de zorggroep vangt vacatures, ziekte en scholingstijd op, zodat praktijken in de "
        "kleine kernen open blijven. Jonge huisartsen maken zo kennis met de regio.",
        (OPVOLGING,),
        "Andere organisatie huisartsenzorg",
        ZORGGROEP,
        (2026, 3),
        (2028, 4),
        P.HOOG,
        V.LOOPT,
        Decimal("420000.00"),
        (
            DemoMeetpunt(
                "Vacatures voor een huisarts die langer dan zes maanden openstaan",
                "aantal",
                Decimal("9"),
                dt.date(2026, 6, 30),
                Decimal("3"),
                dt.date(2028, 12, 31),
                "Vacaturemonitor zorggroep",
                F.HALFJAAR,
                ZORGGROEP,
            ),
            DemoMeetpunt(
                "Ingezette dagen van de pool per jaar",
                "dagen",
                Decimal("0"),
                dt.date(2026, 6, 30),
                Decimal("1200"),
                dt.date(2028, 12, 31),
                "Roosteradministratie pool",
                F.KWARTAAL,
                ZORGGROEP,
            ),
        ),
    ),
    DemoActiviteit(
        "Proactieve zorg voor kwetsbare ouderen, met een praktijkondersteuner ouderenzorg in elke praktijk",
        "Elke praktijk brengt haar kwetsbare ouderen in beeld en stelt samen met hen een individueel zorgplan op. "
        "Kleine praktijken huren de praktijkondersteuner ouderenzorg in via de zorggroep.",
        (OUDEREN, OPVOLGING),
        "Meer persoonsgerichte zorg",
        ZORGGROEP,
        (2026, 2),
        (2027, 4),
        P.HOOG,
        V.LOOPT,
        Decimal("480000.00"),
        (
            DemoMeetpunt(
                "Praktijken met een praktijkondersteuner ouderenzorg",
                "%",
                Decimal("55"),
                dt.date(2025, 12, 31),
                Decimal("100"),
                dt.date(2027, 12, 31),
                "Praktijkregistratie zorggroep",
                F.HALFJAAR,
                ZORGGROEP,
            ),
            DemoMeetpunt(
                "Kwetsbare 75-plussers met een individueel zorgplan",
                "%",
                Decimal("18"),
                dt.date(2025, 12, 31),
                Decimal("60"),
                dt.date(2028, 12, 31),
                "Extractie uit de huisartsinformatiesystemen (ketenzorgsysteem zorggroep)",
                F.KWARTAAL,
                ZORGGROEP,
            ),
            DemoMeetpunt(
                "Acute ziekenhuisopnames van 75-plussers per 1.000",
                "per 1.000",
                Decimal("96.4"),
                dt.date(2025, 12, 31),
                Decimal("88.0"),
                dt.date(2029, 12, 31),
                "Vektis, declaratiegegevens",
                F.JAAR,
                VERZEKERAAR,
            ),
        ),
    ),
    DemoActiviteit(
        "Huisarts en wijkteam: één aanspreekpunt per kern",
        "Elke praktijk krijgt een vaste contactpersoon in het wijkteam voor vragen over wonen, welzijn, schulden "
        "en mantelzorg. Uitgesteld: de gemeente richt de wijkteams opnieuw in; een nieuwe planning volgt in het "
        "eerste kwartaal van 2027.",
        (OUDEREN,),
        "Meer persoonsgerichte zorg",
        WIJKTEAM,
        (2026, 3),
        (2027, 2),
        P.MIDDEN,
        V.UITGESTELD,
        Decimal("60000.00"),
        (
            DemoMeetpunt(
                "Praktijken met een vaste contactpersoon in het wijkteam",
                "%",
                Decimal("30"),
                dt.date(2026, 6, 30),
                Decimal("100"),
                dt.date(2027, 12, 31),
                "Uitvraag wijkteam en zorggroep",
                F.HALFJAAR,
                WIJKTEAM,
            ),
        ),
    ),
    DemoActiviteit(
        "Thuismonitoring bij COPD en hartfalen",
        "Patiënten met COPD of hartfalen meten thuis; de praktijkondersteuner kijkt mee en schakelt bij afwijkende "
        "waarden. Eén regionaal platform, gekoppeld aan ziekenhuis en huisartsinformatiesysteem.",
        (OUDEREN,),
        "Meer zorg op afstand",
        ZORGGROEP,
        (2027, 1),
        (2028, 4),
        P.MIDDEN,
        V.GEPLAND,
        Decimal("260000.00"),
        (
            DemoMeetpunt(
                "Patiënten met COPD of hartfalen die thuis meten",
                "aantal",
                Decimal("40"),
                dt.date(2026, 9, 30),
                Decimal("600"),
                dt.date(2028, 12, 31),
                "Rapportage leverancier thuismeetplatform",
                F.KWARTAAL,
                ZORGGROEP,
            ),
            DemoMeetpunt(
                "Ziekenhuisopnames wegens COPD of hartfalen per 1.000 patiënten met die aandoening",
                "per 1.000",
                Decimal("142"),
                dt.date(2025, 12, 31),
                Decimal("120"),
                dt.date(2029, 6, 30),
                "Vektis, declaratiegegevens",
                F.JAAR,
                VERZEKERAAR,
            ),
        ),
    ),
    DemoActiviteit(
        "Anderhalvelijnszorg: specialist ouderengeneeskunde en internist in de wijk",
        "Een internist ouderengeneeskunde en een specialist ouderengeneeskunde houden spreekuur in de wijk en "
        "denken mee bij complexe ouderen, zodat minder ouderen naar de polikliniek hoeven.",
        (OUDEREN,),
        "Andere organisatie huisartsenzorg",
        ZIEKENHUIS,
        (2027, 1),
        (2029, 2),
        P.MIDDEN,
        V.GEPLAND,
        Decimal("310000.00"),
        (
            DemoMeetpunt(
                "Verwijzingen van 75-plussers naar de polikliniek interne geneeskunde per 1.000",
                "per 1.000",
                Decimal("38.5"),
                dt.date(2025, 12, 31),
                Decimal("33.0"),
                dt.date(2029, 6, 30),
                "Vektis, declaratiegegevens",
                F.JAAR,
                VERZEKERAAR,
            ),
        ),
        DAAN,
    ),
    DemoActiviteit(
        "E-consult en online afspraken in alle praktijken",
        "De zorggroep helpt praktijken e-consult en online afspraken in te richten in hun eigen systeem, met "
        "instructie voor assistentes en patiënten.",
        (OPVOLGING,),
        "Meer zorg op afstand",
        ZORGGROEP,
        (2026, 2),
        (2027, 1),
        P.LAAG,
        V.LOOPT,
        Decimal("90000.00"),
        (
            DemoMeetpunt(
                "E-consulten per 1.000 ingeschreven patiënten per jaar",
                "per 1.000",
                Decimal("210"),
                dt.date(2025, 12, 31),
                Decimal("400"),
                dt.date(2027, 12, 31),
                "Vektis, declaratiegegevens",
                F.HALFJAAR,
                VERZEKERAAR,
            ),
        ),
    ),
    DemoActiviteit(
        "Regionale verwijsafspraken en digitale consultatie",
        "Huisartsen en specialisten van Ziekenhuis Parkstad maken verwijsafspraken voor de tien meest verwezen "
        "klachten; consultatie gaat digitaal, zodat een verwijzing vaker niet nodig is.",
        (OUDEREN,),
        "Efficiënte praktijkvoering",
        ZORGGROEP,
        (2028, 1),
        (2029, 4),
        P.LAAG,
        V.GEPLAND,
        Decimal("120000.00"),
        (
            DemoMeetpunt(
                "Verwijzingen naar de tweede lijn per 1.000 ingeschreven patiënten",
                "per 1.000",
                Decimal("183"),
                dt.date(2025, 12, 31),
                Decimal("170"),
                dt.date(2029, 12, 31),
                "Vektis, declaratiegegevens",
                F.JAAR,
                VERZEKERAAR,
            ),
        ),
        DAAN,
    ),
)

VRAAG_HUISARTS = (
    "Vraag vanuit De Linde: wij hebben maar een paar uur per week een praktijkondersteuner ouderenzorg nodig en "
    "vinden daar niemand voor. Kunnen we die via de zorggroep inhuren, en hoe wordt de tijd voor de zorgplannen "
    "vergoed?"
)
ANTWOORD_ZORGGROEP = (
    "Dank, Carla. Ja: praktijken die minder dan een halve dag per week nodig hebben, huren de praktijkondersteuner "
    "in via de regionale pool. De uren vallen onder de S2-afspraak ouderenzorg; de zorgplannen onder het "
    "S3-pakket. We lichten het toe op de ledenavond in januari."
)
INTERNE_NOTITIE = (
    "Intern: de begroting van de pool past binnen onze S2-ruimte voor 2027 en 2028 als de inzet elk kwartaal "
    "wordt gerapporteerd (staat in de meetpunten). Ik keur het plan goed na het overleg met de medisch adviseur."
)


def _activiteit_aanmaken(
    plan: Regioplan,
    demo: DemoActiviteit,
    *,
    organisaties: dict[str, Organisatie],
    uitdagingen: dict[str, PlanUitdaging],
    doelen: dict[str, Doel],
    gebruikers: dict[str, Gebruiker],
) -> Activiteit:
    activiteit = services.activiteit_opslaan(
        activiteit=Activiteit(
            regioplan=plan,
            titel=demo.titel,
            beschrijving=demo.beschrijving,
            doel=doelen.get(demo.doel),  # the koepel may have renamed a goal; the activity then has none
            verantwoordelijke=organisaties[demo.verantwoordelijke],
            start_jaar=demo.start[0],
            start_kwartaal=demo.start[1],
            eind_jaar=demo.eind[0],
            eind_kwartaal=demo.eind[1],
            prioriteit=demo.prioriteit,
            voortgang=demo.voortgang,
            begroting=demo.begroting,
        ),
        uitdagingen=[uitdagingen[t] for t in demo.uitdagingen if t in uitdagingen],
        gelezen_versie=None,
        acting_user=gebruikers[demo.door],
    )
    for mp in demo.meetpunten:
        services.meetpunt_opslaan(
            meetpunt=Meetpunt(
                activiteit=activiteit,
                omschrijving=mp.omschrijving,
                eenheid=mp.eenheid,
                nulmeting=mp.nulmeting,
                nulmeting_datum=mp.nulmeting_datum,
                streefwaarde=mp.streefwaarde,
                streefdatum=mp.streefdatum,
                bron=mp.bron,
                frequentie=mp.frequentie,
                eigenaar=organisaties[mp.eigenaar],
            ),
            gelezen_versie=None,
            acting_user=gebruikers[demo.door],
        )
    return activiteit


VOORSTEL_VERZEKERAAR = (
    "De zorgverzekeraar financiert de praktijkondersteuning ouderenzorg de eerste twee jaar volledig; daarna "
    "verdelen beide partijen de kosten op basis van de monitoring."
)
VOORSTEL_WAAROM = "Zo staat de financiering in het plan zelf, en niet alleen in het contract."


@transaction.atomic
def demo_laden() -> Regioplan:
    """The demo plan of Oostelijk Zuid-Limburg: made once, left as it is on every later run."""
    begin = timezone.now()
    ozl = Regio.objects.get(slug=REGIO_SLUG)
    bestaand = Regioplan.objects.filter(regio=ozl, titel=TITEL).order_by("volgnummer").first()
    if bestaand is not None:
        return bestaand
    regiobeeld = Regiobeeld.objects.filter(regio=ozl).order_by("-jaar").first()
    if regiobeeld is None:
        raise RuntimeError("The regioplan demo needs the demo regiobeeld: run regiobeeld.demo.demo_laden first.")
    gebruikers = {g.email: g for g in Gebruiker.objects.filter(email__in=[ANNA, BRAM, CARLA, DAAN])}
    organisaties = {
        o.naam: o for o in Organisatie.objects.filter(naam__in=[ZORGGROEP, VERZEKERAAR, ZIEKENHUIS, WIJKTEAM])
    }
    doelen = {d.naam: d for d in Doel.objects.filter(actief=True)}
    anna, bram, carla, daan = (gebruikers[e] for e in (ANNA, BRAM, CARLA, DAAN))

    plan = services.regioplan_aanmaken(
        regio=ozl, regiobeeld=regiobeeld, titel=TITEL, startjaar=STARTJAAR, eindjaar=EINDJAAR, acting_user=anna
    )
    delen = {d.soort: d for d in plan.delen.all()}
    for soort, tekst, door in DELEN:
        deel = delen[soort]
        services.plandeel_opslaan(deel=deel, gelezen_versie=deel.versie, tekst=tekst, acting_user=gebruikers[door])

    # The plan's own order of the regiobeeld's challenges (the regiobeeld left it open); others stay behind them.
    per_titel = {pu.titel: pu for pu in plan.uitdagingen.all()}
    gekozen = [per_titel[t].pk for t, *_rest in UITDAGINGEN if t in per_titel]
    overig = [
        pk for pk in plan.uitdagingen.order_by("prioriteit", "pk").values_list("pk", flat=True) if pk not in gekozen
    ]
    services.planuitdagingen_ordenen(regioplan=plan, volgorde=[*gekozen, *overig], acting_user=anna)
    per_titel = {pu.titel: pu for pu in plan.uitdagingen.all()}  # fresh: reordering raised their versions
    for titel, duiding, opgenomen, reden_niet, door in UITDAGINGEN:
        if (pu := per_titel.get(titel)) is not None:
            services.planuitdaging_opslaan(
                planuitdaging=pu,
                gelezen_versie=pu.versie,
                duiding=duiding,
                opgenomen=opgenomen,
                reden_niet=reden_niet,
                acting_user=gebruikers[door],
            )

    activiteiten = {
        demo.titel: _activiteit_aanmaken(
            plan, demo, organisaties=organisaties, uitdagingen=per_titel, doelen=doelen, gebruikers=gebruikers
        )
        for demo in ACTIVITEITEN
    }

    vraag = services.reactie_plaatsen(
        regioplan=plan, tekst=VRAAG_HUISARTS, acting_user=carla, activiteit=activiteiten[ACTIVITEITEN[2].titel]
    )
    services.reactie_plaatsen(regioplan=plan, tekst=ANTWOORD_ZORGGROEP, acting_user=anna, antwoord_op=vraag)

    plan.refresh_from_db()
    services.regioplan_indienen(regioplan=plan, gelezen_versie=plan.versie, acting_user=anna)
    services.reactie_plaatsen(
        regioplan=plan,
        tekst=INTERNE_NOTITIE,
        acting_user=daan,
        activiteit=activiteiten[ACTIVITEITEN[1].titel],
        intern_voor=organisaties[VERZEKERAAR],
    )
    # The demo's comments are news to nobody, and its addresses (.test) reach nobody: mark them as sent, so the
    # worker (or, with an eager Celery, this very command) does not mail them after the commit.
    Reactie.objects.filter(regioplan=plan).update(gemaild_op=timezone.now())

    # The GP organisation approves; the insurer's purchaser has not yet, so a visitor sees one approval of two.
    # A mandate of regio's demo that has run out by the time the demo is loaded leaves the plan just submitted.
    if mandaat_om_goed_te_keuren(plan, bram) is not None:
        services.regioplan_goedkeuren(regioplan=plan, gelezen_versie=plan.versie, acting_user=bram)
    # Submitted, the plan's text changes only through proposals: Daan proposes a sharper condition, which waits for
    # the GP organisation (a redline on the plan page, "Wacht op u" for Anna and Bram). Accepting it would withdraw
    # Bram's approval, as any change does.
    deel = plan.delen.get(soort=Plandeelsoort.RANDVOORWAARDEN)
    voorstellen.voorstel_indienen(
        doel=deel,
        voorgesteld={"tekst": f"{deel.tekst}\n\n{VOORSTEL_VERZEKERAAR}"},
        gelezen_versie=deel.versie,
        toelichting=VOORSTEL_WAAROM,
        acting_user=daan,
    )
    berichten.stil_houden(regio=ozl, sinds=begin)  # the submission and the open proposal are news to nobody
    return plan
