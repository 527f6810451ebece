"""The knowledge base: dated terms, roles as of a date, and the user's own entries."""
import os
import subprocess
import sys

import pytest

from newsgraph.errors import KnowledgeBaseError
from newsgraph.kb import DATA_DIR, KnowledgeBase, load_kb

from .conftest import entity_with_mention


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def test_kb_holders_follow_the_date(kb):
    office = "IRN.head_of_state"
    assert kb.holders_on(office, "2023-06-01") == ["person:ebrahim-raisi"]
    assert kb.holders_on(office, "2024-10-10") == ["person:masoud-pezeshkian"]
    assert kb.holders_on("USA.head_of_state", "2024-06-01") == ["person:joe-biden"]
    assert kb.holders_on("USA.head_of_state", "2025-06-01") == ["person:donald-trump"]


def test_kb_role_as_of_date_and_former(kb):
    assert kb.role_on("person:ebrahim-raisi", "2023-06-01") == "President of Iran"
    assert kb.role_on("person:ebrahim-raisi", "2024-10-10") == "former President of Iran"
    assert kb.role_on("person:vladimir-putin", "2010-05-01").startswith("Prime Minister")


def test_kb_every_country_in_the_eval_has_data(kb):
    for iso3 in ("RUS", "IRN", "TKM", "KAZ", "UKR", "SVK", "HUN", "ISR", "PSE", "COD", "RWA", "NER", "PHL", "TWN"):
        assert iso3 in kb.countries
    for iso3 in ("ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "KOR", "MEX", "RUS",
                 "SAU", "ZAF", "TUR", "GBR", "USA", "IRN", "ISR", "UKR", "KAZ"):
        assert kb.offices_by_owner.get((iso3, "foreign_minister")), iso3


def test_kb_offices_have_no_undefined_holders(kb):
    for p in kb.persons.values():
        for t in p.terms:
            assert t.office in kb.offices
            assert t.end is None or t.start <= t.end, (p.name, t)


@pytest.mark.parametrize("published,name", [("2023-06-01", "Ebrahim Raisi"), ("2024-10-10", "Masoud Pezeshkian")])
def test_kb_title_resolves_as_of_publication(analyze, published, name):
    a = analyze("The Iranian President arrived in Moscow on Tuesday for talks.", published=published)
    (e,) = entity_with_mention(a, "The Iranian President")
    assert e.name == name and e.type == "PERSON" and e.country == "IRN"
    assert e.role == "President of Iran"


def test_kb_former_title_names_the_previous_holder(analyze):
    a = analyze("The former Iranian president was praised in Tehran.", published="2024-06-15")
    (e,) = entity_with_mention(a, "The former Iranian president")
    assert e.name == "Ebrahim Raisi"
    assert e.role == "former President of Iran"


def write_user_kb(root):
    (root / "offices").mkdir(parents=True)
    (root / "offices" / "local.offices.tsv").write_text(
        "office_id\tcountry\tkind\ttitle\taliases\tsector\n"
        "RUS.ombudsman\tRUS\tombudsman\tHuman Rights Commissioner of Russia\tRussian ombudswoman\tGOV\n")
    (root / "offices" / "local.holders.tsv").write_text(
        "office_id\tname\taliases\tstart\tend\tgender\n"
        "RUS.ombudsman\tTatyana Moskalkova\tTatiana Moskalkova\t2016-04-22\t2026-05-01\tf\n"
        "RUS.spokesperson\tJane Example\t\t2031-01-01\t\tf\n")
    (root / "entities.tsv").write_text(
        "id\tname\ttype\tcountry\tactor_code\taliases\n"
        "org:sahel-watch\tSahel Watch\tORG\tMLI\tMLINGO\tSW\n")


def test_kb_user_directory_adds_and_overrides(tmp_path):
    write_user_kb(tmp_path)
    kb = KnowledgeBase([DATA_DIR, tmp_path])
    assert kb.holders_on("RUS.spokesperson", "2031-06-01")[0] == "person:jane-example"
    assert kb.holders_on("RUS.spokesperson", "2024-10-10") == ["person:dmitry-peskov"]
    assert kb.role_on("person:tatyana-moskalkova", "2020-01-01") == "Human Rights Commissioner of Russia"
    (entry,) = kb.lookup("Sahel Watch")
    assert entry.actor_code == "MLINGO" and entry.type == "ORG"
    # same key replaces the package's row
    (tmp_path / "countries.tsv").write_text("iso3\tname\tadjectives\nTKM\tTurkmenistan\tTurkmen|Turkmenian\n")
    kb = KnowledgeBase([DATA_DIR, tmp_path])
    assert kb.country_of_word("Turkmenian") == "TKM"


def test_kb_user_directory_through_environment(tmp_path):
    write_user_kb(tmp_path)
    f = tmp_path / "a.txt"
    f.write_text("The Russian ombudswoman met Sahel Watch in Bamako.")
    env = dict(os.environ, NEWSGRAPH_KB=str(tmp_path))
    proc = subprocess.run([sys.executable, "-m", "newsgraph.cli", "analyze", str(f), "--published", "2020-01-01"],
                          capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "Tatyana Moskalkova (PERSON, RUS) [RUSGOV], Human Rights Commissioner of Russia" in proc.stdout
    assert "Sahel Watch (ORG, MLI) [MLINGO]" in proc.stdout


def test_kb_malformed_user_file_is_one_line_error(tmp_path):
    (tmp_path / "offices").mkdir()
    (tmp_path / "offices" / "bad.holders.tsv").write_text(
        "office_id\tname\taliases\tstart\tend\tgender\nRUS.nothing\tNobody\t\t2020-01-01\t\tm\n")
    with pytest.raises(KnowledgeBaseError, match="bad.holders.tsv.*RUS.nothing"):
        KnowledgeBase([DATA_DIR, tmp_path])
    (tmp_path / "offices" / "bad.holders.tsv").write_text(
        "office_id\tname\taliases\tstart\tend\tgender\nRUS.spokesperson\tNobody\t\t20-01-2020\t\tm\n")
    with pytest.raises(KnowledgeBaseError, match="bad date"):
        KnowledgeBase([DATA_DIR, tmp_path])
    f = tmp_path / "a.txt"
    f.write_text("Putin spoke.")
    env = dict(os.environ, NEWSGRAPH_KB=str(tmp_path))
    proc = subprocess.run([sys.executable, "-m", "newsgraph.cli", "analyze", str(f)], capture_output=True, text=True,
                          env=env, check=False)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "bad.holders.tsv" in proc.stderr and "Traceback" not in proc.stderr


def test_kb_missing_user_directory_is_an_error(tmp_path):
    with pytest.raises(KnowledgeBaseError, match="not found"):
        KnowledgeBase([DATA_DIR, tmp_path / "nowhere"])
