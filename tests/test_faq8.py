"""The faq8 pass (issue 22): questions from letters, English, and what the documents do not say.
Each through the real dialog (benchmarks/passages.py's Asker: /start, consent, /question, then
the text), beside a neighbour that must keep its answer or its doubt. What each rule is for:
docs/passages.md ("Faq8 pass")."""

from __future__ import annotations

import tomllib

import pytest

from benchmarks import passages as bench
from knowledge.loader import DATA_DIR


@pytest.fixture(scope="module")
def asker() -> bench.Asker:
    return bench.Asker()


def _plain(reply: str) -> str:
    return bench.normal(reply)


def _says(reply: str, *facts: str) -> bool:
    """An answer (not a doubt) holding every fact, compared as the benchmark compares them."""
    return not bench.says_not_sure(reply) and all(_plain(f) in _plain(reply) for f in facts)


# ------------------------------------------------------------------ an area named after its town
def test_an_area_named_after_its_town_gets_its_sub_territorys_contacts(
    asker: bench.Asker,
) -> None:
    """« une association du Boulonnais… la personne ressource pour notre territoire » got the
    general contacts: the Boulonnais is read as the Littoral, shown as our reading."""
    reply = asker.reply(
        "Bonjour, nous sommes un centre social du Boulonnais. Qui est la personne ressource "
        "pour notre territoire et à quel numéro peut-on la joindre ? Cordialement.",
        "fr",
    )
    assert _says(reply, "Boulonnais — Littoral", "FACON", "03 28 82 79 32", "notre lecture")
    reply = asker.reply(
        "Madame, Monsieur, notre maison de quartier se trouve dans le Valenciennois. À qui "
        "devons-nous nous adresser à la Région pour notre territoire ?",
        "fr",
    )
    assert _says(reply, "AUTIN", "03 28 82 79 31") and "FACON" not in reply


def test_each_area_names_an_arrondissement_of_its_own_sub_territory() -> None:
    """`areas` (territories.toml) maps a name to the arrondissement whose town gives it: that
    arrondissement must be one of the sub-territory's own."""
    raw = tomllib.loads((DATA_DIR / "territories.toml").read_text("utf-8"))["territories"]
    seen = 0
    for territory in raw.values():
        for area, town in territory.get("areas", {}).items():
            assert town in territory["arrondissements"].values(), area
            seen += 1
    assert seen >= 10


def test_the_persons_phone_asked_beside_the_person_is_the_contacts_question(
    asker: bench.Asker,
) -> None:
    """« …la personne ressource pour notre territoire, ainsi que son numéro de téléphone ? » is
    cut at « ainsi que »; « son numéro de téléphone ? » alone asked for nobody, so the letter
    was not sure."""
    reply = asker.reply(
        "Bonjour, je travaille dans un centre social du Douaisis sur un projet de démocratie "
        "participative. Pourriez-vous m'indiquer la personne ressource pour notre territoire, "
        "ainsi que son numéro de téléphone ? Bien à vous.",
        "fr",
    )
    assert _says(reply, "AUTIN", "03 28 82 79 31")
    # a phone asked of no one in particular is still not a person's
    reply = asker.reply("Quel est le numéro de téléphone du maire de notre commune ?", "fr")
    assert bench.says_not_sure(reply)


# ------------------------------------------------------------------ the territory of a person
@pytest.mark.parametrize(
    ("question", "lang", "facts"),
    [
        (
            "Pour quel territoire Déborah FACON est-elle la personne ressource ?",
            "fr",
            ("Artois et Bassin Minier du Pas de Calais", "Littoral"),
        ),
        ("Frédéric AUTIN est personne ressource pour quel territoire ?", "fr", ("Hainaut",)),
        ("Which territory is Amelie Antoine the resource person for?", "en", ("lilloise",)),
        ("Quel est le numéro de Priscille Dolez ?", "fr", ("fiche 4 pour toute la région",)),
    ],
)
def test_a_named_person_comes_with_the_territories_they_cover(
    asker: bench.Asker, question: str, lang: str, facts: tuple[str, ...]
) -> None:
    reply = asker.reply(question, lang)
    assert _says(reply, *facts), reply


# ------------------------------------------------------------- a rule not given for the fiche named
@pytest.mark.parametrize(
    ("question", "lang"),
    [
        (
            "Quel est le taux minimum de co-financement des collectivités locales pour la fiche 4 ?",
            "fr",
        ),
        ("What is the minimum local co-funding rate for fiche 4?", "en"),
    ],
)
def test_fiche_4_s_co_funding_rate_is_said_not_given(
    asker: bench.Asker, question: str, lang: str
) -> None:
    """Fiche 4's « Financier » gives a floor and two ceilings, no co-funding rate: the answer
    used to give fiches 1 to 3's 30 % as if it were fiche 4's."""
    reply = asker.reply(question, lang)
    assert bench.says_not_sure(reply)
    assert _plain("30 %" if lang == "fr" else "30%") in _plain(reply)  # what fiches 1–3 say
    # the fiches that give it keep their answer
    reply = asker.reply(question.replace("4", "2"), lang)
    assert _says(reply, "30 %" if lang == "fr" else "30%")


