"""Demo data, synthetic OGP-shaped records and the benchmarks (dev and test settings only)."""
