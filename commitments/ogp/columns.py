"""OGP's "Commitment Data" export: its columns, in OGP's order, named once for the importer and
for our export.

Each column has a role: ``FIELD`` columns map to a field of the record (``REQUIRED`` ones too,
and a file without them is refused); ``DESIGN``, ``FIRST_REPORT`` and ``SECOND_REPORT`` columns
are the IRM's, kept on the commitment's assessments as OGP published them; every other column
(``OTHER``) is kept in ``ogp_extra``. The policy-area flags (one 0/1 column per area, named
after the area) sit between ``BEFORE_POLICY_AREAS`` and ``AFTER_POLICY_AREAS``.
"""

from __future__ import annotations

REQUIRED = "required"
FIELD = "field"
DESIGN = "design"
FIRST_REPORT = "first_report"
SECOND_REPORT = "second_report"
OTHER = "other"

ID = "Commitment Unique Identifier"
# Columns our own export adds after OGP's ("Tracker: Milestones", …): computed, never imported,
# so that an export of ours imports back to the same records.
TRACKER_COLUMN_PREFIX = "Tracker: "

_BEFORE_POLICY_AREAS = (
    (ID, REQUIRED),
    ("Country/Locality", REQUIRED),
    ("Action Plan Number", REQUIRED),
    ("Commitment Number", FIELD),
    ("Code", REQUIRED),
    ("Region", REQUIRED),
    ("National Or Local", REQUIRED),
    ("Commitment Dummy", OTHER),
    ("Year Of Submission", REQUIRED),
    ("Action Plan End Year", REQUIRED),
    ("Action Plan Duration (Years)", OTHER),
    ("Theme", FIELD),
    ("Commitment Title", REQUIRED),
    ("Short Title", FIELD),
    ("Full Text", FIELD),
    ("Start Date", REQUIRED),
    ("End Date", REQUIRED),
    ("Lead Institution", REQUIRED),
    ("Supporting Institution(s)", REQUIRED),
)
_AFTER_POLICY_AREAS = (
    ("Report Publication Year (Progress Report)", FIRST_REPORT),
    ("Compound", FIRST_REPORT),
    ("Cluster", FIRST_REPORT),
    ("Specificity", DESIGN),
    ("_Specificity", DESIGN),
    ("Verifiable", DESIGN),
    ("OGP Value Access To Information", DESIGN),
    ("OGP Value Civic Participation", DESIGN),
    ("OGP Value Public Accountability", DESIGN),
    ("OGP Value Technology", DESIGN),
    ("_Relevant", DESIGN),
    ("Potential Impact", DESIGN),
    ("_Potential Impact", DESIGN),
    ("Completion (Progress Report)", FIRST_REPORT),
    ("_CompletionProgress", FIRST_REPORT),
    ("Starred (2015 Only)", FIRST_REPORT),
    ("Starred (Current Formula) Progress Report", FIRST_REPORT),
    ("Potential for Results", DESIGN),
    ("_Potential for Results", DESIGN),
    ("Cluster (AP Review)", FIRST_REPORT),
    ("Cluster Commitment ID(s)", FIRST_REPORT),
    ("Report Publication Year (End Of Term)", SECOND_REPORT),
    ("Completion (End Of Term)", SECOND_REPORT),
    ("_CompletionEndTerm", SECOND_REPORT),
    ("Change In Completion", SECOND_REPORT),
    ("_ChangeCompletion", SECOND_REPORT),
    ("Early Results", SECOND_REPORT),
    ("_Early Results", SECOND_REPORT),
    ("Did It Open Government (Overall)", SECOND_REPORT),
    ("_OpenGovernment", SECOND_REPORT),
    ("Did It Open Government (Access To Information)", SECOND_REPORT),
    ("_DIOGATI", SECOND_REPORT),
    ("Did It Open Government (Civic Participation)", SECOND_REPORT),
    ("_DIOGCP", SECOND_REPORT),
    ("Did It Open Government: Public Accountability", SECOND_REPORT),
    ("_DIOGPA", SECOND_REPORT),
    ("Starred (Current Formula) End of Term", SECOND_REPORT),
    ("Carried Forward", SECOND_REPORT),
    ("Most Recently Assessed", OTHER),
    ("Star - Most Recently Assessed", OTHER),
    ("IRM Assessed", OTHER),
    ("Updated? (Website)", OTHER),
    ("Active Commitment", OTHER),
    ("Max star", OTHER),
    ("Ambition Assessed", OTHER),
    ("Comp Assessed", OTHER),
    ("DIOG Assessed", OTHER),
    ("Midterm Only", OTHER),
    ("Max Completion", OTHER),
    ("Raw Completion", OTHER),
    ("High Completion", OTHER),
    ("High Ambition", OTHER),
    ("High DIOG", OTHER),
    ("Ambitious and complete, or DIOG", OTHER),
    ("Ambitious but not complete", OTHER),
    ("Complete but not ambitious", OTHER),
    ("Not complete or ambitious", OTHER),
    ("Not reviewed", OTHER),
    ("CHECKSUM", OTHER),
    ("IRM-Based Score", OTHER),
    ("Binding constraint", OTHER),
    ("URL", FIELD),
    ("Latest IRM Report", OTHER),
    ("Subnational in NAPs", OTHER),
    ("Action Plan ID", FIELD),
    ("id", OTHER),
)
_SCHEMA = (*_BEFORE_POLICY_AREAS, *_AFTER_POLICY_AREAS)


def _named(*roles: str) -> tuple[str, ...]:
    return tuple(name for name, role in _SCHEMA if role in roles)


BEFORE_POLICY_AREAS = tuple(name for name, _role in _BEFORE_POLICY_AREAS)
AFTER_POLICY_AREAS = tuple(name for name, _role in _AFTER_POLICY_AREAS)
# Policy-area flags (0/1) sit between these two columns in OGP's export.
POLICY_AREAS_AFTER = BEFORE_POLICY_AREAS[-1]
POLICY_AREAS_BEFORE = AFTER_POLICY_AREAS[0]

REQUIRED_COLUMNS = _named(REQUIRED)
# Columns with a field of their own (everything else is kept in ``ogp_extra`` or an assessment).
FIELD_COLUMNS = _named(REQUIRED, FIELD)
DESIGN_COLUMNS = _named(DESIGN)
FIRST_REPORT_COLUMNS = _named(FIRST_REPORT)
SECOND_REPORT_COLUMNS = _named(SECOND_REPORT)
IRM_COLUMNS = frozenset(_named(DESIGN, FIRST_REPORT, SECOND_REPORT))
