from django.apps import AppConfig


class DevdataConfig(AppConfig):
    """Demo data, synthetic data and benchmarks: installed in development and tests only."""

    name = "devdata"
    verbose_name = "Development data"
