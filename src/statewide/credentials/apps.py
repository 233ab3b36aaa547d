from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "statewide.credentials"
    label = "credentials"
    verbose_name = "Educator micro-credentials"

    def ready(self) -> None:
        from statewide.credentials.receivers import program_status_changed as on_program_status_changed  # noqa: PLC0415
        from statewide.programs.signals import program_status_changed  # noqa: PLC0415

        program_status_changed.connect(on_program_status_changed, dispatch_uid="credentials.program_status")

        from statewide.credentials.profile import credentials_section  # noqa: PLC0415
        from statewide.places.profile import register_district_section  # noqa: PLC0415

        register_district_section("credentials", credentials_section, order=20)
