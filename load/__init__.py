"""`make load`: the load and fault test of the real stack (a benchmark, never a test)."""
