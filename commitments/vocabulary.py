"""OGP's controlled vocabularies: policy areas (with their Spanish names) and regions.

Policy areas are data (editors can add and rename them as snippets); this module seeds
them with OGP's own names, the Spanish name and the area each belongs to. The names are
OGP's column headings, exactly, so an export matches them back.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# (OGP name, Spanish name, parent OGP name or None), in OGP's order.
POLICY_AREAS: list[tuple[str, str, str | None]] = [
    ("Anti-Corruption and Integrity", "Anticorrupción e integridad", None),
    ("Anti-corruption Institutions", "Instituciones anticorrupción", "Anti-Corruption and Integrity"),
    ("Anti-Corruption Strategies", "Estrategias anticorrupción", "Anti-Corruption and Integrity"),
    ("Asset Disclosure", "Declaración patrimonial", "Anti-Corruption and Integrity"),
    ("Audits", "Auditorías", "Anti-Corruption and Integrity"),
    ("Beneficial Ownership", "Beneficiarios finales", "Anti-Corruption and Integrity"),
    ("Conflicts Of Interest", "Conflictos de interés", "Anti-Corruption and Integrity"),
    ("Elections", "Elecciones", "Anti-Corruption and Integrity"),
    ("Political Finance", "Financiamiento político", "Anti-Corruption and Integrity"),
    ("Lobbying", "Cabildeo", "Anti-Corruption and Integrity"),
    ("Open Contracting", "Contrataciones abiertas", "Anti-Corruption and Integrity"),
    ("Public Procurement", "Compras públicas", "Anti-Corruption and Integrity"),
    ("Right To Information", "Derecho a la información", "Anti-Corruption and Integrity"),
    ("Whistleblower Protections", "Protección de denunciantes", "Anti-Corruption and Integrity"),
    ("Civic Space and Enabling Environment", "Espacio cívico y entorno propicio", None),
    ("Freedom of Assembly", "Libertad de reunión", "Civic Space and Enabling Environment"),
    ("Freedom of Association", "Libertad de asociación", "Civic Space and Enabling Environment"),
    ("Freedom of Expression", "Libertad de expresión", "Civic Space and Enabling Environment"),
    ("Democratizing Decision-Making", "Democratización de la toma de decisiones", None),
    ("Digital Participation", "Participación digital", "Democratizing Decision-Making"),
    ("Mainstreaming Participation", "Participación transversal", "Democratizing Decision-Making"),
    ("Regulatory Governance", "Gobernanza regulatoria", "Democratizing Decision-Making"),
    ("Social Accountability", "Rendición de cuentas social", "Democratizing Decision-Making"),
    ("Digital Governance", "Gobernanza digital", None),
    ("Automated Decision-making", "Decisiones automatizadas", "Digital Governance"),
    ("Data Stewardship and Privacy", "Gestión de datos y privacidad", "Digital Governance"),
    ("Digital Inclusion", "Inclusión digital", "Digital Governance"),
    ("Disinformation/Misinformation", "Desinformación", "Digital Governance"),
    ("Online Civic Space", "Espacio cívico en línea", "Digital Governance"),
    ("Environment & Climate", "Medio ambiente y clima", None),
    ("Climate Finance", "Financiamiento climático", "Environment & Climate"),
    (
        "Climate Mitigation and Adaptation",
        "Mitigación y adaptación al cambio climático",
        "Environment & Climate",
    ),
    ("Environmental Regulation", "Regulación ambiental", "Environment & Climate"),
    (
        "International Environmental Agreements",
        "Acuerdos ambientales internacionales",
        "Environment & Climate",
    ),
    ("Fiscal Openness", "Apertura fiscal", None),
    (
        "Publication Of Budget/Fiscal Information",
        "Publicación de información presupuestaria y fiscal",
        "Fiscal Openness",
    ),
    (
        "Public Participation In Budget/Fiscal Policy",
        "Participación pública en la política presupuestaria y fiscal",
        "Fiscal Openness",
    ),
    (
        "Oversight Of Budget/Fiscal Policies",
        "Supervisión de las políticas presupuestarias y fiscales",
        "Fiscal Openness",
    ),
    ("Stimulus and Economic Recovery", "Estímulo y recuperación económica", "Fiscal Openness"),
    ("Tax", "Impuestos", "Fiscal Openness"),
    ("Debt", "Deuda", "Fiscal Openness"),
    ("Inclusion", "Inclusión", None),
    ("Gender", "Género", "Inclusion"),
    ("Gender-Based Violence", "Violencia de género", "Inclusion"),
    ("Economic Inclusion", "Inclusión económica", "Inclusion"),
    ("LGBTQIA+", "LGBTQIA+", "Inclusion"),
    ("People with Disabilities", "Personas con discapacidad", "Inclusion"),
    ("Youth", "Juventud", "Inclusion"),
    ("Justice", "Justicia", None),
    ("Access to Justice", "Acceso a la justicia", "Justice"),
    ("Open Justice", "Justicia abierta", "Justice"),
    ("Policing & Corrections", "Policía y sistema penitenciario", "Justice"),
    ("Judiciary", "Poder judicial", "Justice"),
    ("Open Parliaments", "Parlamentos abiertos", None),
    ("Public Service Delivery", "Prestación de servicios públicos", None),
    ("Citizenship & Immigration", "Ciudadanía e inmigración", "Public Service Delivery"),
    ("Education", "Educación", "Public Service Delivery"),
    ("Health & Nutrition", "Salud y nutrición", "Public Service Delivery"),
    ("Infrastructure & Transport", "Infraestructura y transporte", "Public Service Delivery"),
    ("Water & Sanitation", "Agua y saneamiento", "Public Service Delivery"),
    ("Capacity Building", "Fortalecimiento de capacidades", None),
    ("Digital Transformation", "Transformación digital", None),
    ("Legislation", "Legislación", None),
    ("Regulation", "Regulación", None),
    ("Legislative Oversight", "Supervisión legislativa", None),
    ("Open Data", "Datos abiertos", None),
    ("Public Participation", "Participación pública", None),
    ("Aid", "Ayuda al desarrollo", None),
    ("Energy", "Energía", None),
    ("Extractive Industries", "Industrias extractivas", None),
    ("Land and Spatial Planning", "Tierra y ordenamiento territorial", None),
    ("Media & Telecommunications", "Medios y telecomunicaciones", None),
    ("Science & Technology", "Ciencia y tecnología", None),
    ("Security & Public Safety", "Seguridad pública", None),
    ("Labor", "Trabajo", None),
    ("Private Sector", "Sector privado", None),
    ("Subnational", "Subnacional", None),
    ("Human Rights", "Derechos humanos", None),
    ("Open Parliament Plan", "Plan de parlamento abierto", None),
    ("Sustainable Development Goals", "Objetivos de Desarrollo Sostenible", None),
    ("Open Data (Water/Sanitation)", "Datos abiertos (agua y saneamiento)", None),
    ("Open Data (Health)", "Datos abiertos (salud)", None),
    ("Open Data (Education)", "Datos abiertos (educación)", None),
    ("Participation in Lawmaking", "Participación en la elaboración de leyes", None),
    ("Access to information", "Acceso a la información", None),
    ("Money in Politics", "Dinero en la política", None),
]

SPANISH_NAMES = {name: es for name, es, _parent in POLICY_AREAS}
PARENTS = {name: parent for name, _es, parent in POLICY_AREAS}

# OGP's regions, with their translations. Stored as OGP writes them; shown translated.
REGIONS = {
    "Africa and the Middle East": _("Africa and the Middle East"),
    "Americas": _("Americas"),
    "Asia and the Pacific": _("Asia and the Pacific"),
    "Europe": _("Europe"),
}


def region_label(region: str) -> str:
    """The region's name in the active language; an unknown region as OGP wrote it."""
    return str(REGIONS.get(region, region))
