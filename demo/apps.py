from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo seeder, last in the app order: it writes every app's demo rows through their services, and no app
    imports it."""

    name = "demo"
