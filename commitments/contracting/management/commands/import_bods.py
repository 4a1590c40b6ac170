from commitments.contracting.commands import ImportCommand
from commitments.contracting.owners import import_bods


class Command(ImportCommand):
    help = (
        "Import Beneficial Ownership Data Standard statements (0.4; 0.2 and 0.3 too): entities, "
        "persons, ownership-or-control, kept exactly as published. Exits 1 and writes nothing on "
        "an invalid file unless --skip-invalid."
    )
    importer = staticmethod(import_bods)
