"""Feedback cases the implementer must answer (DoZorro-like): filed, acknowledged, answered, rated, escalated, closed."""
