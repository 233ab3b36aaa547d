from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "statewide.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from statewide.accounts import signals  # noqa: F401, PLC0415  (connects sign-in auditing)
