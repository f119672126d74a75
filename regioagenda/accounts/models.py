"""Users and their roles in agendas and programmes."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with a login. People are identified by email; the name is what others see."""

    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    name = models.CharField(_("Name"), max_length=150, blank=True)
    is_staff = models.BooleanField(
        _("Zugang zur Verwaltungsoberfläche"),
        default=False,
        help_text=_("Nur für Betreiber der Plattform (Django-Admin)."),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    is_example = models.BooleanField(_("Beispielkonto"), default=False)
    date_joined = models.DateTimeField(_("registriert am"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("Benutzer")
        verbose_name_plural = _("Benutzer")
        ordering = ["email"]

    def __str__(self):
        return self.name or self.email

    def get_full_name(self):
        return self.name or self.email

    def get_short_name(self):
        return self.name.split(" ")[0] if self.name else self.email


class Role(models.TextChoices):
    """Roles a person can hold in one agenda. The order is from most to least responsibility."""

    COORDINATOR = "coordinator", _("Koordination")
    MODERATOR = "moderator", _("Moderation")
    EDITOR = "editor", _("Redaktion")
    EXPERT = "expert", _("Expertenforum")
    PARTICIPANT = "participant", _("Teilnahme")


# Roles that act for the agenda rather than take part in it; these must use a second factor.
STAFF_ROLES = frozenset({Role.COORDINATOR, Role.MODERATOR, Role.EDITOR})


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    agenda = models.ForeignKey(
        "regions.Agenda", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agenda", "role"], name="membership_unique_role"
            ),
        ]
        indexes = [models.Index(fields=["agenda", "role"])]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.agenda_id}"


class ProgrammeRole(models.TextChoices):
    ADMIN = "admin", _("Programmbüro")


class ProgrammeMembership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="programme_memberships")
    programme = models.ForeignKey(
        "regions.Programme", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("Rolle"), max_length=20, choices=ProgrammeRole.choices, default=ProgrammeRole.ADMIN
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Programm-Mitgliedschaft")
        verbose_name_plural = _("Programm-Mitgliedschaften")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "programme", "role"], name="programmemembership_unique_role"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.programme_id}"


class AgendaBlock(models.Model):
    """A person blocked from contributing to one agenda (ideas, comments, votes, forum posts).

    Set and lifted by the agenda's moderation; the reason is shown to the person. Reading stays
    allowed: a block stops contributions, it does not hide the public agenda.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="agenda_blocks")
    agenda = models.ForeignKey("regions.Agenda", on_delete=models.CASCADE, related_name="blocks")
    reason = models.CharField(_("Grund"), max_length=300)
    blocked_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Sperre")
        verbose_name_plural = _("Sperren")
        constraints = [
            models.UniqueConstraint(fields=["user", "agenda"], name="agendablock_unique"),
        ]

    def __str__(self):
        return f"{self.user_id} ⊘ {self.agenda_id}"
