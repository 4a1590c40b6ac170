"""The peers demo: Contracting 5, its members and partners, three practices linked to sample
commitments (one in English and Spanish), and the peer accounts. Safe to run again."""

from __future__ import annotations

from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model

from commitments.models import CommitmentPage, MemberPage, PolicyArea
from commitments.services import organisation_get_or_create
from peers import services
from peers.models import (
    NetworkPage,
    NetworkWorkstream,
    OcdsStage,
    PeersIndexPage,
    PracticeCommitment,
    PracticeLibraryPage,
    PracticePage,
)
from tracker.models import HomePage, Membership, Sector

CHARTER = (
    "<p>Contracting 5 is a peer-learning network of governments that publish their public "
    "contracting as open data and use it. Members share what worked, candidly, and help each other "
    "with the technical work.</p><p>Two kinds of work: technical cooperation, and candid policy "
    "discussion among governments.</p>"
)
WORKSTREAMS = [
    (
        "OCDS implementation",
        "Publishing every stage of public contracting in the Open Contracting Data Standard.",
    ),
    ("Open-source tools", "Sharing the tools members build, so that nobody builds them twice."),
    ("Use cases", "Showing how the data is used: by buyers, suppliers, monitors and journalists."),
    ("Documenting lessons", "Writing down what worked and what did not, with the evidence."),
    ("User needs", "Asking the people who use the data what they need from it."),
]
# OGP members in the sample (Mexico's national government is not in it: it takes part as an
# organisation).
OGP_MEMBERS = [("ARG", "founding_member"), ("COL", "founding_member"), ("FRA", "founding_member")]
OGP_MEMBERS += [("GBR", "founding_member"), ("UKR", "founding_member")]
ORGANISATIONS = [
    ("Government of Mexico", Sector.GOVERNMENT, "MX", "founding_member"),
    ("Open Government Partnership", Sector.MULTILATERAL, "", "ex_officio"),
    ("World Bank", Sector.MULTILATERAL, "", "ex_officio"),
    ("European Bank for Reconstruction and Development", Sector.MULTILATERAL, "", "ex_officio"),
    ("Open Data Charter", Sector.CIVIL_SOCIETY, "", "ex_officio"),
    ("Open Contracting Partnership", Sector.CIVIL_SOCIETY, "", "supporter"),
    ("OECD", Sector.MULTILATERAL, "", "supporter"),
]
# (username, password, organisation, sector, country, role in the network)
PEOPLE = [
    ("peer", "demo-peer-2026", "Oficina Nacional de Contrataciones", Sector.GOVERNMENT, "AR", "member"),
    ("peer-editor", "demo-peer-editor-2026", "Colombia Compra Eficiente", Sector.GOVERNMENT, "CO", "editor"),
    (
        "peer-admin",
        "demo-peer-admin-2026",
        "Open Contracting Partnership",
        Sector.CIVIL_SOCIETY,
        "",
        "administrator",
    ),
]

PRACTICES = [
    {
        "slug": "open-contracting-data-for-every-contract",
        "title": "Open contracting data for every public contract",
        "language": "en",
        "in_network": True,
        "summary": "Publish every stage of every public contract as open data, in OCDS, from the e-procurement system itself.",
        "context": "Procurement data was published as PDFs on many ministry sites, late and incomplete.",
        "problem": "Nobody could follow a contract from plan to payment, or compare prices across buyers.",
        "what_was_done": "The e-procurement system publishes OCDS for planning, tender, award, contract and implementation; a public portal and an API serve it; civil society monitors with it.",
        "results": "All central government contracts published within a day; monitors raised hundreds of cases; average number of bidders rose.",
        "evidence_url": "https://www.open-contracting.org/impact-stories/",
        "lessons": "Publish from the transactional system, not by hand; involve users from the start.",
        "cost": "About USD 1.5 million over three years",
        "duration": "Three years",
        "contact": "Contracting 5 secretariat",
        "areas": ["Open Contracting", "Public Procurement"],
        "stages": ["planning", "tender", "award", "contract", "implementation"],
        "countries": ["UA", "GB"],
        "commitments": ["UK0098", "UA0087", "MW0006"],
    },
    {
        "slug": "datos-abiertos-de-contratacion-para-cada-contrato",
        "title": "Datos abiertos de contratación para cada contrato público",
        "language": "es",
        "in_network": True,
        "translation_of": "open-contracting-data-for-every-contract",
        "summary": "Publicar cada etapa de cada contrato público como datos abiertos, en OCDS, desde el propio sistema de compras electrónicas.",
        "context": "Los datos de compras se publicaban en PDF en muchos sitios de ministerios, tarde e incompletos.",
        "problem": "Nadie podía seguir un contrato desde el plan hasta el pago, ni comparar precios entre compradores.",
        "what_was_done": "El sistema de compras electrónicas publica OCDS en planificación, licitación, adjudicación, contrato e implementación; un portal público y una API lo sirven; la sociedad civil lo usa para monitorear.",
        "results": "Todos los contratos del gobierno central publicados en un día; los monitores abrieron cientos de casos; creció el número medio de oferentes.",
        "evidence_url": "https://www.open-contracting.org/impact-stories/",
        "lessons": "Publicar desde el sistema transaccional, no a mano; involucrar a quienes usan los datos desde el principio.",
        "cost": "Unos 1,5 millones de USD en tres años",
        "duration": "Tres años",
        "contact": "Secretaría de Contracting 5",
        "areas": ["Open Contracting", "Public Procurement"],
        "stages": ["planning", "tender", "award", "contract", "implementation"],
        "countries": ["UA", "GB"],
        "commitments": ["UK0098", "UA0087", "MW0006"],
    },
    {
        "slug": "asset-declarations-online",
        "title": "Officials' asset declarations online and checked",
        "language": "en",
        "in_network": True,
        "summary": "An online register of officials' asset declarations, open to the public and checked automatically.",
        "problem": "Paper declarations were never checked and could not be searched.",
        "what_was_done": "A searchable online register, with automatic checks against other registers.",
        "results": "Over a million declarations public; checks flag inconsistencies for investigators.",
        "lessons": "Publish the data in bulk as well as on screen.",
        "areas": ["Asset Disclosure"],
        "stages": [],
        "countries": ["UA"],
        "commitments": ["UA0013"],
    },
    {
        "slug": "open-data-from-local-authorities",
        "title": "Open data from regional and local authorities",
        "language": "en",
        "in_network": False,
        "summary": "Local authorities publish their key data sets by default, on one national portal.",
        "what_was_done": "A law made publication the default; a national portal and shared tools help small authorities.",
        "results": "Hundreds of authorities publish; the congress opened its own data.",
        "areas": [],
        "stages": ["planning"],
        "countries": ["FR", "AR"],
        "commitments": ["FR0001", "AR0045"],
    },
]


