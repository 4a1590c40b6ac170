"""Civil-society scores: organisations' own assessments of commitments, on the IRM's scales."""
