from commitments.contracting.commands import ImportCommand
from commitments.contracting.projects import import_oc4ids


class Command(ImportCommand):
    help = (
        "Import an OC4IDS project package (or JSON Lines): each project's status, budget and its "
        "breakdown, completion and contracting processes. Exits 1 and writes nothing on an "
        "invalid file unless --skip-invalid."
    )
    importer = staticmethod(import_oc4ids)