# ------------------------------------------------------------------ another region or year
@pytest.mark.parametrize(
    ("question", "lang", "named"),
    [
        (
            "En Picardie, quel est le montant plancher de la demande pour la fiche 1 ?",
            "fr",
            "Picardie",
        ),
        (
            "Hello, we are an association in Belgium, near Tournai. What is the minimum "
            "request for fiche 2?",
            "en",
            "Belgium",
        ),
        (
            "Nous sommes une association basée à Charleroi. Quel est le plancher ?",
            "fr",
            "Charleroi",
        ),
        (
            "Quel est le plafond en investissement de la fiche 4 pour l'appel 2016 de la "
            "Région Hauts-de-France ?",
            "fr",
            "2016",
        ),
        ("For the 2015 call, what is the minimum request for fiche 3?", "en", "2015"),
    ],
)
def test_another_region_or_year_is_said_not_to_be_the_documents(
    asker: bench.Asker, question: str, lang: str, named: str
) -> None:
    reply = asker.reply(question, lang)
    assert bench.says_not_sure(reply), reply
    assert named in reply and "Nord-Pas de Calais" in reply and "2014" in reply


@pytest.mark.parametrize(
    ("question", "facts"),
    [
        # a year the documents write is theirs
        ("Avec qui les conventions DSDT de 2013 ont-elles été expérimentées ?", ("Boulonnais",)),
        # a Belgian association working in a commune of the region asks of that commune
        (
            "Nous sommes une association belge installée à Roubaix. Quel est le plancher de la "
            "fiche 2 ?",
            ("2 000",),
        ),
    ],
)
def test_the_call_s_own_years_and_places_keep_their_answer(
    asker: bench.Asker, question: str, facts: tuple[str, ...]
) -> None:
    assert _says(asker.reply(question, "fr"), *facts)


def test_a_year_away_from_a_call_s_words_names_no_other_call(asker: bench.Asker) -> None:
    """The project's year is not a call's (that answer's doubt is knowledge/asked.py's: the year
    asked must be in the answer); a year beside « appel » is."""
    other = asker.guide.faq.other_call

    def never(*_args: str) -> bool:
        return False

    assert other.named("Notre projet se déroulera en 2016 : quel plancher ?", never, never) is None
    assert other.named("Quel plancher pour l'appel de 2016 ?", never, never) == "2016"
    assert other.named("Une demande de 2020 euros pour l'appel ?", never, never) is None
    assert (
        other.named("Association créée en 2008, nous voulons répondre à l'appel", never, never)
        is None
    )


# ------------------------------------------------------------ a rule's condition told in a letter
@pytest.mark.parametrize(
    ("question", "lang", "fact"),
    [
        # answered "the call is open" before
        (
            "Bonjour, le Conseil régional finance déjà le programme d'activité de notre centre "
            "social. Est-il toujours possible de déposer un dossier, et à quelle condition ?",
            "fr",
            "besoin non couvert",
        ),
        (
            "Hello, the Region already supports our activity programme with a grant. Can we "
            "still apply, and under which condition? Thank you.",
            "en",
            "need not covered",
        ),
        # the call's name spelt out got the definition of DSDT
        (
            "Madame, notre association est subventionnée par la Région au titre de son "
            "programme d'activité. Nous souhaitons savoir si nous pouvons malgré tout demander "
            "un cofinancement au titre du développement social durable des territoires.",
            "fr",
            "besoin non couvert",
        ),
        # two asking sentences
        (
            "Bonjour, nous recevons une subvention régionale pour notre programme d'activité. "
            "Pouvons-nous quand même candidater ? Sous quelles conditions ?",
            "fr",
            "besoin non couvert",
        ),
    ],
)
def test_a_letter_telling_the_region_funds_its_activity_gets_the_non_cumul_rule(
    asker: bench.Asker, question: str, lang: str, fact: str
) -> None:
    assert _says(asker.reply(question, lang), fact)


def test_a_told_condition_takes_over_only_what_it_may(asker: bench.Asker) -> None:
    """Another funder is not the rule's; a letter telling the condition but asking a floor
    gets the floor."""
    reply = asker.reply(
        "Bonjour, la CAF finance notre programme d'activité. Pouvons-nous cumuler avec le DSDT ?",
        "fr",
    )
    assert bench.says_not_sure(reply)
    reply = asker.reply(
        "Bonjour, la Région finance déjà notre programme d'activité. Quel est le montant "
        "plancher de la demande pour la fiche 1 ?",
        "fr",
    )
    assert _says(reply, "2 000") and "besoin non couvert" not in reply


