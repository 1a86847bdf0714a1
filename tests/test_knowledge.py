"""The legal knowledge base: built-in content, loader validation and `explain` lookups."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from sharewiz.errors import KnowledgeError, UserError
from sharewiz.law.explain import find_topic, format_collection, format_entry, list_topics, search
from sharewiz.law.knowledge import Collection, Entry, KnowledgeBase, load_knowledge

REQUIRED_COLLECTIONS = {
    "lawful_bases",
    "recognised_legitimate_interests",
    "rights",
    "special_categories",
    "art9_conditions",
    "schedule1_conditions",
    "criminal_offence",
    "dpia_triggers",
    "gateways",
    "caldicott_principles",
    "common_law_confidentiality",
    "dsa_contents",
    "transfer_mechanisms",
}
RIGHTS = ["access", "rectification", "erasure", "restriction", "object", "portability"]
RIGHTS_MAP_KEYS = {*RIGHTS, "withdraw_consent"}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


# --- the built-in knowledge ---------------------------------------------------------


def test_builtin_knowledge_loads_and_is_cached(kb: KnowledgeBase) -> None:
    assert REQUIRED_COLLECTIONS <= set(kb.collections)
    assert load_knowledge() is kb


def test_every_entry_is_cited_and_linked(kb: KnowledgeBase) -> None:
    for collection in kb:
        assert collection.citation.strip(), collection.id
        assert collection.entries, collection.id
        for entry in collection:
            assert entry.citation.strip(), entry.ref
            assert entry.summary and entry.explanation, entry.ref
            assert entry.links, f"{entry.ref} has no source link"
            assert all(re.match(r"https?://", link) for link in entry.links), entry.ref
            assert entry.unconfirmed is None or entry.unconfirmed.strip(), entry.ref


def test_lawful_bases_are_the_seven_in_article_6(kb: KnowledgeBase) -> None:
    assert [e.id for e in kb.lawful_bases] == [
        "consent",
        "contract",
        "legal_obligation",
        "vital_interests",
        "public_task",
        "recognised_legitimate_interest",
        "legitimate_interests",
    ]
    articles = [e.data["article"] for e in kb.lawful_bases]
    assert articles == [
        "6(1)(a)",
        "6(1)(b)",
        "6(1)(c)",
        "6(1)(d)",
        "6(1)(e)",
        "6(1)(ea)",
        "6(1)(f)",
    ]
    for entry in kb.lawful_bases:
        assert set(entry.data["rights"]) == RIGHTS_MAP_KEYS, entry.ref
        assert entry.data["article"] in entry.data["notice_wording"] or (
            f"Article {entry.data['article']}" in entry.data["notice_wording"]
        ), entry.ref


def test_rights_follow_the_law(kb: KnowledgeBase) -> None:
    bases = kb.lawful_bases
    public_task = bases.public_task.data["rights"]
    assert public_task["portability"] is False  # Art 20(3)
    assert public_task["erasure"] == "limited"  # Art 17(3)(b): "to the extent"
    assert public_task["object"] is True  # Art 21(1)
    consent = bases.consent.data["rights"]
    assert consent["portability"] is True and consent["withdraw_consent"] is True
    assert consent["object"] is False
    assert bases.legal_obligation.data["rights"]["erasure"] == "limited"
    assert bases.legal_obligation.data["rights"]["object"] is False
    assert bases.contract.data["rights"]["portability"] is True
    rli = bases.recognised_legitimate_interest.data["rights"]
    assert rli["object"] is True and rli["portability"] is False  # DUAA s70(5); ICO
    assert bases.legitimate_interests.data["rights"]["object"] is True
    for entry in bases:
        assert entry.data["rights"]["access"] is True
        assert entry.data["rights"]["rectification"] is True
        assert entry.data["rights"]["restriction"] is True
        assert entry.data["rights"]["withdraw_consent"] is (entry.id == "consent")


def test_public_authority_bar_and_legal_source(kb: KnowledgeBase) -> None:
    bases = kb.lawful_bases
    not_for_public_tasks = {e.id for e in bases if not e.data["public_authority_tasks_ok"]}
    assert not_for_public_tasks == {"legitimate_interests", "recognised_legitimate_interest"}
    needs_law = {e.id for e in bases if e.data["needs_legal_source"]}
    assert needs_law == {"legal_obligation", "public_task"}  # Art 6(3)


def test_rights_applies_under_agrees_with_lawful_bases(kb: KnowledgeBase) -> None:
    for right in kb.rights:
        applies = right.data["applies_under"]
        if right.id not in RIGHTS_MAP_KEYS:
            continue
        for basis in kb.lawful_bases:
            flag = basis.data["rights"][right.id]
            listed = applies == "all" or basis.id in applies
            assert bool(flag) == listed, f"{right.ref} vs {basis.ref}"


def test_rights_include_duaa_complaints(kb: KnowledgeBase) -> None:
    assert "DPA 2018 s164A" in kb.rights.complaint_to_controller.citation
    assert kb.rights.complaint_to_controller.data["in_force_from"] == "2026-06-19"
    assert "s165" in kb.rights.complaint_to_ico.citation


def test_art9_conditions_and_schedule1_links(kb: KnowledgeBase) -> None:
    art9 = kb.art9_conditions
    assert [e.data["letter"] for e in art9] == list("abcdefghij")
    needs = {e.data["letter"]: e.data["schedule1_part"] for e in art9 if e.data["needs_schedule1"]}
    assert needs == {"b": 1, "g": 2, "h": 1, "i": 1, "j": 1}  # DPA 2018 s10(2)-(3)
    for entry in art9:
        assert (entry.data["schedule1_part"] is None) is (not entry.data["needs_schedule1"])
    sch1 = kb.schedule1_conditions
    for letter, part in needs.items():
        serving = [e for e in sch1 if letter in e.data["art9_conditions"]]
        assert serving and all(e.data["part"] == part for e in serving), letter
    paragraphs = {e.data["paragraph"]: e for e in sch1}
    assert set(paragraphs) == {str(n) for n in [*range(1, 5), *range(6, 38)]}
    assert paragraphs["18"].id == "safeguarding_children_individuals_at_risk"
    assert paragraphs["10"].id == "preventing_detecting_unlawful_acts"
    assert paragraphs["6"].id == "statutory_and_government_purposes"
    assert paragraphs["36"].data["part"] == 3


def test_schedule1_policy_document_and_criminal_offence_flags(kb: KnowledgeBase) -> None:
    sch1 = {e.data["paragraph"]: e.data for e in kb.schedule1_conditions}
    assert sch1["1"]["needs_apd"] is True  # para 1(1)(b)
    assert not any(sch1[p]["needs_apd"] for p in ("2", "3", "4", "13", "29", "30", "33"))
    assert sch1["35"]["needs_apd"] is True  # para 35(1)(c)
    # The ICO lists 28 Schedule 1 conditions for criminal offence data; para 36 is the
    # extension mechanism rather than a condition of its own.
    for_crime = [p for p, d in sch1.items() if d["for_criminal_offence"] and p != "36"]
    assert len(for_crime) == 28
    assert {p for p, d in sch1.items() if not d["for_criminal_offence"]} == {
        "8",
        "9",
        "16",
        "19",
        "20",
        "21",
        "22",
    }


def test_dpia_triggers_mark_unconfirmed_ico_rows(kb: KnowledgeBase) -> None:
    triggers = kb.dpia_triggers
    assert [e.id for e in triggers if e.data["source"] == "art35_3"] == [
        "systematic_evaluation",
        "large_scale_special_category",
        "public_area_monitoring",
    ]
    assert len([e for e in triggers if e.data["source"] == "ico_list"]) == 10
    for entry_id in ("data_matching", "invisible_processing", "tracking"):
        assert triggers[entry_id].unconfirmed


def test_gateways_have_structured_data(kb: KnowledgeBase) -> None:
    allowed = {"children", "adults", "health", "crime", "education", "general", "welfare"}
    for gateway in kb.gateways:
        assert gateway.data["permits"].split(":")[0] in {"power", "duty"}, gateway.ref
        assert set(gateway.data["sectors"]) <= allowed, gateway.ref
    assert "children_act_1989_s47" in kb.gateways
    assert "care_act_2014_s42" in kb.gateways


def test_recognised_legitimate_interest_paragraphs(kb: KnowledgeBase) -> None:
    paragraphs = [e.data["annex1_paragraph"] for e in kb.recognised_legitimate_interests]
    assert paragraphs == ["1", "2", "3", "5", "6"]


# --- API ------------------------------------------------------------------------------


def test_lookup_api(kb: KnowledgeBase) -> None:
    entry = kb.entry("lawful_bases.public_task")
    assert isinstance(entry, Entry)
    assert entry.ref == "lawful_bases.public_task"
    assert kb["lawful_bases"]["public_task"] is entry
    assert kb.lawful_bases.get("public_task") is entry
    assert "public_task" in kb.lawful_bases
    assert isinstance(kb.collection("rights"), Collection)
    assert list(kb.rights)[0].id == "access"
    assert not hasattr(kb, "nonsense")


def test_lookup_errors_name_known_ids(kb: KnowledgeBase) -> None:
    with pytest.raises(KnowledgeError, match="no knowledge collection 'nope'") as exc:
        kb.collection("nope")
    assert exc.value.hint and "lawful_bases" in exc.value.hint
    with pytest.raises(KnowledgeError, match="has no entry 'nope'") as exc:
        kb.lawful_bases.get("nope")
    assert exc.value.hint and "public_task" in exc.value.hint
    with pytest.raises(KnowledgeError, match="collection.id"):
        kb.entry("public_task")


def test_jinja_attribute_access(kb: KnowledgeBase) -> None:
    sandbox = pytest.importorskip("jinja2.sandbox")
    env = sandbox.SandboxedEnvironment()
    template = env.from_string(
        "{{ kb.lawful_bases.public_task.data.article }}|{{ kb.rights.access.citation }}"
        "|{{ kb['gateways']['care_act_2014_s42'].title }}"
    )
    assert (
        template.render(kb=kb)
        == "6(1)(e)|UK GDPR Art 15; Art 12A; Art 15(1A) (DUAA 2025 ss76, 78)|Care Act 2014 s42"
    )


def test_search(kb: KnowledgeBase) -> None:
    refs = [e.ref for e in kb.search("safeguarding")]
    assert "schedule1_conditions.safeguarding_children_individuals_at_risk" in refs
    assert "recognised_legitimate_interests.safeguarding_vulnerable" in refs
    assert [e.ref for e in kb.search("PORTABILITY", collection="rights")] == ["rights.portability"]
    assert kb.search("Art 9(2)(h)")[0].ref == "art9_conditions.health_social_care"
    assert kb.search("   ") == []
    assert search(kb, "public task", collection="art6")[0].ref == "lawful_bases.public_task"
    with pytest.raises(UserError):
        search(kb, "x", collection="nope")


# --- explain --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("topic", "expected"),
    [
        ("art6", "lawful_bases"),
        ("Art 9", "art9_conditions"),
        ("schedule1", "schedule1_conditions"),
        ("sch1", "schedule1_conditions"),
        ("gateways", "gateways"),
        ("rights", "rights"),
        ("dpia", "dpia_triggers"),
        ("caldicott", "caldicott_principles"),
        ("dsa", "dsa_contents"),
        ("art10", "criminal_offence"),
        ("rli", "recognised_legitimate_interests"),
    ],
)
def test_explain_aliases(kb: KnowledgeBase, topic: str, expected: str) -> None:
    found = find_topic(kb, topic)
    assert isinstance(found, Collection) and found.id == expected


@pytest.mark.parametrize(
    ("topic", "expected"),
    [
        ("lawful_bases.public_task", "lawful_bases.public_task"),
        ("public_task", "lawful_bases.public_task"),
        ("art6.consent", "lawful_bases.consent"),
        ("art9(2)(h)", "art9_conditions.health_social_care"),
        ("Art 6(1)(ea)", "lawful_bases.recognised_legitimate_interest"),
        ("art9.g", "art9_conditions.substantial_public_interest"),
        ("sch1 para 18", "schedule1_conditions.safeguarding_children_individuals_at_risk"),
        ("schedule 1 paragraph 10", "schedule1_conditions.preventing_detecting_unlawful_acts"),
        ("sch1.36", "schedule1_conditions.part2_extension"),
        ("art 21", "rights.object"),
    ],
)
def test_explain_entries(kb: KnowledgeBase, topic: str, expected: str) -> None:
    found = find_topic(kb, topic)
    assert isinstance(found, Entry) and found.ref == expected


def test_explain_unknown_topic_hints(kb: KnowledgeBase) -> None:
    with pytest.raises(UserError, match="no knowledge topic 'gdpr stuff'") as exc:
        find_topic(kb, "gdpr stuff")
    assert exc.value.hint and "art9" in exc.value.hint and "lawful_bases" in exc.value.hint
    with pytest.raises(UserError, match="has no entry"):
        find_topic(kb, "lawful_bases.nope")
    with pytest.raises(UserError, match="no topic"):
        find_topic(kb, "  ")


def test_format_entry_and_collection(kb: KnowledgeBase) -> None:
    text = format_entry(kb.lawful_bases.recognised_legitimate_interest)
    assert text.startswith("Recognised legitimate interest\nCitation: UK GDPR Art 6(1)(ea)")
    assert "Applies when:" in text and "Limits:" in text
    assert "https://www.legislation.gov.uk/eur/2016/679/article/6" in text
    assert "Not yet confirmed:" in text
    assert text.endswith("Reference: lawful_bases.recognised_legitimate_interest")
    overview = format_collection(kb.art9_conditions)
    assert "explicit_consent" in overview and "UK GDPR Art 9(2)" in overview
    assert ("art9_conditions", kb.art9_conditions.title, 10) in list_topics(kb)


# --- validation of bad files -----------------------------------------------------------

RIGHTS_FILE = """\
collection: rights
title: Rights
description: Rights.
citation: UK GDPR Arts 15-22
entries:
  - id: access
    title: Access
    summary: Copy of data.
    explanation: Ask for a copy.
    citation: UK GDPR Art 15
    links: [https://www.legislation.gov.uk/eur/2016/679/article/15]
    unconfirmed: null
    data:
      article: "15"
      applies_under: all
      notice_wording: You can ask for a copy.
  - id: object
    title: Object
    summary: Object.
    explanation: Object to processing.
    citation: UK GDPR Art 21
    data:
      article: "21"
      applies_under: [public_task]
      notice_wording: You can object.
"""

BASES_FILE = """\
collection: lawful_bases
title: Lawful bases
description: Bases.
citation: UK GDPR Art 6(1)
entries:
  - id: public_task
    title: Public task
    summary: Public task.
    explanation: A task in the public interest.
    citation: UK GDPR Art 6(1)(e)
    links: [https://www.legislation.gov.uk/eur/2016/679/article/6]
    data:
      article: "6(1)(e)"
      public_authority_tasks_ok: true
      needs_legal_source: true
      notice_wording: We process it for a public task.
      rights:
        access: true
        object: true
"""


def write_kb(root: Path, **files: str) -> Path:
    """Write knowledge files (name -> YAML text) into a fresh folder."""
    folder = root / "knowledge"
    folder.mkdir()
    for name, text in files.items():
        (folder / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing `needle` (`anchor|needle`: after anchor)."""
    anchor, _, needle = needle.rpartition("|")
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if anchor in line) if anchor else 0
    return next(i for i, line in enumerate(lines[start:], start + 1) if needle in line)


def test_minimal_files_load(tmp_path: Path) -> None:
    kb = load_knowledge(write_kb(tmp_path, rights=RIGHTS_FILE, lawful_bases=BASES_FILE))
    assert kb.lawful_bases.public_task.data["rights"]["object"] is True
    assert kb.rights.object.links == ()
    assert kb.rights.object.unconfirmed is None


@pytest.mark.parametrize(
    ("name", "old", "new", "needle", "message"),
    [
        (
            "missing citation",
            "    citation: UK GDPR Art 21\n",
            "",
            "  - id: object",
            "'citation' is missing in entry 'object'",
        ),
        (
            "empty title",
            "    title: Object\n",
            "    title: ''\n",
            "title: ''",
            "'title' must be non-empty text",
        ),
        (
            "duplicate id",
            "  - id: object\n",
            "  - id: access\n",
            "Copy of data.|- id: access",
            "duplicate entry id 'access' (first on line 6)",
        ),
        (
            "unknown key",
            "    summary: Object.\n",
            "    sumary: Object.\n",
            "sumary:",
            "unknown key 'sumary' in entry 'object'",
        ),
        (
            "wrong collection name",
            "collection: rights\n",
            "collection: right\n",
            "collection: right",
            "collection is 'right' but the file is named 'rights.yaml'",
        ),
        (
            "bad link",
            "links: [https://www.legislation.gov.uk/eur/2016/679/article/15]",
            "links: [www.legislation.gov.uk/eur/2016/679/article/15]",
            "links: [www.",
            "is not an http(s) URL",
        ),
        (
            "unknown data key",
            '      article: "21"\n',
            '      artcle: "21"\n',
            "artcle:",
            "unknown data key 'artcle' in entry 'object'",
        ),
        (
            "missing data key",
            "      notice_wording: You can object.\n",
            "",
            "id: object|    data:",
            "data.notice_wording is missing in entry 'object'",
        ),
        (
            "unresolved applies_under",
            "      applies_under: [public_task]\n",
            "      applies_under: [public_tusk]\n",
            "applies_under: [public_tusk]",
            "data.applies_under of entry 'object' names 'public_tusk', which is not in lawful_bases",
        ),
        (
            "bad id",
            "  - id: object\n",
            "  - id: Object-Right\n",
            "id: Object-Right",
            "entry id 'Object-Right' must be snake_case",
        ),
    ],
)
def test_bad_rights_file(
    tmp_path: Path, name: str, old: str, new: str, needle: str, message: str
) -> None:
    assert old in RIGHTS_FILE, name
    text = RIGHTS_FILE.replace(old, new, 1)
    folder = write_kb(tmp_path, rights=text, lawful_bases=BASES_FILE)
    with pytest.raises(KnowledgeError) as exc:
        load_knowledge(folder)
    expected = f"{folder / 'rights.yaml'}:{line_of(text, needle)}: "
    assert exc.value.message.startswith(expected), exc.value.message
    assert message in exc.value.message


def test_unresolved_right_in_lawful_bases(tmp_path: Path) -> None:
    text = BASES_FILE.replace("        object: true\n", "        objection: true\n")
    folder = write_kb(tmp_path, rights=RIGHTS_FILE, lawful_bases=text)
    with pytest.raises(KnowledgeError) as exc:
        load_knowledge(folder)
    assert exc.value.message == (
        f"{folder / 'lawful_bases.yaml'}:{line_of(text, 'objection:')}: data.rights of entry "
        "'public_task' names 'objection', which is not in rights"
    )
    assert exc.value.hint == "known: access, object"


def test_bad_right_value_and_missing_target_collection(tmp_path: Path) -> None:
    text = BASES_FILE.replace("        object: true\n", "        object: maybe\n")
    folder = write_kb(tmp_path, rights=RIGHTS_FILE, lawful_bases=text)
    with pytest.raises(
        KnowledgeError, match=r"lawful_bases\.yaml:\d+: data\.rights right 'object'"
    ):
        load_knowledge(folder)
    other = tmp_path / "other"
    other.mkdir()
    lonely = write_kb(other, lawful_bases=BASES_FILE)
    with pytest.raises(KnowledgeError, match="refer to the 'rights' collection"):
        load_knowledge(lonely)


def test_unresolved_art9_letter_in_schedule1(tmp_path: Path) -> None:
    art9 = """\
    collection: art9_conditions
    title: Art 9
    description: Conditions.
    citation: UK GDPR Art 9(2)
    entries:
      - id: substantial_public_interest
        title: Substantial public interest
        summary: SPI.
        explanation: SPI.
        citation: UK GDPR Art 9(2)(g)
        data: {letter: g, needs_schedule1: true, schedule1_part: 2, notice_wording: SPI.}
    """
    sch1 = """\
    collection: schedule1_conditions
    title: Sch 1
    description: Conditions.
    citation: DPA 2018 Sch 1
    entries:
      - id: safeguarding
        title: Safeguarding
        summary: Safeguarding.
        explanation: Safeguarding.
        citation: DPA 2018 Sch 1 para 18
        data:
          part: 2
          paragraph: "18"
          needs_apd: true
          for_criminal_offence: true
          art9_conditions: [q]
    """
    folder = write_kb(tmp_path, art9_conditions=art9, schedule1_conditions=sch1)
    with pytest.raises(KnowledgeError) as exc:
        load_knowledge(folder)
    text = textwrap.dedent(sch1)
    assert exc.value.message == (
        f"{folder / 'schedule1_conditions.yaml'}:{line_of(text, 'art9_conditions: [q]')}: "
        "data.art9_conditions of entry 'safeguarding' names 'q', which is not in art9_conditions"
    )


def test_yaml_syntax_error_is_a_knowledge_error(tmp_path: Path) -> None:
    folder = write_kb(tmp_path, rights="collection: rights\ntitle: [unclosed\n")
    with pytest.raises(KnowledgeError, match=r"rights\.yaml:\d+: "):
        load_knowledge(folder)


def test_missing_or_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="knowledge folder not found"):
        load_knowledge(tmp_path / "absent")
    with pytest.raises(KnowledgeError, match="no knowledge files"):
        load_knowledge(tmp_path)


# --- docs ---------------------------------------------------------------------------------


def test_docs_list_every_unconfirmed_entry_and_data_key(kb: KnowledgeBase) -> None:
    from sharewiz.law.knowledge_schema import SCHEMAS

    docs = (Path(__file__).parent.parent / "docs" / "knowledge.md").read_text(encoding="utf-8")
    for collection in kb:
        assert f"### `{collection.id}`" in docs, collection.id
        for entry in collection:
            if entry.unconfirmed:
                assert f"`{entry.ref}`" in docs or f"`{collection.id}.*`" in docs, entry.ref
    for collection_id, schema in SCHEMAS.items():
        for key in schema:
            assert f"`{key}`" in docs, f"{collection_id}.data.{key} is not documented"
