"""Who may do what with frameworks. Framework content is public; content editors and operators edit."""

from __future__ import annotations

from statewide.core.permissions import EVERYONE, Policy, editors, editors_anywhere
from statewide.frameworks.models import Framework, FrameworkVersion

framework_policy: Policy[Framework] = Policy(
    Framework,
    {
        "view": lambda p: EVERYONE,
        # Draft edits, publishing new versions and importing CASE packages.
        "edit": editors,
        "publish": editors,
        "import": editors,
    },
    # New frameworks (CASE imports, content packs): content editors and operators.
    create=editors_anywhere,
)

framework_version_policy: Policy[FrameworkVersion] = Policy(FrameworkVersion, {"view": lambda p: EVERYONE})
