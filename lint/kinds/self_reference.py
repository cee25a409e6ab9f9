"""``self-reference``: an entity that acts on itself, "Ukraine's recognition of Ukraine".

A rewrite that swaps one party's name for another's leaves the same name on both sides of a
relation: "X's recognition of X", "the U.S. government's support for the U.S.", "X's plan was
drafted by X". Two shapes are read off the sentence's tokens:

* ``X's N <preposition> X``: up to four lower-case words, then of / for / to / with / against /
  on / over / towards, then the same name;
* ``X's … by X``: up to six lower-case words, then "by" and the same name.

The owner is a run of capitalised words ending in the possessive ("the Bank of England's"), or
such a run before a word for its institution ("the U.S. government's"). The two names must be
the same run of capitalised words: "the Bank of England's support for England" and "Manchester
United's win over Manchester City" name two entities. The second name must stand alone: followed
by a possessive or a lower-case noun it only modifies something else ("Britain's trade with
Britain's neighbours", "Labour's manifesto was welcomed by Labour members"). Nouns of
self-portrayal ("Hollywood's satire of Hollywood", "the BBC's own review of the BBC") are
legitimately reflexive and never reported.
"""

from __future__ import annotations

import bisect

from ..regexes import compiled
from ..tokens import Token, tokens
from . import Context, Hit, Kind

_APOSTROPHES = "'’"
# Prepositions after which the object of the relation follows ("recognition of X").
_RELATIONS = frozenset("of for to with against on over towards toward".split())
# Words for an entity's own institution: "the U.S. government's" is the U.S. acting.
_INSTITUTIONS = frozenset(
    "government administration authorities parliament leadership regime state".split()
)
# Inside a name: "Bank of England", "Marks and Spencer", "Procter & Gamble".
_CONNECTORS = frozenset("of and & de du la von van der".split())
# Capitalised only because they open the sentence: "In Ukraine's …" is about Ukraine.
_OPENERS = frozenset(
    """the a an in on at to for of with by from as and but or so yet then also even now still
    this that these those while when if after before since until during despite although though
    because under over meanwhile however earlier later last today yesterday""".split()
)
# Capitalised possessives that name no entity: contractions and pronouns ("It's", "Let's"),
# and days and dates ("Monday's talks on Monday" is a redundancy, not a self-reference).
_NOT_NAMES = frozenset(
    """it he she that there here what who where when how let this everyone everybody one
    nobody somebody someone today tonight tomorrow yesterday monday tuesday wednesday
    thursday friday saturday sunday january february march april may june july august
    september october november december""".split()
)
# Nouns whose subject may well be their object: portrayals, views and self-examinations.
_REFLEXIVE_NOUNS = frozenset(
    """own view views image images portrayal portrait picture vision perception perceptions
    sense idea ideas history account version story satire parody celebration critique review
    inquiry investigation audit assessment understanding knowledge reinvention rebranding
    definition""".split()
)
# Words that may follow a standalone name: it ends the relation rather than modifying a noun.
_FOLLOWERS = frozenset(
    """as and or but in on at to for with by from of into over under after before since until
    during is was are were has had have will would could should may might can did does do that
    which who whom when while because if than itself alone too also last this next
    grew rose fell won lost came went made took gave saw said told found left began became met
    held paid sold brought thought kept spent struck hit cut set put""".split()
)
# Lower-case words ending in "-ed" after a name are mostly its verb ("the Bank of England
# surprised the markets"); these few are adjectives on a following noun instead.
_ED_ADJECTIVES = frozenset("armed based backed owned funded run led".split())
_MAX_BETWEEN = 4  # words of the relation noun phrase ("continued military support", "1-0 win")
# A name is a few words; the cap keeps a run of capitals ("A's A's A's …") linear.
_MAX_NAME = 8
_MAX_BEFORE_BY = 6  # words between the possessive and "by" ("plan was quietly drafted")


class SelfReference(Kind):
    name = "self-reference"

    def check(self, ctx: Context):
        text = ctx.text
        for unit in _units_with_possessives(text, ctx.units):
            if not _owner_recurs(text, unit.start, unit.end):
                continue  # no possessive whose name comes back: the common case
            toks = _words(text, unit.start, unit.end)
            for j in range(len(toks)):
                owner = _owner(text, toks, j)
                if owner is not None:
                    hit = _relation(text, toks, j, owner)
                    if hit is not None:
                        yield hit


# The apostrophe comes first and the look-behind after it: a pattern that opens with a
# look-behind is tried at every character, one that opens with a character class jumps between
# apostrophes (five times faster over a corpus).
_POSSESSIVE_MARK = compiled(r"['’](?<=\w['’])s?(?!\w)")


def _units_with_possessives(text: str, units) -> list:
    """The units holding a possessive mark, found by one scan of the text (most sentences have
    none, and are not visited one by one)."""
    starts = [u.start for u in units]
    marked: list = []
    last = -1
    for m in _POSSESSIVE_MARK.finditer(text):
        k = bisect.bisect_right(starts, m.start()) - 1
        if k > last and m.end() <= units[k].end:
            marked.append(units[k])
            last = k
    return marked


def _owner_recurs(text: str, start: int, end: int) -> bool:
    """Cheap test before tokenising: a capitalised word among the four before a possessive
    mark ("the U.S. government's") appears again later in the sentence."""
    for m in _POSSESSIVE_MARK.finditer(text, start, end):
        before = text[max(start, m.start() - 60) : m.start()].split()[-4:]
        if any(w[:1].isupper() and text.find(w.rstrip(".,"), m.end(), end) != -1 for w in before):
            return True
    return False


