"""The public explorer: filters, facet counts, the filtered set's summary, and its exports."""
