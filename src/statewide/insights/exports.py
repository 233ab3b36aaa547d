"""Rows of the insights exports (written by core.tabular) and the API, from the one protected dataset:
a hidden count is the word "Hidden" (CSV/XLSX) or `{"count": null, "suppressed": true}` (JSON)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from statewide.insights.figures import Dataset, equity_rows, locales
from statewide.insights.indicators import PROGRESS_KEYS, progress_labels
from statewide.places.models import NCES_LOCALES, STUDENT_GROUPS

LOCALE_LABELS = {"all": _("All locales"), "city": _("City"), "suburb": _("Suburb"), "town": _("Town"), "rural": _("Rural"),
                 "unknown": _("Locale unknown"), **NCES_LOCALES}  # fmt: skip


def locale_label(key: str) -> str:
    return str(LOCALE_LABELS.get(key, key))


def enrollment_table(ds: Dataset) -> list[list[Any]]:
    """The state's students by locale (rows) and group (columns), as shown."""
    header = [_("School year"), _("Locale"), *(str(label) for label in STUDENT_GROUPS.values())]
    rows: list[list[Any]] = [header]
    for loc in locales():
        rows.append([ds.school_year, locale_label(loc), *(_shown(ds.cell("state", loc, g)) for g in STUDENT_GROUPS)])
    return rows


def equity_table(datasets: list[Dataset], locale: str = "all") -> list[list[Any]]:
    header = [_("School year"), _("Locale"), _("Student group"), _("Participating districts: students"), _("Participating districts: share"),
              _("Whole state: students"), _("Whole state: share"), _("Representation ratio"), _("Gap (percentage points)")]  # fmt: skip
    rows: list[list[Any]] = [header]
    for ds in datasets:
        for r in equity_rows(ds, locale):
            rows.append([ds.school_year, locale_label(locale), r.label, _shown(r.part), r.part_share.text, _shown(r.state), r.state_share.text,
                         "" if r.ratio is None else r.ratio, "" if r.gap is None else r.gap])  # fmt: skip
    return rows


def _shown(cell: Any) -> Any:
    return cell.count if cell.count is not None else cell.text


def enrollment_json(ds: Dataset) -> dict[str, Any]:
    return {
        "state": ds.usps,
        "school_year": ds.school_year,
        "minimum_n": ds.protected.minimum_n,
        "districts": ds.districts,
        "locale_note": str(_("Each district's locale is derived from its open schools' NCES locale codes (the most common one).")),
        "by_group": [
            {"group": g, "label": str(label), **ds.cell("state", "all", g).as_json(), "share": ds.share("state", "all", g).as_json()}
            for g, label in STUDENT_GROUPS.items()
        ],
        "by_locale": [
            {"locale": loc, "label": locale_label(loc), "groups": {g: ds.cell("state", loc, g).as_json() for g in STUDENT_GROUPS}} for loc in locales()
        ],
    }


def equity_json(ds: Dataset, locale: str = "all") -> dict[str, Any]:
    return {
        "state": ds.usps,
        "school_year": ds.school_year,
        "locale": locale,
        "minimum_n": ds.protected.minimum_n,
        "participating_districts": ds.participants,
        "groups": [
            {
                "group": r.group,
                "label": r.label,
                "participating": r.part.as_json(),
                "participating_share": r.part_share.as_json(),
                "state": r.state.as_json(),
                "state_share": r.state_share.as_json(),
                "representation_ratio": r.ratio,
                "gap_points": r.gap,
            }
            for r in equity_rows(ds, locale)
        ],
    }


COMPARISON_GROUPS = ("economically_disadvantaged", "english_learners", "students_with_disabilities", "hispanic", "black", "white")


def comparison_table(me: Any, similar: list[Any]) -> list[list[Any]]:
    """The participating district first, then its comparison districts: students and group shares, as shown."""
    header = [_("District"), _("NCES LEAID"), _("Locale (derived)"), _("Students"), *(str(STUDENT_GROUPS[g]) for g in COMPARISON_GROUPS), _("Distance")]
    rows: list[list[Any]] = [header]
    for i, d in enumerate([me, *similar]):
        rows.append([d.name, d.leaid, d.locale_label, d.cell("all_students").text, *(d.share(g).text for g in COMPARISON_GROUPS),
                     _("participating") if i == 0 else f"{d.distance:.2f}"])  # fmt: skip
    return rows


def indicator_table(districts: list[Any], indicators: dict[int, Any]) -> list[list[Any]]:
    """The same districts' indicators from every module, as shown (a hidden count is "Hidden", an unknown "Not reported")."""
    labels = progress_labels()
    header = [_("District"), _("NCES LEAID"), _("Readiness tier (latest)"), _("Network memberships"), _("Educators"),
              _("Educators holding a micro-credential"), _("Share holding one"),
              *(_("Program indicators: %(progress)s") % {"progress": labels[k].lower()} for k in PROGRESS_KEYS)]  # fmt: skip
    rows: list[list[Any]] = [header]
    for d in districts:
        ind = indicators[d.district_id]
        rows.append([d.name, d.leaid, ind.tier_text, ind.networks, _shown(ind.educators), _shown(ind.holders), ind.holder_share.text,
                     *(ind.program_text(k) for k in PROGRESS_KEYS)])  # fmt: skip
    return rows


def comparison_notes(minimum_n: int) -> list[list[Any]]:
    """What the marks in a comparison export mean (the last block of the CSV, a sheet of the XLSX)."""
    return [
        [_("Notes")],
        [_("Hidden: a count of fewer than %(n)d people, or one that would reveal such a count by subtraction, is not shown.") % {"n": minimum_n}],
        [_("Not reported: the source has no figure for this district (unknown, not zero).")],
        [_("Not in a program: the district takes part in no public innovation program, so it has no program indicators.")],
    ]


def indicators_json(ind: Any) -> dict[str, Any]:
    return {
        "readiness_tier": {"code": ind.tier_code, "name": ind.tier_name} if ind.tier_code else None,
        "network_memberships": ind.networks,
        "educators": ind.educators.as_json(),
        "educators_with_micro_credential": ind.holders.as_json(),
        "share_with_micro_credential": ind.holder_share.as_json(),
        "program_indicators": None if ind.programs is None else {k: ind.programs[k] for k in PROGRESS_KEYS},
    }


@dataclass(frozen=True)
class ComparisonTables:
    """The comparison as every output shows it (the page, CSV, XLSX): the enrollment make-up and the indicators,
    each with its header row first, and the notes on what the marks mean."""

    students: list[list[Any]]
    indicators: list[list[Any]]
    minimum_n: int

    def sheets(self) -> list[tuple[str, list[list[Any]]]]:
        return [(_("Students"), self.students), (_("Indicators"), self.indicators), (_("Notes"), comparison_notes(self.minimum_n))]

    def csv_rows(self) -> list[list[Any]]:
        return [[_("Students")], *self.students, [], [_("Indicators")], *self.indicators, [], *comparison_notes(self.minimum_n)]


def comparison_tables(me: Any, similar: list[Any], indicators: dict[int, Any]) -> ComparisonTables:
    districts = [me, *similar]
    return ComparisonTables(comparison_table(me, similar), indicator_table(districts, indicators), me.protected.minimum_n)
