"""Coreference: one entity per real-world thing, through names, titles, appositions, acronyms,
definite descriptions and pronouns."""
import pytest

from .conftest import entity_named, entity_with_mention


def mentions(entity):
    return [m.text for m in entity.mentions]


# ----------------------------------------------------------------------------- the seed article
@pytest.mark.parametrize("name,country,role", [
    ("Vladimir Putin", "RUS", "President of Russia"),
    ("Masoud Pezeshkian", "IRN", "President of Iran"),
    ("Serdar Berdimuhamedov", "TKM", "President of Turkmenistan"),
    ("Ebrahim Raisi", "IRN", "former President of Iran"),
    ("Dmitry Peskov", "RUS", None),
])
def test_coref_seed_people_are_one_entity_each(seed_analysis, name, country, role):
    e = entity_named(seed_analysis, name)
    assert e.type == "PERSON" and e.country == country
    if role:
        assert e.role == role
    others = [x for x in seed_analysis.entities if x is not e and x.type == "PERSON"
              and name.split()[-1] in " ".join(mentions(x))]
    assert not others, f"{name} is split: {[x.name for x in others]}"


def test_coref_seed_titles_and_descriptions(seed_analysis):
    pez = mentions(entity_named(seed_analysis, "Masoud Pezeshkian"))
    assert "the new Iranian leader" in pez
    assert any(m.startswith("the head of Iran") or m == "the head of Iran" for m in pez)
    assert "the head of the republic" in mentions(entity_named(seed_analysis, "Serdar Berdimuhamedov"))
    assert "the Russian President" in mentions(entity_named(seed_analysis, "Vladimir Putin"))
    assert "Raisi" in mentions(entity_named(seed_analysis, "Ebrahim Raisi"))
    assert mentions(entity_named(seed_analysis, "Dmitry Peskov")).count("Peskov") == 1


def test_coref_seed_he_said_that_he_did_not_know(seed_analysis):
    text = seed_analysis.document.text
    start = text.index("He said that he did not know")
    pez = entity_named(seed_analysis, "Masoud Pezeshkian")
    spans = {(m.start, m.end) for m in pez.mentions}
    assert (start, start + 2) in spans
    assert (start + 13, start + 15) in spans


def test_coref_seed_capitals_stay_places(seed_analysis):
    for name, country in (("Moscow", "RUS"), ("Ashgabat", "TKM"), ("Tehran", "IRN")):
        e = entity_named(seed_analysis, name)
        assert e.type == "GPE" and e.country == country
    assert entity_named(seed_analysis, "Russia").actor_code == "RUS"


# ----------------------------------------------------------------------------- written for these tests
def test_coref_surname_and_pronoun(analyze):
    a = analyze("Kazakh President Kassym-Jomart Tokayev arrived in Baku on Monday. Tokayev said he would sign "
                "the agreement. He later left for Astana.", published="2025-03-01")
    e = entity_named(a, "Kassym-Jomart Tokayev")
    assert {"Tokayev", "he", "He"} <= set(mentions(e))
    assert e.role == "President of Kazakhstan" and e.actor_code == "KAZGOV"


def test_coref_pronoun_gender_from_the_knowledge_base(analyze):
    a = analyze("Kaja Kallas met Sergei Lavrov in Geneva. She said the talks were difficult.", published="2025-03-01")
    assert "She" in mentions(entity_named(a, "Kaja Kallas"))
    assert "She" not in mentions(entity_named(a, "Sergei Lavrov"))


def test_coref_apposition_joins_title_and_name(analyze):
    a = analyze("The country's top diplomat, Lindiwe Dube, flew to Nairobi. A senior official, Samuel Okafor, "
                "stayed behind.", published="2025-03-01")
    dube = entity_named(a, "Lindiwe Dube")
    assert dube.type == "PERSON" and dube.role == "top diplomat" and "top diplomat" in mentions(dube)
    okafor = entity_named(a, "Samuel Okafor")
    assert "A senior official" in mentions(okafor)
    assert len([e for e in a.entities if e.type == "PERSON"]) == 2


def test_coref_acronym_defined_in_parentheses(analyze):
    a = analyze("The Eastern Grain Board (EGB) cut its forecast. Traders said the EGB was too cautious.")
    e = entity_named(a, "Eastern Grain Board")
    assert mentions(e).count("EGB") == 2


def test_coref_shortened_organisation_name(analyze):
    a = analyze("The European Commission proposed new tariffs. The Commission said they would start in May.")
    e = entity_named(a, "European Commission")
    assert "Commission" in mentions(e)
    assert len([x for x in a.entities if x.type == "ORG"]) == 1


def test_coref_definite_description_the_bloc(analyze):
    a = analyze("ECOWAS leaders met in Abuja. The bloc said it would lift sanctions on Niger.")
    e = entity_with_mention(a, "The bloc")[0]
    assert e.kb_id == "org:ecowas"
    assert e.actor_code.startswith("IGO")


def test_coref_metonymic_capital_and_institution(analyze):
    a = analyze("The Kremlin rejected the proposal, and Moscow said it would respond. Beijing stayed silent.",
                published="2024-05-01")
    kremlin = entity_named(a, "Kremlin")
    assert kremlin.type == "ORG" and kremlin.actor_code == "RUSGOV"
    assert entity_named(a, "Moscow").country == "RUS"
    assert entity_named(a, "Beijing").country == "CHN"


def test_coref_title_without_country_joins_the_named_holder(analyze):
    a = analyze("Slovak Prime Minister Robert Fico met EU officials on Monday. The prime minister said his "
                "country would not back the package.", published="2025-06-24")
    e = entity_named(a, "Robert Fico")
    assert "The prime minister" in mentions(e)
    assert e.role == "Prime Minister of Slovakia"


def test_coref_family_name_first(analyze):
    a = analyze("Taiwan's President Lai Ching-te visited Kinmen. Lai said the island would not be intimidated.",
                published="2024-10-15")
    e = entity_named(a, "Lai Ching-te")
    assert "Lai" in mentions(e)


def test_coref_owned_ministry_and_army(analyze):
    a = analyze("Lebanon's health ministry said 12 people were wounded. The Lebanese army deployed troops "
                "south of the Litani.", published="2025-03-23")
    ministry = entity_with_mention(a, "Lebanon's health ministry")[0]
    assert ministry.type == "ORG" and ministry.country == "LBN" and ministry.actor_code == "LBNGOV"
    army = entity_with_mention(a, "Lebanese army")[0]
    assert army.country == "LBN" and army.actor_code.endswith("MIL")


def test_coref_no_entity_for_a_generic_word(analyze):
    a = analyze("Army units moved north. State media said nothing.")
    assert not [e for e in a.entities if e.name in ("Army", "State")]
