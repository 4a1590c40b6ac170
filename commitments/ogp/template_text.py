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

__all__ = ["KEYS", "split_template"]

#: The keys :func:`split_template` may return, in the order it returns them.
KEYS = ("problem", "causes", "solution", "expected_results", "ogp_relevance")

# The labels: (key, kind, pattern). A key of None marks a label that ends the previous part
# but is not returned. In a pattern a space stands for any run of whitespace (line breaks
# included); patterns must not use capturing groups. Within the one compiled alternation the
# first label that matches at a position wins, so longer labels come before their prefixes.
_LABELS: list[tuple[str | None, str, str]] = [
    # ----- problem -----
    (
        "problem",
        "heading",
        r"status quo (?:or|o|y) (?:the )?(?:problem|problema|problem[aá]tica)"
        r" (?:addressed by the commitment|que se quiere resolver"
        r"|que (?:el compromiso )?aborda(?: el compromiso)?)",
    ),
    ("problem", "heading", r"status quo\s*/\s*(?:issue|problem) to be addressed"),
    ("problem", "heading", r"(?:problem|issue)s? (?:to (?:be )?)?addressed(?: by the commitment)?"),
    ("problem", "heading", r"statement of (?:the )?(?:public )?problem"),
    ("problem", "heading", r"(?:public )?problem (?:definition|statement)"),
    ("problem", "heading", r"definition of the (?:public )?problem"),
    ("problem", "heading", r"problema p[uú]blico"),
    ("problem", "word", r"problem[aá]tica"),
    ("problem", "word", r"stakes"),  # France: "STAKES" (enjeux)
    # "What is the public problem that the commitment will address?", "What is the
    # problem/need …", "What is the public issue in response to which …"
    (
        "problem",
        "question",
        r"(?:what|which) (?:is|are) the (?:main |specific |key )?(?:public )?"
        r"(?:problem|issue|need)s?\b[^?.!;:]{0,120}",
    ),
    # "What problem does the commitment aim to address?", "Which public issue does the measure address?"
    (
        "problem",
        "question",
        r"(?:what|which) (?:public )?(?:problem|issue)s? (?:does|do|will|is|are|did)\b[^?.!;:]{0,120}",
    ),
    # "¿Cuál es el problema público que aborda el compromiso?", "¿Cuál es la problemática …?"
    ("problem", "question", r"¿?cu[aá]l es (?:el|la) (?:problema|problem[aá]tica)\b[^?.!;:]{0,120}"),
    ("problem", "question", r"¿?qu[eé] (?:problema|problem[aá]tica)\b[^?.!;:]{0,120}"),
    # ----- causes -----
    ("causes", "question", r"what (?:are|is) the (?:main |root |underlying )?causes?\b[^?.!;:]{0,100}"),
    (
        "causes",
        "question",
        r"¿?cu[aá]l(?:es)? (?:son|es) (?:las|la) (?:principales )?causas?\b[^?.!;:]{0,100}",
    ),
    ("causes", "heading", r"(?:root )?causes of the (?:public )?problem"),
    ("causes", "heading", r"causas del problema(?: p[uú]blico)?"),
    # ----- solution: what the commitment is, its description, its main objective -----
    ("solution", "heading", r"(?:main|primary|general) objectives?"),
    ("solution", "heading", r"objetivos? (?:principal(?:es)?|generales?)"),
    ("solution", "heading", r"objectives? of the (?:commitment|measure|initiative)"),
    ("solution", "heading", r"objetivos? del compromiso"),
    ("solution", "word", r"objectives?"),
    ("solution", "word", r"objetivos?"),
    # "Brief description of commitment", "Brief Description of the Commitment", "Short
    # description", "Description of commitment" (as a section heading its part is usually
    # empty, and empty parts are skipped), "Brief description of the initiative"
    ("solution", "heading", r"(?:brief |short )?description of (?:the )?(?:commitment|measure|initiative)"),
    ("solution", "heading", r"(?:commitment|measure) (?:description|definition)"),
    ("solution", "heading", r"short description"),
    ("solution", "heading", r"(?:breve )?descripci[oó]n del compromiso"),
    ("solution", "heading", r"what the government will do"),
    ("solution", "word", r"roadmap"),  # France: "ROADMAP" (feuille de route)
    ("solution", "question", r"what is the commitment"),
    (
        "solution",
        "question",
        r"what (?:does|will) (?:the|this) (?:commitment|measure|initiative)"
        r" (?:consist of|entail|include|involve|do)",
    ),
    (
        "solution",
        "question",
        r"what are the (?:components|elements|main activities) of (?:the|this)"
        r" (?:commitment|measure|initiative)",
    ),
    ("solution", "question", r"what solutions? (?:are|is|do|does|will)\b[^?.!;:]{0,100}"),
    ("solution", "question", r"¿?cu[aá]l es el compromiso"),
    ("solution", "question", r"¿?en qu[eé] consiste (?:el|este) compromiso"),
    ("solution", "question", r"¿?qu[eé] soluci[oó]n\b[^?.!;:]{0,100}"),
    # ----- expected results -----
    ("expected_results", "heading", r"expected (?:results?|outcomes?)"),
    ("expected_results", "heading", r"resultados? esperados?"),
    ("expected_results", "question", r"what (?:results|outcomes?) (?:do|does|will|are|is)\b[^?.!;:]{0,120}"),
    ("expected_results", "question", r"¿?qu[eé] resultados\b[^?.!;:]{0,120}"),
    # The template's "How will the commitment contribute to solve the public problem?" asks
    # for the effect expected from the commitment, so its answer counts as expected results
    # (after an explicit "Expected results" part, if that comes first). Variants: "How will
    # this contribute to solving the problem?", "In what way does the measure contribute to …?"
    (
        "expected_results",
        "question",
        r"(?:how|in what way) (?:will|would|does|do|can|could) [^?.!;:]{0,60}?contribut[^?.!;:]{0,150}",
    ),
    ("expected_results", "question", r"¿?c[oó]mo (?:contribuir[aá]|contribuye)\b[^?.!;:]{0,150}"),
    (
        "expected_results",
        "heading",
        r"contribution (?:of (?:the |this )?commitment )?to (?:solving|addressing|resolving|solve)"
        r" (?:the )?(?:public )?(?:problem|issue)",
    ),
    # ----- relevance to OGP values -----
    (
        "ogp_relevance",
        "question",
        r"(?:why|how) (?:is|are) (?:this|the) (?:commitment|measure|initiative)s? relevant\b[^?.!;:]{0,150}",
    ),
    ("ogp_relevance", "question", r"¿?por qu[eé] (?:(?:el|este) compromiso )?es relevante\b[^?.!;:]{0,150}"),
    (
        "ogp_relevance",
        "instruction",
        r"describe the way in which this commitment is relevant\b[^?.!;:]{0,250}",
    ),
    (
        "ogp_relevance",
        "heading",
        r"the way in which (?:this|the) commitment is relevant to"
        r" (?:further )?(?:advancing )?(?:the )?OGP values",
    ),
    (
        "ogp_relevance",
        "heading",
        r"relevance (?:of (?:the |this )?commitment )?(?:to|for) (?:the )?OGP values",
    ),
    (
        "ogp_relevance",
        "heading",
        r"relevancia (?:del compromiso )?(?:para|a|con) (?:los )?valores (?:de )?(?:la )?(?:OGP|AGA)",
    ),
    # OGP's 2022 template asks, under "Commitment analysis", how the commitment promotes
    # transparency, accountability and participation: its relevance to OGP values.
    ("ogp_relevance", "heading", r"commitment analysis"),
    ("ogp_relevance", "word", r"relevance"),
    ("ogp_relevance", "word", r"relevancia"),
    # ----- recognised, not returned: they end the previous part -----
    (None, "heading", r"additional information"),
    (None, "heading", r"informaci[oó]n adicional"),
    (None, "heading", r"exchange and peer learning"),
    (None, "word", r"ambition"),
    (None, "word", r"ambici[oó]n"),
    (
        None,
        "heading",
        r"OGP challenges?(?: (?:addressed|affected) by (?:the|this) (?:commitments?|measures?))?",
    ),
    (None, "heading", r"desaf[ií]os? de (?:la )?(?:OGP|AGA)(?: atendidos? por el compromiso)?"),
    (None, "heading", r"milestones? to fulfil+ the commitment"),
    (None, "heading", r"milestone activit(?:y|ies)(?: with a verifiable deliverable)?"),
    (None, "heading", r"commitment (?:milestones|planning)"),
    (None, "word", r"milestones?"),
    (None, "word", r"hitos?"),
    (None, "heading", r"planificaci[oó]n del compromiso"),
    (None, "heading", r"activity and deliverable product"),
    (None, "heading", r"key activities"),
    (None, "heading", r"start and end date of the commitment"),
    (None, "heading", r"(?:start|end) date"),
    (None, "heading", r"fecha de (?:inicio|t[ée]rmino|finalizaci[oó]n|fin)"),
    (None, "heading", r"lead (?:implementing )?(?:agency|agencies|institutions?)"),
    (None, "heading", r"leader of the measure"),
    (None, "heading", r"supporting (?:implementing )?(?:agency|agencies|institutions?)"),
    (None, "heading", r"(?:instituci[oó]n|actor|[aá]rea) responsable(?: de la implementaci[oó]n)?"),
    (None, "heading", r"other actors involved"),
    (None, "heading", r"otros actores(?: involucrados)?"),
    (None, "heading", r"contact information"),
    (None, "heading", r"(?:informaci[oó]n|datos) de contacto"),
    (
        None,
        "heading",
        r"name of (?:the |a )?responsible person(?: (?:from|in) (?:the )?implementing agency)?",
    ),
    (None, "heading", r"policy coherence"),
    (None, "heading", r"target definition"),
    (None, "heading", r"follow-up actions"),
    (
        None,
        "heading",
        r"relation of the commitment to strategic documents(?: and other international processes)?",
    ),
    (None, "heading", r"link with the sustainable development agenda"),
    (None, "heading", r"implementation (?:indicators|timeframe)"),
    (None, "heading", r"entities responsible"),
    (None, "heading", r"number and titles? of activities"),
    (None, "heading", r"financial resources required"),
    (None, "heading", r"context\s*(?:&|and)\s*aim"),  # France: "CONTEXT & AIM"
    (None, "question", r"what has been done so far\b[^?.!;:]{0,100}"),
    (None, "strict", r"theme"),
    (None, "strict", r"(?:commitment|compromiso) \d+"),
    (None, "strict", r"timescales?"),
    (None, "strict", r"budget"),
    (None, "strict", r"activities"),
    (None, "strict", r"partners"),
    (None, "strict", r"event"),
]

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
