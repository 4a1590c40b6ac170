from commitments.contracting.commands import ImportCommand
from commitments.contracting.importing import import_ocds


class Command(ImportCommand):
    help = (
        "Import OCDS 1.1 data (a release package, a record package, or JSON Lines of either): "
        "validates every release, merges each process's releases into its compiled release and "
        "keeps its history. Exits 1 and writes nothing on an invalid file unless --skip-invalid."
    )
    importer = staticmethod(import_ocds)
