"""Split the OGP commitment template out of a commitment's "Full Text".

OGP's commitment export has a ``Full Text`` column in which governments pasted OGP's
commitment template, more or less faithfully: labelled parts such as "Main objective: …" or
"What is the public problem that the commitment will address?" followed by the answer, in
English or Spanish, sometimes in capitals, on one line or over many. Often there are no labels
at all. :func:`split_template` finds the labelled parts that matter and returns them by key.

Pure Python: nothing from Django, no database.

How a label is recognised
-------------------------
A label counts only at a *label position*: the start of the text, the start of a line
(after optional spaces), or after a sentence end (``.``, ``!``, ``?``, ``…``, possibly
closed by a quote or bracket) or ``;`` followed by spaces. An item number such as ``1.`` or
``2)`` may stand between the position and the label. So "Main objective: …" at the start of a
line is a label, but "we set out the main objective: …" in mid-sentence is not.

The words of a label may be separated by any whitespace, line breaks included (PDF exports
break "How does the measure contribute to resolving the / public issue?" over two lines).
Letter case is ignored. What may follow a label depends on its kind:

* ``question``: the question mark (or a colon), e.g. "What is the commitment?";
* ``instruction``: a full stop, colon or question mark, e.g. "Describe the way in which this
  commitment is relevant to … accountability.";
* ``heading``: a colon, the end of the line, or, on the same line, text that starts like a new
  sentence (capital letter, digit, bullet, dash, quote or bracket): "General objective Make the
  functions …";
* ``word`` (a single, common word such as "Relevance"): a colon, the end of the line, or a
  capitalised word on the same line ("Milestones Ongoing or new commitment …");
* ``strict`` (a word that often starts ordinary sentences, such as "Budget"): a colon or
  the end of the line only.

Headings may carry a bracketed note before the colon: "Brief description of commitment
(140-character limit): …".

Each part runs from the end of its label to the start of the next recognised label, whether
or not that label is returned: "Milestones", "Start date", "Lead implementing agency",
"Additional information", "THEME", "COMMITMENT 9" … end the previous part and are dropped.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..tables import read_table

__all__ = ["KEYS", "split_template"]

#: The keys :func:`split_template` may return, in the order it returns them.
KEYS = ("problem", "causes", "solution", "expected_results", "ogp_relevance")

# The labels: (key, kind, pattern). A key of None marks a label that ends the previous part
# but is not returned. In a pattern a space stands for any run of whitespace (line breaks
# included); patterns must not use capturing groups. Within the one compiled alternation the
# first label that matches at a position wins, so longer labels come before their prefixes.
_LABELS: list[tuple[str | None, str, str]] = read_table(
    Path(__file__).resolve().parent / "template_labels.tsv",
    lambda key, kind, pattern: (key or None, kind, pattern),
)

# Where a label may start (see the module docstring). The possessive quantifiers (Python
# 3.11+) keep long runs of spaces from being backtracked over for every label.
_POSITION = (
    r"(?:(?<![^\n\r])[ \t]*+"  # start of the text or of a line
    r"|(?<=[.!?;…])[ \t]++"  # after a sentence end or "; "
    r"|(?<=[.!?;…][\"'”’»)])[ \t]++)"  # after a sentence end closed by a quote or bracket
)
_NUMBERING = r"(?:\d{1,2}[.)][ \t]*+)?"  # "1. What problem does …", "2) …"

# What may start the text of a part on the label's own line, when no colon follows the
# label. (?-i:…) keeps it case-sensitive inside the case-insensitive pattern.
_UPPER = "A-ZÀ-ÖØ-Þ"
_SENTENCE_START = rf"(?-i:[{_UPPER}0-9•●▪◦·*\-–—\"“«'‘(¿¡|⇨])"
_CAPITALISED = rf"(?-i:[{_UPPER}])"
_PAREN = r"(?:[ \t]*+\([^()\n]{1,80}\))?"  # "(140-character limit)", "(s)"
_EOL = r"(?=[ \t]*+(?:\r?\n|\Z))"
_TERMINATORS = {
    "question": r"[ \t]*+[?:]",
    "instruction": r"[ \t]*+[.:?]",
    "heading": rf"{_PAREN}(?:[ \t]*+:|{_EOL}|(?=[ \t]+{_SENTENCE_START}))",
    "word": rf"{_PAREN}(?:[ \t]*+:|{_EOL}|(?=[ \t]+{_CAPITALISED}))",
    "strict": rf"{_PAREN}(?:[ \t]*+:|{_EOL})",
}


def _compile() -> tuple[re.Pattern[str], dict[str, str | None]]:
    """One case-insensitive regex: position, optional numbering, then one named group per label."""
    alternatives = []
    key_of_group: dict[str, str | None] = {}
    for index, (key, kind, pattern) in enumerate(_LABELS):
        if re.compile(pattern).groups:
            raise ValueError(f"label patterns must not capture: {pattern!r}")
        name = f"label{index}"
        key_of_group[name] = key
        words = pattern.replace(" ", r"\s+")  # a label may be broken over lines
        alternatives.append(f"(?P<{name}>{words}{_TERMINATORS[kind]})")
    regex = re.compile(f"{_POSITION}{_NUMBERING}(?:{'|'.join(alternatives)})", re.IGNORECASE)
    return regex, key_of_group


_LABEL_RE, _KEY_OF_GROUP = _compile()


def split_template(full_text: str) -> dict[str, str]:
    """The labelled template parts of a commitment's full text, by key.

    Returns a dict with exactly the keys of :data:`KEYS` whose label was found (in that
    order): ``problem``, ``causes``, ``solution`` (the commitment's description, main objective
    or what the commitment is), ``expected_results`` and ``ogp_relevance``. Each value is the
    text between its label and the next recognised label, stripped of surrounding whitespace
    and of a trailing ";" (the separator some exports put between parts). Text before the
    first label is not returned; unlabelled text gives ``{}``. A part whose text is empty is
    skipped, so a label used as a section heading gives way to a later one; when a key's label
    appears more than once, the first non-empty part wins. Values are always slices of
    ``full_text``: nothing is rewritten or invented.
    """
    if not full_text:
        return {}
    found: dict[str, str] = {}
    matches = list(_LABEL_RE.finditer(full_text))
    for index, match in enumerate(matches):
        key = _KEY_OF_GROUP[match.lastgroup]
        if key is None or key in found:
            continue
        # The part ends where the next label starts, or at the end of the text.
        end = matches[index + 1].start() if index + 1 < len(matches) else len(full_text)
        text = full_text[match.end() : end].strip().rstrip(";").rstrip()
        if text:
            found[key] = text
    return {key: found[key] for key in KEYS if key in found}
