"""The bodies of an agenda (steering group, expert forum, working groups, project sponsors),
their members, and email invitations that turn into accounts with an agenda role."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from regioagenda.accounts.models import Role


class BodyKind(models.TextChoices):
    STEERING = "steering", _("Lenkungsgruppe")
    EXPERT_FORUM = "expert_forum", _("Expertenforum")
    WORKING_GROUP = "working_group", _("Arbeitsgruppe")
    SPONSORS = "sponsors", _("Projektträger")


# The agenda role an invitation into a body of this kind grants.
BODY_KIND_ROLE: dict[str, Role] = {
    BodyKind.STEERING: Role.PARTICIPANT,
    BodyKind.EXPERT_FORUM: Role.EXPERT,
    BodyKind.WORKING_GROUP: Role.PARTICIPANT,
    BodyKind.SPONSORS: Role.PARTICIPANT,
}


class BodyRole(models.TextChoices):
    CHAIR = "chair", _("Vorsitz")
    DEPUTY = "deputy", _("Stellvertretung")
    MEMBER = "member", _("Mitglied")
    OFFICE = "office", _("Geschäftsstelle")
    GUEST = "guest", _("Gast")


class Body(models.Model):
    agenda = models.ForeignKey("regions.Agenda", on_delete=models.CASCADE, related_name="bodies")
    kind = models.CharField(_("Art"), max_length=20, choices=BodyKind.choices)
    name = models.CharField(_("Name"), max_length=200)
    # Working groups belong to one matrix field; other bodies to none.
    field_key = models.SlugField(_("Handlungsfeld"), max_length=40, blank=True)
    description = models.TextField(_("Auftrag"), blank=True)
    is_example = models.BooleanField(_("Beispieldaten"), default=False)
    created = models.DateTimeField(auto_now_add=True)

    # Set by the read paths for a page (``queries.bodies``), not stored:
    field_name: str  # the name of its matrix field, or ""
    shown_members: list["BodyMember"]  # current members the viewer may see by name
    hidden_count: int  # current members the viewer may not see by name

    class Meta:
        verbose_name = _("Gremium")
        verbose_name_plural = _("Gremien")
        ordering = ["agenda", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agenda", "name"], name="body_unique_name"),
        ]

    def __str__(self):
        return self.name


class BodyMember(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "actors.Person", on_delete=models.CASCADE, related_name="body_memberships"
    )
    role = models.CharField(
        _("Rolle"), max_length=20, choices=BodyRole.choices, default=BodyRole.MEMBER
    )
    start = models.DateField(_("von"), null=True, blank=True)
    end = models.DateField(_("bis"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    # Set by the read paths for a page (``queries.bodies``), not stored:
    is_public: bool  # the person may be shown publicly

    class Meta:
        verbose_name = _("Gremienmitglied")
        verbose_name_plural = _("Gremienmitglieder")
        ordering = ["body", "role", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "person", "start"], name="bodymember_unique_period"
            ),
            models.CheckConstraint(
                condition=models.Q(end__isnull=True)
                | models.Q(start__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="bodymember_end_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.body}"


class Invitation(models.Model):
    """An email invitation into an agenda (and optionally a body) with the matching role.

    Only a hash of the token is stored; the token itself is in the email link. Accepting creates
    the membership for whoever is logged in with the link, links the person to the account, and
    can happen once.
    """

    agenda = models.ForeignKey(
        "regions.Agenda", on_delete=models.CASCADE, related_name="actor_invitations"
    )
    body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations"
    )
    person = models.ForeignKey(
        "actors.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )
    email = models.EmailField(_("E-Mail-Adresse"))
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices)
    # The field a pool suggestion was made for: accepting records it as the person's expertise.
    field_key = models.SlugField(max_length=40, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    message = models.TextField(_("Nachricht"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField()
    accepted = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked = models.DateTimeField(null=True, blank=True)

    # Set by the read paths for a page (``queries.bodies``), not stored:
    state: str  # pending, accepted, expired or revoked
    state_label: StrOrPromise
    role_label: StrOrPromise
    pool_name: str | None  # the name of the pool person it went to (the address stays hidden)

    class Meta:
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        ordering = ["agenda", "-created"]

    def __str__(self):
        return f"{self.email} → {self.agenda_id} ({self.role})"

    def state_at(self, now=None):
        """One of "accepted", "revoked", "expired", "pending"."""
        now = now or timezone.now()
        if self.accepted:
            return "accepted"
        if self.revoked:
            return "revoked"
        if self.expires <= now:
            return "expired"
        return "pending"
