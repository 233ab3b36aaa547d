from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "statewide.programs"
    label = "programs"
    verbose_name = "District innovation programs"

    def ready(self) -> None:
        from statewide.places.profile import register_district_section  # noqa: PLC0415
        from statewide.programs.profile import programs_section  # noqa: PLC0415

        register_district_section("programs", programs_section, order=10)
