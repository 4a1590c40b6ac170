"""Reads that matter: page contexts with a fixed number of queries however big the record."""
