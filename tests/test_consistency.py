"""consistency.name (kind ``name-consistency``): the example article, each finder with exact
positions and messages, the near misses that must stay silent, options, and linear growth."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint.engine import lint_document
from tests.scaling import assert_linear
from lint.kinds import RuleError
from lint.rules import Registry
from lint.source import document_from_bytes

REGISTRY = Registry.default()
RULE = REGISTRY.rules["consistency.name"]
NATO = Path(__file__).resolve().parent.parent / "fixtures" / "nato-training-center.txt"


def lint(text: str, rule=RULE, fmt: str = "text"):
    doc = document_from_bytes(text.encode("utf-8"), fmt)
    return lint_document(doc, [rule], "article", REGISTRY.ids)


def spans(text: str, **kw):
    return [(f.line, f.column, f.match, f.message) for f in lint(text, **kw)]


def test_the_example_article_has_exactly_the_war_finding():
    doc = document_from_bytes(NATO.read_bytes(), "text")
    findings = lint_document(doc, [RULE], "nato", REGISTRY.ids)
    assert [(f.line, f.column, f.match, f.message) for f in findings] == [
        (8, 1, "Russia-Ukraine War",
         "'Russia-Ukraine War' is written 'Russian-Ukrainian war' on line 4: use one form."),
    ]
    assert findings[0].level == "warning"


def test_known_variants_are_compared_without_case_and_with_plurals():
    text = "Officials in Kyiv sent an E-mail. Later emails said the delegation had left Kiev."
    assert spans(text) == [
        (1, 41, "emails", "'emails' is written 'E-mail' on line 1: use one form."),
        (1, 77, "Kiev", "'Kiev' is written 'Kyiv' on line 1: use one form."),
    ]


def test_each_later_form_is_reported_once():
    text = "The e-mail arrived. The email was short. Another email followed, and an email came."
    assert [f.match for f in lint(text)] == ["email"]


def test_a_common_word_inside_a_name_keeps_the_names_spelling():
    assert lint("Figures from e-mail firm Email Systems show that most e-mail is spam.") == []


def test_a_domain_name_is_not_a_spelling():
    assert lint("The healthcare.gov site crashed. Sign-ups for health care resumed on Monday.") == []


def test_place_compounds_read_adjectives_as_their_countries():
    text = "Talks on the US-China trade war resumed. The American-Chinese trade war has cost both sides."
    assert spans(text) == [(1, 46, "American-Chinese trade",
                            "'American-Chinese trade' is written 'US-China trade' on line 1: use one form.")]


def test_place_compounds_with_other_nouns_or_order_are_other_names():
    assert lint("The Russia-Ukraine talks failed. The Russian-Ukrainian border is closed. "
                "The Ukraine-Russia war goes on.") == []


def test_a_title_case_heading_only_differs_in_spelling_not_in_case():
    assert lint("# Russia-Ukraine War\n\nThe Russia-Ukraine war began in 2022.\n", fmt="markdown") == []
    [f] = lint("The Russia-Ukraine war began in 2022. Both sides call the Russia-Ukraine War a crisis.")
    assert f.match == "Russia-Ukraine War"


def test_hyphen_space_and_joined_forms_of_a_name():
    text = ("Robert Kilroy-Silk quit. Profits at TimeWarner rose. A spokesman for Mr Kilroy Silk "
            "said so, and analysts at Time Warner agreed.")
    assert [(f.match, f.message) for f in lint(text)] == [
        ("Kilroy Silk", "'Kilroy Silk' is written 'Kilroy-Silk' on line 1: use one form."),
        ("Time Warner", "'Time Warner' is written 'TimeWarner' on line 1: use one form."),
    ]


def test_a_joined_word_without_an_inner_capital_is_not_a_name_in_two_words():
    assert lint("Shares in Delta Air Lines fell, and American Airlines fell too.") == []


def test_abbreviation_dots_but_not_domain_dots():
    [f] = lint("The U.S. team arrived. Officials said the US delegation would stay.")
    assert (f.match, f.message) == ("US", "'US' is written 'U.S.' on line 1: use one form.")
    assert lint("Read the USA.gov blog. The USAGov team wrote it.") == []


def test_case_variants_need_deliberate_capitals():
    [f] = lint("Shares in WorldCom fell. Investors who bought Worldcom stock lost money.")
    assert (f.line, f.column, f.match) == (1, 47, "Worldcom")
    # opening a sentence, in a title-case line, or shouting: the case is not a choice
    assert lint("Everyday life changed.\n\nEvery Day Counts\n\nNo one said everyday.\n") == []
    assert lint("NATO SAYS TALKS WILL RESUME\n\nNato said on Monday that the talks would resume.\n") == []
    assert lint("The US and Us Weekly disagree. IT staff said it was fine.") == []


def test_an_ordinary_word_in_capitals_is_not_a_name():
    assert lint("In the Lean Start-Up book, the authors say every startup should test ideas.") == []


def test_accents_are_a_spelling_difference():
    [f] = lint("President Erdoğan met reporters in Ankara. Officials said Erdogan would travel on Monday.")
    assert (f.match, f.message) == ("Erdogan", "'Erdogan' is written 'Erdoğan' on line 1: use one form.")


def test_a_misspelt_name_is_reported_at_each_use_of_the_rare_form():
    text = ("Jens Stoltenberg opened the centre. Stoltenburg said it would train officers.\n"
            "Stoltenberg thanked Poland, and Stoltenberg left. Stoltenburg returned on Friday.\n")
    assert [(f.line, f.column, f.match) for f in lint(text)] == [(1, 37, "Stoltenburg"), (2, 51, "Stoltenburg")]
    assert lint(text)[0].message == "'Stoltenburg' is written 'Stoltenberg' on line 1: use one form."


@pytest.mark.parametrize("text", [
    "Boris Johnson met the editor of Johnston Press. Johnson said the talks went well, and Johnson left.",
    "Austria and Australia signed the deal. Austria will host the next round; Austria has offered Vienna.",
    "Gordon Brown met Des Browne. Brown said the budget was safe; Brown declined to comment further.",
    "Ian Rush praised Iain Dowie. Ian said Iain had done well.",
    "Robbie Williams won two awards. David Walliams presented one to Williams, who thanked Williams' fans.",
    "Maurice Greene lost the race. Greene said he would race again in Greece, and Greene left for Athens.",
    "Bolton will play Boston in the cup. Bolton won the last meeting, and Bolton are favourites.",
    "Alan Thompson scored twice. Thompson hit the post, and Thompson was booked by referee C Thomson.",
    "Analysts praised the Path Analysis. Teams ran Path Analysis twice and Path Analyses once.",
    "Stoltenberg met Stoltenburg once.",  # the frequent form must be used twice
])
def test_different_names_are_not_misspellings(text):
    assert lint(text) == []


def test_misspellings_can_be_switched_off():
    rule = RULE.configured(options={"misspellings": False})
    text = "Jens Stoltenberg spoke. Later Stoltenberg left. Then Stoltenburg returned."
    assert lint(text, rule) == []
    assert len(lint(text)) == 1


def test_variant_groups_are_rule_data():
    rule = RULE.configured(options={"variants": [["Mumbai", "Bombay"]]})
    [f] = lint("Flights to Mumbai resumed. The Bombay office reopened.", rule)
    assert f.match == "Bombay"
    with pytest.raises(RuleError, match="two or more spellings"):
        RULE.configured(options={"variants": [["Mumbai"]]})


def test_positions_in_markdown_and_across_lines():
    text = "# Talks\n\nOfficials in *Kyiv* said the talks\nwould resume. Later the team left\n**Kiev**.\n"
    [f] = lint(text, fmt="markdown")
    assert (f.line, f.column, f.end_line, f.end_column, f.match) == (5, 3, 5, 7, "Kiev")


def _names(count: int) -> list[str]:
    return [f"Name{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}{chr(97 + i // 676 % 26)}" for i in range(count)]


def _many_names(count: int) -> str:
    return " ".join(f"Officials met {n} and {n.upper()} and {n}-{n} and {n} {n} today." for n in _names(count))


def _one_paragraph(words: int) -> str:
    vocabulary = "Russia-Ukraine war and Russian-Ukrainian War e-mail email Kyiv Kiev Stoltenberg".split()
    return " ".join(vocabulary[i % len(vocabulary)] for i in range(words))


def _similar(count: int) -> str:
    return " ".join(f"Yesterday Stoltenberg{n} met Stoltenberg{n} and Stoltenbreg{n}." for n in _names(count))


def test_a_50000_word_paragraph_and_thousands_of_names_complete():
    # Each second spelling of a pair is reported, where it first appears.
    assert {f.match for f in lint(_one_paragraph(50_000))} == {"Russian-Ukrainian War", "email", "Kiev"}
    assert lint(_many_names(3_000))  # case variants of thousands of names are found
    lint(_similar(3_000))  # thousands of near-misspellings: it completes (look-ups are budgeted)


@pytest.mark.parametrize("make", [_many_names, _one_paragraph, _similar])
def test_long_input_runs_in_linear_steps(make):
    assert_linear(lint, make, 500 if make is not _one_paragraph else 5_000)


def _scanned_uses(text: str, form: str) -> list[tuple[int, int, str]]:
    """What a name's uses were before they were looked up by capitalised word: the form's
    pattern searched through the whole text, with the same checks around each match."""
    import re

    from lint.kinds.name_layout import ABBREVIATION as _ABBREVIATION, JOINERS as _JOINERS

    body = r"[ \t]+".join(re.escape(part) for part in form.split(" "))
    found = []
    for m in re.finditer(rf"{body}(?=['’]s\b|(?![\w’'&-]|\.\w))", text):
        if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in _JOINERS + "_"):
            continue
        end = m.end() + (m.end() < len(text) and text[m.end()] == "." and bool(_ABBREVIATION.match(form + ".")))
        found.append((m.start(), end, " ".join(text[m.start():end].split())))
    return found


def test_a_names_uses_are_found_where_capitalised_words_start():
    from lint.engine import Units
    from lint.kinds.name_layout import Layout as _Layout

    text = ("Nato's chief met NATO staff. The U.S. and the US agreed; Al-Qaeda, al-Qaeda and Al were "
            "named. Time Warner\tand TimeWarner. Kilroy-Silk and Kilroy Silk. xNato, Nato_x, -Nato, "
            "Nato-led, Nato.org and Natos. Écosse et Ecosse. eBay and EBay.\nNato")
    doc = document_from_bytes(text.encode(), "text")
    layout = _Layout(doc, Units(doc).of("sentence"))
    forms = ["Nato", "NATO", "U.S.", "US", "Al-Qaeda", "al-Qaeda", "Al", "Time Warner", "TimeWarner",
             "Kilroy-Silk", "Kilroy Silk", "Écosse", "Ecosse", "eBay", "EBay", "The", "Missing"]
    for form in forms:
        assert [(u.start, u.end, u.form) for u in layout.uses(form)] == _scanned_uses(text, form), form
    # Not inside a word, after a joiner, before a hyphen, a dot and letters, or "_": the
    # possessive at the start and the last line.
    assert [u.start for u in layout.uses("Nato")] == [0, len(text) - 4]
    assert layout.contains("Time Warner") and layout.contains("Kilroy Silk") and not layout.contains("Warner Time")


def test_overlapping_uses_are_taken_from_the_word_starts():
    """A whole-text search resumed after a match it then rejected ("xHa Ha" inside a word) and
    missed the use starting inside it; word starts are all tried."""
    from lint.engine import Units
    from lint.kinds.name_layout import Layout as _Layout

    text = "xHa Ha Ha went on."
    doc = document_from_bytes(text.encode(), "text")
    layout = _Layout(doc, Units(doc).of("sentence"))
    assert [(u.start, u.form) for u in layout.uses("Ha Ha")] == [(4, "Ha Ha")]
    assert _scanned_uses(text, "Ha Ha") == []
