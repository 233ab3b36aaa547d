from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "statewide.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from statewide.accounts import signals, throttles  # noqa: F401, PLC0415  (sign-in auditing, the per-address failure count)
        from statewide.accounts.principal import resolve_principal  # noqa: PLC0415
        from statewide.core.permissions import register_principal_resolver  # noqa: PLC0415

        register_principal_resolver(resolve_principal)
