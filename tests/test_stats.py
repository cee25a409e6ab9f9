"""``copydesk stats`` through the real command line: formats, discovery, errors, exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from lint.engine import lint_document
from lint.readability import measure, prose_text
from lint.source import document_from_bytes
from tests.rule_examples import REGISTRY

ROOT = Path(__file__).resolve().parent.parent
NATO = ROOT / "fixtures" / "nato-training-center.txt"
SCORES = ("flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index",
          "coleman_liau_index", "automated_readability_index", "dale_chall_readability_score")

ARTICLE = (
    "Council approves budget\n\n"
    "The council's finance committee met for six hours on Tuesday evening. Members voted by seven "
    "votes to four to approve a budget that raises council tax by 4.9%.\n\n"
    "\"We had no choice, because the grant from central government has fallen for the fifth year "
    "running and every other saving has already been made,\" the leader of the council said.\n\n"
    "Two libraries will close in the summer, and the grant to the local bus operator will be cut by "
    "a third, which campaigners say will leave several villages without any service at all.\n"
)


def test_json_has_textstat_scores_and_the_longest_sentence(copydesk):
    result = copydesk("stats", str(NATO), "--output-format", "json")
    assert result.code == 0, result
    (row,) = json.loads(result.out)
    doc = document_from_bytes(NATO.read_bytes(), "text")
    expected = measure(prose_text(doc))
    assert row["path"] == str(NATO)
    assert (row["words"], row["sentences"], row["syllables"]) == (
        expected.counts.words, expected.counts.sentences, expected.counts.syllables)
    assert all(row[name] == getattr(expected.scores, name) for name in SCORES)
    longest = row["longest_sentence"]
    # The longest sentence is the one long-sentence reports first when its limit is one word less.
    rule = REGISTRY.rules["readability.long-sentence"].configured(options={"max-words": longest["words"] - 1})
    (finding,) = lint_document(doc, [rule], "x", REGISTRY.ids)
    assert (finding.line, finding.column) == (longest["line"], longest["column"])
    assert finding.message.startswith(f"This sentence runs to {longest['words']} words")


def test_longest_sentence_counts_words_outside_quotes(copydesk, write):
    path = write("budget.txt", ARTICLE)
    (row,) = json.loads(copydesk("stats", str(path), "--output-format", "json").out)
    # The quoted sentence has 31 words but only 5 of its own; the libraries sentence has 33.
    assert row["longest_sentence"] == {"line": 7, "column": 1, "words": 33}


def test_table_lists_each_file_with_rounded_scores(copydesk, write):
    write("a/budget.txt", ARTICLE)
    write("a/notes.md", "# Notes\n\nThe council met. It voted.\n")
    write("a/skip.py", "print('not an article')\n")
    result = copydesk("stats", "a", cwd=write("x", "").parent)
    assert result.code == 0, result
    lines = result.out.splitlines()
    assert lines[0].split() == ["file", "words", "sentences", "ease", "grade", "fog", "smog", "cli",
                                "ari", "dale-chall", "longest"]
    assert lines[1].startswith("a/budget.txt ") and lines[1].endswith("33 (line 7)")
    assert lines[2].startswith("a/notes.md ")
    assert lines[3] == "" and lines[4].startswith("words, sentences: as textstat counts them")
    doc = document_from_bytes(ARTICLE.encode(), "text")
    grade = measure(prose_text(doc)).scores.flesch_kincaid_grade
    assert f"{grade:.1f}" in lines[1].split()


def test_csv_matches_json(copydesk, write):
    path = write("budget.txt", ARTICLE)
    rows = list(csv.DictReader(io.StringIO(copydesk("stats", str(path), "--output-format", "csv").out)))
    (data,) = json.loads(copydesk("stats", str(path), "--output-format", "json").out)
    (row,) = rows
    assert row["path"] == str(path) and int(row["words"]) == data["words"]
    assert all(float(row[name]) == data[name] for name in SCORES)
    assert (row["longest_sentence_words"], row["longest_sentence_line"], row["longest_sentence_column"]) == ("33", "7", "1")


def test_an_empty_file_has_zero_scores_and_no_longest_sentence(copydesk, write):
    path = write("empty.md", "")
    (row,) = json.loads(copydesk("stats", str(path), "--output-format", "json").out)
    assert row["words"] == 0 and row["longest_sentence"] is None
    assert all(row[name] == 0.0 for name in SCORES)
    assert copydesk("stats", str(path)).out.splitlines()[1].endswith(" -")


def test_missing_path_is_an_input_error_but_the_rest_is_measured(copydesk, write):
    path = write("budget.txt", ARTICLE)
    result = copydesk("stats", "missing.txt", str(path), "--output-format", "json", cwd=path.parent)
    assert result.code == 2
    assert result.err == "copydesk: missing.txt: no such file or directory\n"
    assert [r["path"] for r in json.loads(result.out)] == [str(path)]


def test_binary_file_is_skipped_with_a_notice(copydesk, write):
    path = write("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00")
    result = copydesk("stats", str(path), "--output-format", "json")
    assert result.code == 0 and json.loads(result.out) == []
    assert result.err == f"copydesk: {path}: skipped (binary file)\n"


def test_undecodable_bytes_are_measured(copydesk, write):
    path = write("latin.txt", "The ticket costs \xa35 and the council said it would rise.".encode("latin-1"))
    result = copydesk("stats", str(path), "--output-format", "json")
    assert result.code == 0, result
    assert json.loads(result.out)[0]["words"] == 11


def test_stdin_with_a_file_name_picks_the_format(copydesk):
    result = copydesk("stats", "-", "--stdin-filename", "story.md", "--output-format", "json",
                      stdin=b"# A heading that is long and full of words\n\nThe council met. It voted.\n")
    (row,) = json.loads(result.out)
    assert row["path"] == "story.md" and row["words"] == 5  # the heading is not prose


def test_exclude_from_configuration_is_honoured(copydesk, write):
    write(".copydesk.toml", 'exclude = ["drafts/"]\n')
    write("drafts/old.txt", ARTICLE)
    path = write("news/budget.txt", ARTICLE)
    result = copydesk("stats", ".", "--output-format", "json", cwd=path.parent.parent)
    assert [r["path"] for r in json.loads(result.out)] == ["./news/budget.txt"]


def test_invalid_configuration_is_one_line_and_exit_2(copydesk, write):
    write(".copydesk.toml", "exclude = 3\n")
    path = write("budget.txt", ARTICLE)
    result = copydesk("stats", "budget.txt", cwd=path.parent)
    assert result.code == 2
    assert len(result.err.splitlines()) == 1 and result.err.startswith("copydesk: error: ")
    assert "Traceback" not in result.err


def test_no_paths_is_a_usage_error(copydesk):
    result = copydesk("stats")
    assert result.code == 2 and result.err.startswith("copydesk: error: no paths given")


def test_output_file(copydesk, write, tmp_path):
    path = write("budget.txt", ARTICLE)
    out = tmp_path / "stats.json"
    result = copydesk("stats", str(path), "--output-format", "json", "--output-file", str(out))
    assert result.code == 0 and result.out == ""
    assert json.loads(out.read_text(encoding="utf-8"))[0]["path"] == str(path)


def test_stats_agrees_with_the_score_rule(copydesk, write):
    """The rule and the command measure the same text: the grade in the finding is the table's."""
    dense = ("The implementation of the comprehensive infrastructure modernisation programme "
             "necessitates considerable additional expenditure by regional authorities. ") * 8
    path = write("dense.txt", "Plan criticised\n\n" + dense.strip() + "\n")
    (row,) = json.loads(copydesk("stats", str(path), "--output-format", "json").out)
    result = copydesk("check", str(path), "--select", "readability.score", "--output-format", "json")
    (finding,) = json.loads(result.out)
    assert finding["message"].startswith(f"Flesch–Kincaid grade is {row['flesch_kincaid_grade']:.1f}, above 12")
    assert (finding["line"], finding["column"]) == (3, 1)