# ---------------------------------------------------------- facts of the documents asked in letters
@pytest.mark.parametrize(
    ("question", "lang", "facts"),
    [
        (
            "Bonjour, notre dossier risque de ne pas pouvoir passer devant le jury local. "
            "Que devient alors notre projet : est-il écarté ?",
            "fr",
            ("jury régional",),
        ),
        (
            "Bonjour, pour la fiche 2, le cadre évoque de grands équipements régionaux servant "
            "de leviers de mobilisation citoyenne. Lesquels sont cités ?",
            "fr",
            ("Louvre-Lens", "Nausicaa"),
        ),
        (
            "Bonjour, le cadre cite un nombre de microprojets réalisés grâce aux fonds de "
            "participation. Pouvez-vous me le rappeler ?",
            "fr",
            ("3 800", "2012"),
        ),
        (
            "Is there a website showing other projects from across the region?",
            "en",
            ("larucheaprojets",),
        ),
    ],
)
def test_a_fact_of_the_documents_asked_in_a_letter_is_answered(
    asker: bench.Asker, question: str, lang: str, facts: tuple[str, ...]
) -> None:
    assert _says(asker.reply(question, lang), *facts)


def test_a_neighbour_of_those_facts_keeps_its_doubt(asker: bench.Asker) -> None:
    """The FPH's 2012 figures are not another year's; the regional jury's date is not given."""
    assert bench.says_not_sure(
        asker.reply("Combien de microprojets ont été financés en 2014 ?", "fr")
    )
    assert bench.says_not_sure(asker.reply("À quelle date se réunira le jury régional ?", "fr"))


# ------------------------------------------------------------------ which document comes first
@pytest.mark.parametrize(
    ("question", "lang", "facts"),
    [
        (
            "Madame, nous débutons. Quel document devons-nous transmettre en premier, et pour "
            "quelle date ? Merci.",
            "fr",
            ("fiche synthétique", "1er décembre 2014", "23 janvier 2015"),
        ),
        (
            "Bonjour, faut-il remettre un document avant le dossier complet ?",
            "fr",
            ("fiche synthétique",),
        ),
        (
            "Do we need to send anything before the complete application?",
            "en",
            ("fiche synthétique", "1 December 2014"),
        ),
    ],
)
def test_the_document_sent_first_is_the_calendar_s_first(
    asker: bench.Asker, question: str, lang: str, facts: tuple[str, ...]
) -> None:
    assert _says(asker.reply(question, lang), *facts)


def test_an_order_of_something_else_is_not_the_calendar(asker: bench.Asker) -> None:
    assert bench.says_not_sure(
        asker.reply("Dans quel ordre les jurys examinent-ils les projets ?", "fr")
    )


def test_a_question_pointing_back_asks_the_sentence_before_it_only_when_a_passage_holds_it(
    asker: bench.Asker,
) -> None:
    """« Lesquels ? » after a sentence no passage answers keeps its doubt."""
    reply = asker.reply(
        "Bonjour, le document cite plusieurs financeurs possibles. Lesquels ?", "fr"
    )
    assert bench.says_not_sure(reply)


# ------------------------------------------------------------------ which fiche, after a description
def test_which_fiche_after_a_sure_description_is_that_fiche_as_our_reading(
    asker: bench.Asker,
) -> None:
    reply = asker.reply(
        "Good afternoon, we are a social landlord and plan to help our tenants through the "
        "energy renovation of their flats. Which fiche fits this?",
        "en",
    )
    assert _says(reply, "our reading: fiche 4", "Local Urban Management")
    # a description the reader is not sure of keeps the doubt
    reply = asker.reply(
        "Bonjour, nous organisons un festival de rue avec les habitants. Quelle fiche choisir ?",
        "fr",
    )
    assert bench.says_not_sure(reply)


def test_a_passage_quoted_for_a_named_contact_must_name_them(asker: bench.Asker) -> None:
    """« …Déborah FACON… la Région ? » got « Nos Quartiers d'Été »'s years; her card still
    answers how to reach her."""
    for question in (
        "En quelle année Déborah FACON a-t-elle rejoint la Région ?",
        "Depuis combien d'années Amélie ANTOINE travaille-t-elle à la Région ?",
    ):
        assert bench.says_not_sure(asker.reply(question, "fr")), question
    assert _says(asker.reply("Quel est le numéro de Déborah Facon ?", "fr"), "03 28 82 79 32")


def test_whom_to_ask_from_abroad_is_still_answered_after_the_documents_silence(
    asker: bench.Asker,
) -> None:
    """« nous sommes à Tournai, qui contacter ? » keeps its contacts as an answer, after the
    sentence saying the documents are the Nord-Pas de Calais call's (not a doubt, which would
    list the general contacts twice)."""
    reply = asker.reply("Bonjour, nous sommes à Tournai, qui contacter ?", "fr")
    assert "« Tournai »" in reply and "Nord-Pas de Calais" in reply and "CASTEL" in reply
    assert "Sinon, demandez aux contacts généraux" not in reply