def _child(parent, model, slug: str, **values):
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = parent.add_child(instance=model(slug=slug, **values))
    return page


def _user(username: str, password: str):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, email=f"{username}@demo.opencommitments.org")
        user.set_password(password)
        user.full_clean()
        user.save()
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _practice(parent, spec: dict) -> PracticePage:
    existing = PracticePage.objects.filter(slug=spec["slug"]).first()
    if existing:
        return existing
    original = PracticePage.objects.filter(slug=spec.get("translation_of", "")).first()
    fields = ("summary", "context", "problem", "what_was_done", "results", "evidence_url", "lessons")
    fields += ("cost", "duration", "contact")
    practice = PracticePage(
        title=spec["title"],
        slug=spec["slug"],
        language=spec["language"],
        countries=spec["countries"],
        translation_of=original,
        **{name: spec[name] for name in fields if name in spec},
    )
    practice.policy_areas = list(PolicyArea.objects.filter(name__in=spec["areas"]))
    practice.ocds_stages = list(OcdsStage.objects.filter(code__in=spec["stages"]))
    commitments = CommitmentPage.objects.filter(ogp_id__in=spec["commitments"]).order_by("ogp_id")
    practice.commitment_links = [PracticeCommitment(commitment=c) for c in commitments]
    parent.add_child(instance=practice)
    practice.save_revision().publish()
    return practice


def seed_demo_peers(*, log=print) -> None:
    home = HomePage.objects.get()
    index = _child(home, PeersIndexPage, "peers", title="Peers")
    network = _child(
        index,
        NetworkPage,
        "contracting-5",
        title="Contracting 5",
        summary="Governments that publish and use open contracting data, learning from each other.",
        charter=CHARTER,
    )
    if not network.workstreams.exists():
        for position, (title, description) in enumerate(WORKSTREAMS):
            NetworkWorkstream.objects.create(
                network=network, title=title, description=description, sort_order=position
            )
    library = _child(index, PracticeLibraryPage, "practices", title="Practices")
    services.network_groups_ensure(network)
    for code, role in OGP_MEMBERS:
        member = MemberPage.objects.filter(code=code).first()
        if member:
            services.network_member_add(network=network, role=role, added_by=None, ogp_member=member)
    for name, sector, country, role in ORGANISATIONS:
        organisation, _created = organisation_get_or_create(name=name, sector=sector, country=country)
        services.network_member_add(network=network, role=role, added_by=None, organisation=organisation)
    for username, password, organisation_name, sector, country, role in PEOPLE:
        user = _user(username, password)
        organisation, _created = organisation_get_or_create(
            name=organisation_name, sector=sector, country=country
        )
        Membership.objects.get_or_create(user=user, organisation=organisation)
        services.network_person_add(
            network=network, user=user, organisation=organisation, role=role, added_by=None
        )
    for spec in PRACTICES:
        _practice(network if spec["in_network"] else library, spec)
    log(
        f"peers: {network.title} with {network.members.count()} members, {PracticePage.objects.count()} practices"
    )