def _words(text: str, start: int, end: int) -> list[Token]:
    """The shared tokens, with the final dot of an abbreviation ("U.S.") and the apostrophe of a
    plural possessive ("Williams'") kept on the word, so that neither separates two words nor is
    left out of a match."""
    out = []
    for tok in tokens(text, start, end):
        after = text[tok.end : tok.end + 1] if tok.end < end else ""
        if after == "." and "." in tok.text:
            tok = Token(tok.start, tok.end + 1, tok.text + ".", tok.lower + ".")
        elif after and after in _APOSTROPHES and tok.text[-1] == "s" and not _alnum_at(text, tok.end + 1):
            tok = Token(tok.start, tok.end + 1, tok.text + after, tok.lower + after)  # "Williams'"
        out.append(tok)
    return out


def _alnum_at(text: str, i: int) -> bool:
    return text[i : i + 1].isalnum()


def _joined(text: str, left: Token, right: Token) -> bool:
    """Only spaces between two tokens: no comma, quote, bracket or dash separates them."""
    return text[left.end : right.start].isspace()


def _capitalised(tok: Token) -> bool:
    return tok.text[0].isupper()


def _possessive_stem(tok: Token) -> str | None:
    """The word a possessive token is formed from ("Ukraine's" -> "Ukraine", "Williams'" ->
    "Williams"), or None when the token is not a possessive."""
    word = tok.text
    if len(word) > 2 and word[-2] in _APOSTROPHES and word[-1] in "sS":
        return word[:-2]
    if len(word) > 2 and word[-1] in _APOSTROPHES and word[-2] == "s":
        return word[:-1]
    return None


def _name_word(text: str, word: Token, connector: Token) -> bool:
    """A capitalised word right next to a connector: "Bank [of] England", "Procter [&] Gamble"."""
    return _capitalised(word) and (
        _joined(text, word, connector) if word.start < connector.start else _joined(text, connector, word)
    )


def _run_back(text: str, toks: list[Token], last: int) -> int:
    """Index of the first word of the capitalised run (connectors inside) ending at ``last``."""
    first = last
    while first > 0 and last - first < _MAX_NAME and _joined(text, toks[first - 1], toks[first]):
        prev = toks[first - 1]
        if _capitalised(prev):
            first -= 1
        elif prev.lower in _CONNECTORS and first > 1 and _name_word(text, toks[first - 2], prev):
            first -= 2
        else:
            break
    return first


def _run_forward(text: str, toks: list[Token], first: int) -> int:
    """Index of the last word of the capitalised run (connectors inside) starting at ``first``."""
    last = first
    n = len(toks)
    while last + 1 < n and last - first < _MAX_NAME and _joined(text, toks[last], toks[last + 1]):
        nxt = toks[last + 1]
        if _capitalised(nxt):
            last += 1
        elif nxt.lower in _CONNECTORS and last + 2 < n and _name_word(text, toks[last + 2], nxt):
            last += 2
        else:
            break
    return last


def _owner(text: str, toks: list[Token], j: int) -> tuple[int, list[str]] | None:
    """The name owning possessive token ``j``: its first token's index and its words."""
    stem = _possessive_stem(toks[j])
    if stem is None:
        return None
    if stem[0].isupper():
        if stem.lower() in _NOT_NAMES:
            return None
        first = _run_back(text, toks, j)
        words = [t.text for t in toks[first:j]] + [stem]
    elif stem.lower() in _INSTITUTIONS and j and _name_word(text, toks[j - 1], toks[j]):
        first = _run_back(text, toks, j - 1)  # "the U.S. government's": the U.S. acting
        words = [t.text for t in toks[first:j]]
    else:
        return None
    while words and words[0].lower() in _OPENERS:
        words.pop(0)  # "In Ukraine's …": capitalised only as the sentence's first word
        first += 1
    return (first, words) if words else None


def _key(words: list[str]) -> str:
    """Names compare without case or dots: "U.S." and "US" are one country."""
    return " ".join(w.replace(".", "").lower() for w in words)


def _relation(text: str, toks: list[Token], j: int, owner: tuple[int, list[str]]) -> Hit | None:
    """A hit when the words after possessive ``j`` relate its owner to the same name."""
    n = len(toks)
    between: list[str] = []
    k = j + 1
    while True:  # the lower-case words up to the relation word
        if k >= n or not _joined(text, toks[k - 1], toks[k]):
            return None
        word = toks[k].lower
        if between and (word == "by" or (word in _RELATIONS and len(between) <= _MAX_BETWEEN)):
            break
        if not (toks[k].text[0].islower() or toks[k].text[0].isdigit()) or len(between) >= _MAX_BEFORE_BY:
            return None  # a capitalised word starts another name: not this relation
        between.append(word)
        k += 1
    if any(w in _REFLEXIVE_NOUNS for w in between):
        return None
    k += 1
    if k < n and toks[k].lower == "the" and _joined(text, toks[k - 1], toks[k]):
        k += 1
    if k >= n or not _joined(text, toks[k - 1], toks[k]) or not _capitalised(toks[k]):
        return None
    last = _run_forward(text, toks, k)
    second = [t.text for t in toks[k : last + 1]]
    if _key(second) != _key(owner[1]) or not _stands_alone(text, toks, last):
        return None
    return Hit(toks[owner[0]].start, toks[last].end, params={"entity": text[toks[k].start : toks[last].end]})


def _stands_alone(text: str, toks: list[Token], last: int) -> bool:
    """The second name is the object itself, not a modifier ("Britain's neighbours",
    "Labour members") or another possessive."""
    if _possessive_stem(toks[last]) is not None:
        return False
    if last + 1 >= len(toks) or not _joined(text, toks[last], toks[last + 1]):
        return True  # punctuation or the end of the sentence follows
    word = toks[last + 1].lower
    return word in _FOLLOWERS or (len(word) > 4 and word.endswith("ed") and word not in _ED_ADJECTIVES)
