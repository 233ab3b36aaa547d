"""The `statewide` command for operators. It wraps Django management commands.

    statewide load-demo                 load framework content and demo data (idempotent)
    statewide import-districts FILE     import an NCES CCD LEA directory file (CSV or tab-separated)
    statewide createadmin               create an operator account
    statewide <any manage.py command>   e.g. statewide migrate, statewide check --deploy

Hyphenated names map to the management commands with underscores.
"""

from __future__ import annotations

import os
import sys

# Commands written for operators, documented in docs/cli.md (a test keeps the two in step).
OPERATOR_COMMANDS = {
    "load-demo": "Load framework content and demo data (idempotent).",
    "load-frameworks": "Load or update the framework content packs and the quiz instruments (idempotent, atomic).",
    "import-case": "Import a 1EdTech CASE 1.0 CFPackage JSON file as a new framework (atomic).",
    "import-districts": "Import an NCES CCD local education agency directory file (atomic; reports bad rows by line).",
    "import-enrollment": "Import district enrollment by student group: our CSV or a TEA TAPR district file (atomic; reports bad rows by line).",
    "generate-national": "Build a synthetic national-scale dataset for load tests (seeded, idempotent).",
    "purge-exports": "Delete the files of background exports older than --days (default 7); run daily.",
    "createadmin": "Create an operator (superuser) account.",
    "worker": "Run queued background work (when TASKS_BACKEND=database).",
    "demo-signins": "Print the demo sign-ins created by load-demo.",
    "load-policies": "Load the policy types and the sourced seed policy records (idempotent).",
    "import-policies": "Import policy records from a CSV or JSON file (statewide-policies/1; atomic).",
    "export-policies": "Export policy records (statewide-policies/1) as CSV or JSON.",
    "send-policy-digests": "Send the policy tracker's e-mail digests (run from cron).",
    "send-credential-reminders": "E-mail assessors about micro-credential evidence due for review (run daily from cron).",
    "rotate-credentials-secret": "Re-encrypt issuers' private keys after CREDENTIALS_KEY_SECRET changes (--old-secret-env VAR).",
    "send-program-reminders": "Queue the innovation programs' deadline reminders (run daily from cron).",
    "backup": "Back up the database and uploads into one verified archive (--verify FILE checks one).",
    "restore": "Restore a backup archive (verified first; a bad archive changes nothing).",
}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "statewide.settings.dev")
    if not args or args[0] in {"-h", "--help", "help"}:
        print(__doc__.strip())
        print("\nOperator commands:")
        for name, text in OPERATOR_COMMANDS.items():
            print(f"  {name:<20} {text}")
        return
    args[0] = args[0].replace("-", "_")
    from django.core.management import execute_from_command_line  # noqa: PLC0415

    execute_from_command_line(["statewide", *args])
