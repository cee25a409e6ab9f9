"""Regular English word forms, so a phrase list can name a verb or noun once.

"join together" should also catch "joins", "joined" and "joining together" without four list
entries each. Only the regular patterns are produced; where spelling is ambiguous (is the final
consonant doubled? "referred" but "visited") both spellings are produced: the one that is not
English never occurs in text, so it costs nothing. Irregular forms ("met") are listed by hand.
"""

from __future__ import annotations

_VOWELS = frozenset("aeiou")
_SIBILANT_ENDINGS = ("s", "x", "z", "ch", "sh")


def _inflectable(word: str) -> bool:
    # Words with digits or dots ("12", "a.m.") and acronyms ("ATM") have no verb forms.
    return word.replace("-", "").isalpha() and word.islower()


def _consonant_y(word: str) -> bool:
    return len(word) > 1 and word[-1] == "y" and word[-2] not in _VOWELS


def _doubles(word: str) -> bool:
    """Ends consonant-vowel-consonant, so the last letter may double before -ed/-ing."""
    if len(word) < 3:
        return False
    a, b, c = word[-3:]
    return a not in _VOWELS and b in _VOWELS and c not in _VOWELS and c not in "wxy"


def plural(word: str) -> str | None:
    """The regular plural ("result" -> "results", "ally" -> "allies", "ATM" -> "ATMs"), or None
    for a word that is already plural ("plans") or takes no -s ("12", "a.m.")."""
    if word.isalpha() and word.isupper() and len(word) > 1:
        return None if word.endswith("S") else word + "s"  # "GPSs" is no one's plural
    if not _inflectable(word) or (word.endswith("s") and not word.endswith("ss")):
        return None
    if word.endswith(_SIBILANT_ENDINGS):
        return word + "es"
    if _consonant_y(word):
        return word[:-1] + "ies"
    return word + "s"


def verb_forms(word: str) -> list[str]:
    """The base form and its regular -s, -ed and -ing forms."""
    if not _inflectable(word):
        return [word]
    forms = [word, plural(word) or word]  # the third person -s is spelt like the plural
    if word.endswith("e"):
        forms.append(word + "d")
        forms.append(word[:-2] + "ying" if word.endswith("ie") else
                     word + "ing" if word.endswith(("ee", "ye", "oe")) else word[:-1] + "ing")
    elif _consonant_y(word):
        forms += [word[:-1] + "ied", word + "ing"]
    else:
        forms += [word + "ed", word + "ing"]
        if _doubles(word):
            forms += [word + word[-1] + "ed", word + word[-1] + "ing"]
    return list(dict.fromkeys(forms))


def _words(key: str, replacement: str) -> tuple[list[str], list[str]]:
    key_words, repl_words = key.split(), replacement.split()
    if not key_words or not repl_words:
        raise ValueError(f"'{key}': an inflected entry needs a replacement of one or more words")
    return key_words, repl_words


def verb_variants(key: str, replacement: str) -> list[tuple[str, str]]:
    """``(phrase, replacement)`` for each form of the verb both keep: their first word ("join
    together" -> "join"), else their last ("completely eliminate" -> "eliminate"). The
    replacement takes the form the phrase has ("joined together" -> "joined")."""
    key_words, repl_words = _words(key, replacement)
    for k, r in ((0, 0), (-1, -1)):
        if key_words[k].lower() == repl_words[r].lower():
            break
    else:
        raise ValueError(f"'{key}': the replacement '{replacement}' must keep the key's first or last word")
    out = []
    for form in verb_forms(key_words[k]):
        key_words[k] = repl_words[r] = form
        out.append((" ".join(key_words), " ".join(repl_words)))
    return out


def noun_variants(key: str, replacement: str) -> list[tuple[str, str]]:
    """``(phrase, replacement)`` in the singular and the plural. The phrase's head noun is its
    last word, or the word before "of" ("periods of time"); the replacement's is its last
    ("ATM machines" -> "ATMs", "end results" -> "results")."""
    key_words, repl_words = _words(key, replacement)
    lowered = [w.lower() for w in key_words]
    head = lowered.index("of") - 1 if "of" in lowered[1:] else len(key_words) - 1
    key_plural, repl_plural = plural(key_words[head]), plural(repl_words[-1])
    out = [(key, replacement)]
    if key_plural and repl_plural:
        key_words[head], repl_words[-1] = key_plural, repl_plural
        out.append((" ".join(key_words), " ".join(repl_words)))
    return out
