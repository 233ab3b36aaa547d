from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from statewide.core.models import PublicIdModel


class JurisdictionKind(models.TextChoices):
    STATE = "state", _("State")
    FEDERAL_DISTRICT = "federal_district", _("Federal district")
    TERRITORY = "territory", _("Territory")


class Jurisdiction(models.Model):
    """A state, DC or a territory. Public key: the USPS code."""

    usps = models.CharField(_("USPS code"), max_length=2, unique=True)
    fips = models.CharField(_("FIPS code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=JurisdictionKind.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def ocd_id(self) -> str:
        """Open Civic Data division id, the key other civic-data tools use."""
        if self.usps == "DC":
            return "ocd-division/country:us/district:dc"
        kind = "territory" if self.kind == JurisdictionKind.TERRITORY else "state"
        return f"ocd-division/country:us/{kind}:{self.usps.lower()}"


class OrganisationKind(models.TextChoices):
    STATE_AGENCY = "sea", _("State education agency")
    DISTRICT = "district", _("District (local education agency)")
    PARTNER = "partner", _("Partner organization")


class Organisation(PublicIdModel):
    """An organisation people belong to. Districts carry the NCES Common Core of Data fields."""

    kind = models.CharField(_("kind"), max_length=10, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=200)
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, null=True, blank=True, related_name="organisations", verbose_name=_("jurisdiction")
    )
    website = models.URLField(_("website"), blank=True)
    # NCES CCD local education agency directory fields (districts only).
    nces_leaid = models.CharField(_("NCES LEAID"), max_length=7, unique=True, null=True, blank=True)
    state_agency_id = models.CharField(_("state's own id"), max_length=20, blank=True)
    agency_type = models.PositiveSmallIntegerField(_("CCD agency type"), null=True, blank=True)
    locale_code = models.CharField(_("NCES locale code"), max_length=2, blank=True)
    # Where the locale came from: the directory's own column, or derived from the schools (places.locale).
    locale_source = models.CharField(_("locale source"), max_length=10, blank=True, default="")
    school_count = models.PositiveIntegerField(_("open schools"), null=True, blank=True)
    county_fips = models.CharField(_("county FIPS"), max_length=5, blank=True)
    county_name = models.CharField(_("county"), max_length=80, blank=True)
    street = models.CharField(_("street"), max_length=120, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    zip_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    grade_low = models.CharField(_("lowest grade"), max_length=2, blank=True)
    grade_high = models.CharField(_("highest grade"), max_length=2, blank=True)
    boundary_status = models.PositiveSmallIntegerField(_("CCD boundary status"), null=True, blank=True)
    ccd_survey_year = models.PositiveSmallIntegerField(_("CCD survey year"), null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["kind", "jurisdiction", "name"], name="org_kind_state_name"),
            models.Index(fields=["name"], name="org_name"),
            models.Index(fields=["locale_code"], name="org_locale"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction"], condition=models.Q(kind="sea"), name="one_sea_per_jurisdiction"),
            models.CheckConstraint(condition=models.Q(kind="partner") | models.Q(jurisdiction__isnull=False), name="sea_and_district_have_jurisdiction"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def grade_span(self) -> str:
        if not self.grade_low or not self.grade_high:
            return ""
        return f"{self.grade_low}–{self.grade_high}"

    @property
    def agency_type_label(self) -> str:
        return str(CCD_AGENCY_TYPES.get(self.agency_type or 0, ""))

    @property
    def locale_label(self) -> str:
        return str(NCES_LOCALES.get(self.locale_code, ""))

    @property
    def locale_is_derived(self) -> bool:
        return self.locale_source == "derived"


# NCES CCD agency type codes (TYPE), from the LEA directory file layout.
CCD_AGENCY_TYPES = {
    1: _("Regular local school district"),
    2: _("Component of a supervisory union"),
    3: _("Supervisory union"),
    4: _("Regional education service agency"),
    5: _("State-operated agency"),
    6: _("Federally operated agency"),
    7: _("Independent charter agency"),
    8: _("Other education agency"),
}

# NCES urban-centric locale codes (ULOCAL).
NCES_LOCALES = {
    "11": _("City: large"),
    "12": _("City: midsize"),
    "13": _("City: small"),
    "21": _("Suburb: large"),
    "22": _("Suburb: midsize"),
    "23": _("Suburb: small"),
    "31": _("Town: fringe"),
    "32": _("Town: distant"),
    "33": _("Town: remote"),
    "41": _("Rural: fringe"),
    "42": _("Rural: distant"),
    "43": _("Rural: remote"),
}


class LocaleSource(models.TextChoices):
    NONE = "", _("Not reported")
    REPORTED = "reported", _("Reported in the district directory")
    DERIVED = "derived", _("Derived from the district's schools")


# NCES CCD school status codes (STATUS) that mean the school operates this year.
OPEN_SCHOOL_STATUSES = frozenset({1, 3, 4, 5, 8})

# NCES CCD school type codes (TYPE).
CCD_SCHOOL_TYPES = {
    1: _("Regular school"),
    2: _("Special education school"),
    3: _("Vocational school"),
    4: _("Alternative or other school"),
    5: _("Reportable program"),
}


class School(models.Model):
    """A public school from the NCES CCD school directory. Public key: the 12-digit NCESSCH."""

    nces_id = models.CharField(_("NCES school id"), max_length=12, unique=True)
    district = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="schools", verbose_name=_("district"))
    name = models.CharField(_("name"), max_length=200)
    state_school_id = models.CharField(_("state's own id"), max_length=20, blank=True)
    school_type = models.PositiveSmallIntegerField(_("CCD school type"), null=True, blank=True)
    status = models.PositiveSmallIntegerField(_("CCD status"), null=True, blank=True)
    is_charter = models.BooleanField(_("charter school"), default=False)
    locale_code = models.CharField(_("NCES locale code"), max_length=2, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    zip_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    county_name = models.CharField(_("county"), max_length=80, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    grade_low = models.CharField(_("lowest grade"), max_length=2, blank=True)
    grade_high = models.CharField(_("highest grade"), max_length=2, blank=True)
    ccd_survey_year = models.PositiveSmallIntegerField(_("CCD survey year"), null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["district", "name"], name="school_district_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_SCHOOL_STATUSES

    @property
    def locale_label(self) -> str:
        return str(NCES_LOCALES.get(self.locale_code, ""))

    @property
    def school_type_label(self) -> str:
        return str(CCD_SCHOOL_TYPES.get(self.school_type or 0, ""))


# The student groups of district enrollment, in the order outputs list them (docs/insights.md).
RACE_GROUPS = {
    "hispanic": _("Hispanic or Latino"),
    "american_indian": _("American Indian or Alaska Native"),
    "asian": _("Asian"),
    "black": _("Black or African American"),
    "pacific_islander": _("Native Hawaiian or Other Pacific Islander"),
    "white": _("White"),
    "two_or_more": _("Two or more races"),
}
PROGRAM_GROUPS = {
    "economically_disadvantaged": _("Economically disadvantaged"),
    "english_learners": _("English learners"),
    "students_with_disabilities": _("Students with disabilities"),
}
SEX_GROUPS = {"female": _("Female"), "male": _("Male")}
STUDENT_GROUPS = {"all_students": _("All students"), **RACE_GROUPS, **PROGRAM_GROUPS, **SEX_GROUPS}


class DistrictEnrollment(models.Model):
    """A district's students by group in one school year. Sex is NULL when the source does not report it
    (never zero). Race groups add up to all students; each other group is at most all students."""

    district = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="enrollments", verbose_name=_("district"))
    school_year = models.CharField(_("school year"), max_length=7)  # "2013-14"
    all_students = models.PositiveIntegerField(_("all students"))
    hispanic = models.PositiveIntegerField(_("Hispanic or Latino"))
    american_indian = models.PositiveIntegerField(_("American Indian or Alaska Native"))
    asian = models.PositiveIntegerField(_("Asian"))
    black = models.PositiveIntegerField(_("Black or African American"))
    pacific_islander = models.PositiveIntegerField(_("Native Hawaiian or Other Pacific Islander"))
    white = models.PositiveIntegerField(_("White"))
    two_or_more = models.PositiveIntegerField(_("two or more races"))
    economically_disadvantaged = models.PositiveIntegerField(_("economically disadvantaged"))
    english_learners = models.PositiveIntegerField(_("English learners"))
    students_with_disabilities = models.PositiveIntegerField(_("students with disabilities"))
    female = models.PositiveIntegerField(_("female"), null=True, blank=True)
    male = models.PositiveIntegerField(_("male"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        ordering = ["district", "school_year"]
        indexes = [models.Index(fields=["school_year", "district"], name="enrollment_year_district")]
        constraints = [
            models.UniqueConstraint(fields=["district", "school_year"], name="enrollment_once_per_year"),
            models.CheckConstraint(condition=models.Q(economically_disadvantaged__lte=models.F("all_students")), name="enrollment_econ_within_all"),
        ]

    def __str__(self) -> str:
        return f"{self.district_id} {self.school_year}: {self.all_students}"


class StateDisclosure(models.Model):
    """A state's minimum number of students for a count to be shown (statewide.core.disclosure)."""

    jurisdiction = models.OneToOneField(Jurisdiction, on_delete=models.CASCADE, related_name="disclosure", verbose_name=_("state"))
    minimum_n = models.PositiveSmallIntegerField(_("minimum number of students shown"))

    def __str__(self) -> str:
        return f"{self.jurisdiction_id}: n={self.minimum_n}"
