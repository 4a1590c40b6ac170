"""OGP's "Commitment Data" export, both ways: one column schema, the importer and the export rows."""
