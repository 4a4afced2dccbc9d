"""Registry models: the effective-dated organisation tree, people, memberships, posts and the facts that
the engine reads (discipline, absence, conclusions, civil-service results).

Dates are effective dates: a row is in force on day D when `valid_from <= D` and (`valid_to` is null or
`D < valid_to`). Business writes go through `services.py`; these classes hold data and constraints only.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

PATH_SEGMENT = 10  # digits of a unit's id in a materialised path: "0000000001" + "0000000042" + …


def interval_not_empty(name: str) -> models.CheckConstraint:
    """[valid_from, valid_to) holds at least one day (an open end is fine)."""
    return models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")), name=name)


class UnitKind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("Party committee (above grassroots)")
    GRASSROOTS_COMMITTEE = "grassroots_committee", _("Grassroots party committee")
    GRASSROOTS_CELL = "grassroots_cell", _("Grassroots party cell")
    CELL = "cell", _("Party cell under a grassroots committee")
    AGENCY = "agency", _("Agency, locality or public-service unit")
    MASS_ORG = "mass_org", _("Mass organisation")


class Unit(models.Model):
    """A party organisation, agency, locality or mass organisation. Its place in the tree is in UnitLink."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(founded_on__isnull=True)
                | Q(dissolved_on__gt=F("founded_on")),
                name="unit_dissolved_after_founded",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class UnitLink(models.Model):
    """One interval of a unit's position in the tree: its parent and its materialised path meanwhile.

    `path` is the chain of unit ids from the root, each zero-padded to PATH_SEGMENT digits, so a subtree as
    of a date is one indexed range query (path >= P and path < P + 1, digits only: byte order in every
    collation) over the intervals that cover D.
    Re-parenting a unit closes the intervals of its whole subtree and opens new ones (services.unit_move).
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="links", verbose_name=_("unit"))
    parent = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="child_links", verbose_name=_("parent unit")
    )
    path = models.CharField(_("tree path"), max_length=255, db_index=True)
    depth = models.PositiveSmallIntegerField(_("depth"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("position in the tree")
        verbose_name_plural = _("positions in the tree")
        indexes = [models.Index(fields=["path", "valid_from"]), models.Index(fields=["unit", "valid_from"])]
        constraints = [
            interval_not_empty("unitlink_interval_not_empty"),
            models.CheckConstraint(condition=~Q(parent=F("unit")), name="unitlink_not_own_parent"),
            models.UniqueConstraint(fields=["unit", "valid_from"], name="unitlink_one_start_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} ← {self.parent_id} [{self.valid_from}, {self.valid_to or '…'})"


class Sex(models.TextChoices):
    MALE = "male", _("male")
    FEMALE = "female", _("female")


class Person(models.Model):
    """A cadre, civil servant, public employee or party member. Natural key: national ID, else personnel code."""

    national_id = models.CharField(_("national ID"), max_length=20, unique=True, null=True, blank=True)
    personnel_code = models.CharField(_("personnel code"), max_length=32, unique=True, null=True, blank=True)
    full_name = models.CharField(_("full name"), max_length=200, db_index=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(national_id__isnull=False) | Q(personnel_code__isnull=False), name="person_has_natural_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.national_id or self.personnel_code})"


class PartyMembership(models.Model):
    """Party membership of a person: admitted (dự bị), then official (chính thức)."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="party_membership", verbose_name=_("person")
    )
    admitted_on = models.DateField(_("admitted on"))
    official_on = models.DateField(_("official on"), null=True, blank=True)
    card_number = models.CharField(_("party card number"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("party membership")
        verbose_name_plural = _("party memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(official_on__isnull=True) | Q(official_on__gte=F("admitted_on")),
                name="membership_official_after_admitted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.admitted_on}"


class CellKind(models.TextChoices):
    OFFICIAL = "official", _("official membership")
    TEMPORARY = "temporary", _("temporary activity")


class CellMembership(models.Model):
    """Which party cell a member belongs to (official) or is temporarily active in, over time."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="cell_memberships", verbose_name=_("person")
    )
    cell = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="cell_members", verbose_name=_("party cell"))
    kind = models.CharField(_("kind"), max_length=16, choices=CellKind.choices, default=CellKind.OFFICIAL)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("cell membership")
        verbose_name_plural = _("cell memberships")
        indexes = [models.Index(fields=["cell", "valid_from"]), models.Index(fields=["person", "valid_from"])]
        constraints = [
            interval_not_empty("cellmembership_interval_not_empty"),
            models.UniqueConstraint(fields=["person", "kind", "valid_from"], name="cellmembership_one_start"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} ∈ {self.cell_id} ({self.kind}) [{self.valid_from}, {self.valid_to or '…'})"


class MembershipStatusKind(models.TextChoices):
    EXEMPT = "exempt", _("exempt from party work and activities")
    SUSPENDED = "suspended", _("suspended from party activities")


class MembershipStatus(models.Model):
    """An interval in which a member is exempt from activities or suspended."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="membership_statuses", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=MembershipStatusKind.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("membership status")
        verbose_name_plural = _("membership statuses")
        constraints = [
            interval_not_empty("membershipstatus_interval_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.kind} [{self.valid_from}, {self.valid_to or '…'})"


class LeadershipCollective(models.Model):
    """The leadership and management collective of a unit (a standing committee, a department's board)."""

    unit = models.OneToOneField(
        Unit, on_delete=models.CASCADE, related_name="leadership_collective", verbose_name=_("unit")
    )
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        verbose_name = _("leadership collective")
        verbose_name_plural = _("leadership collectives")

    def __str__(self) -> str:
        return self.name


class PostRole(models.TextChoices):
    HEAD = "head", _("head")
    DEPUTY = "deputy", _("deputy")
    MEMBER = "member", _("member")


class Post(models.Model):
    """A post a person holds in a unit over an interval; several posts may run at once."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="posts", verbose_name=_("person"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="posts", verbose_name=_("unit"))
    title = models.CharField(_("title"), max_length=200)
    role = models.CharField(_("role"), max_length=16, choices=PostRole.choices, default=PostRole.MEMBER)
    is_leadership = models.BooleanField(_("leadership or management post"), default=False)
    centrally_managed = models.BooleanField(_("managed by the Politburo/Secretariat"), default=False)
    collective = models.ForeignKey(
        LeadershipCollective,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("member of leadership collective"),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [models.Index(fields=["unit", "role", "valid_from"]), models.Index(fields=["person", "valid_from"])]
        constraints = [
            interval_not_empty("post_interval_not_empty"),
            models.CheckConstraint(condition=~Q(role="head") | Q(is_leadership=True), name="post_head_is_leadership"),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.unit_id}"


class DisciplineForm(models.TextChoices):
    """In order of severity (khiển trách is the mildest)."""

    REPRIMAND = "reprimand", _("reprimand")
    WARNING = "warning", _("warning")
    DEMOTION = "demotion", _("demotion")
    REMOVAL = "removal", _("removal from post")
    DISMISSAL = "dismissal", _("dismissal")
    EXPULSION = "expulsion", _("expulsion")


class DisciplineSystem(models.TextChoices):
    PARTY = "party", _("party discipline")
    ADMINISTRATIVE = "administrative", _("administrative discipline")


class DisciplineRecord(models.Model):
    """A disciplinary measure on a person or on a collective (a unit or its leadership collective)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="discipline", verbose_name=_("person")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="discipline", verbose_name=_("unit")
    )
    on_leadership_collective = models.BooleanField(_("on the unit's leadership collective"), default=False)
    form = models.CharField(_("form"), max_length=16, choices=DisciplineForm.choices)
    system = models.CharField(_("system"), max_length=16, choices=DisciplineSystem.choices)
    effective_on = models.DateField(_("effective on"))
    violation = models.CharField(
        _("violation reference"), max_length=100, help_text=_("The same reference for the same violation.")
    )
    self_detected_remedied = models.BooleanField(_("self-detected and remedied"), default=False)
    public_service = models.BooleanField(_("concerns the person's duties"), default=True)
    counted_in_year = models.PositiveSmallIntegerField(_("already counted in year"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("discipline record")
        verbose_name_plural = _("discipline records")
        indexes = [models.Index(fields=["effective_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, unit__isnull=True) | Q(person__isnull=True, unit__isnull=False),
                name="discipline_on_person_or_unit",
            ),
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | Q(on_leadership_collective=False),
                name="discipline_collective_flag_needs_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.form} ({self.system}) {self.effective_on} — {self.violation}"


class YearAbsence(models.Model):
    """Leave and absence of a person in a year, as the engine reads it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="absences", verbose_name=_("person"))
    year = models.PositiveSmallIntegerField(_("year"))
    sick_months = models.DecimalField(_("sick leave (months)"), max_digits=4, decimal_places=1, default=0)
    other_months = models.DecimalField(_("other absence (months)"), max_digits=4, decimal_places=1, default=0)
    maternity = models.BooleanField(_("maternity leave"), default=False)
    months_worked = models.DecimalField(_("months worked"), max_digits=4, decimal_places=1, default=12)

    class Meta:
        verbose_name = _("absence in a year")
        verbose_name_plural = _("absences")
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="absence_one_per_year"),
            models.CheckConstraint(
                condition=Q(
                    sick_months__gte=0,
                    sick_months__lte=12,
                    other_months__gte=0,
                    other_months__lte=12,
                    months_worked__gte=0,
                    months_worked__lte=12,
                ),
                name="absence_months_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.year}: {self.months_worked} months worked"


class ConclusionKind(models.TextChoices):
    DEGRADATION = "degradation", _("degradation (self-evolution, self-transformation)")
    PROHIBITED_CONDUCT = "prohibited_conduct", _("breach of the things members must not do")
    EXEMPLARY_BREACH = "exemplary_breach", _("breach of the duty to set an example")
    DISUNITY = "disunity", _("internal disunity")
    CORRUPTION_IN_LED_UNIT = "corruption_in_led_unit", _("corruption in a unit under direct leadership")
    CORRUPTION_IN_SUBORDINATE = "corruption_in_subordinate", _("corruption in a subordinate unit")
    CADRE_WORK_WRONGDOING = "cadre_work_wrongdoing", _("wrongdoing in cadre work")
    FACTIONALISM = "factionalism", _("factionalism")
    POST_BUYING = "post_buying", _("buying posts or power")


class Conclusion(models.Model):
    """A competent level's conclusion about a person or a collective, in force from a date."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="conclusions", verbose_name=_("person")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="conclusions", verbose_name=_("unit")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=ConclusionKind.choices)
    concluded_on = models.DateField(_("concluded on"))
    self_detected = models.BooleanField(_("self-detected"), default=False)
    reference = models.CharField(_("reference"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, unit__isnull=True) | Q(person__isnull=True, unit__isnull=False),
                name="conclusion_on_person_or_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.concluded_on}"


class CivilServiceResult(models.Model):
    """A person's state-side classification of a year (before a state rule set exists for that year)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="civil_service_results", verbose_name=_("person")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("level"), max_length=2, choices=[(f"L{i}", f"L{i}") for i in range(1, 5)])
    decided_by = models.CharField(_("decided by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("civil-service result")
        verbose_name_plural = _("civil-service results")
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="civil_service_one_per_year")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.year}: {self.level}"


class RelationKind(models.TextChoices):
    """How `relative` stands to `person`: spouse, parent (the relative is the person's parent), child, sibling."""

    SPOUSE = "spouse", _("spouse")
    PARENT = "parent", _("parent")
    CHILD = "child", _("child")
    SIBLING = "sibling", _("sibling")


class Relative(models.Model):
    """A close relative of a person, where the registry knows it: one row per pair, read in both directions
    (access.duties keeps people out of the reviews of their own and their close relatives)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relatives", verbose_name=_("person"))
    relative = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="relative_of", verbose_name=_("relative")
    )
    kind = models.CharField(_("relation"), max_length=16, choices=RelationKind.choices)

    class Meta:
        verbose_name = _("close relative")
        verbose_name_plural = _("close relatives")
        constraints = [
            models.CheckConstraint(condition=~Q(relative=F("person")), name="relative_not_self"),
            models.UniqueConstraint(fields=["person", "relative"], name="relative_one_row_per_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} ~ {self.relative_id} ({self.kind})"
