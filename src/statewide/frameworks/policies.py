"""Who may do what with frameworks. Framework content is public; content editors and operators edit."""

from __future__ import annotations

from statewide.accounts.policies import EVERYONE, NOBODY, Policy
from statewide.accounts.principal import Principal
from statewide.frameworks.models import Framework, FrameworkVersion


def _editors(p: Principal):  # type: ignore[no-untyped-def]
    return EVERYONE if (p.is_content_editor or p.is_operator) else NOBODY


framework_policy: Policy[Framework] = Policy(
    Framework,
    {
        "view": lambda p: EVERYONE,
        # Draft edits, publishing new versions and importing CASE packages.
        "edit": _editors,
        "publish": _editors,
        "import": _editors,
    },
)

framework_version_policy: Policy[FrameworkVersion] = Policy(FrameworkVersion, {"view": lambda p: EVERYONE})


def can_edit_frameworks(user: object) -> bool:
    from statewide.accounts.principal import principal_of  # noqa: PLC0415

    p = principal_of(user)
    return p.is_content_editor or p.is_operator
