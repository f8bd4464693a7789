from django.apps import AppConfig


class FactbaseConfig(AppConfig):
    name = "factbase"
    verbose_name = "factbase"

    def ready(self) -> None:
        from factbase import checks  # noqa: F401  (registers the system checks)
