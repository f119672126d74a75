"""Dot voting: each person distributes a step's points over ideas, changeable until the step ends.

A ballot row per person and step is what a vote locks (``select_for_update``), so parallel
requests of one person never together exceed the step's points; the database refuses a second
ballot or a second row for the same idea.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from regioagenda.regions import process


class Ballot(models.Model):
    agenda = models.ForeignKey("regions.Agenda", on_delete=models.CASCADE, related_name="ballots")
    step = models.CharField(_("Prozessschritt"), max_length=30, choices=process.STEP_CHOICES)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    points_used = models.PositiveSmallIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Stimmzettel")
        verbose_name_plural = _("Stimmzettel")
        constraints = [
            models.UniqueConstraint(fields=["agenda", "step", "user"], name="ballot_unique"),
        ]

    def __str__(self):
        return f"{self.user_id} @ {self.agenda_id}/{self.step}"


class BallotPoint(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="points")
    idea = models.ForeignKey(
        "participation.Idea", on_delete=models.CASCADE, related_name="ballot_points"
    )
    points = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "idea"], name="ballotpoint_unique"),
            models.CheckConstraint(condition=models.Q(points__gt=0), name="ballotpoint_positive"),
        ]
        indexes = [models.Index(fields=["idea"])]

    def __str__(self):
        return f"{self.ballot_id}: {self.idea_id} × {self.points}"


class VoteRelease(models.Model):
    """The coordinator published a step's results before the step ended (afterwards they are
    public anyway). One row per agenda and step; deleting it withdraws the early release."""

    agenda = models.ForeignKey("regions.Agenda", on_delete=models.CASCADE, related_name="+")
    step = models.CharField(_("Prozessschritt"), max_length=30, choices=process.STEP_CHOICES)
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("Veröffentlichung der Priorisierung")
        verbose_name_plural = _("Veröffentlichungen der Priorisierung")
        constraints = [
            models.UniqueConstraint(fields=["agenda", "step"], name="voterelease_unique"),
        ]

    def __str__(self):
        return f"{self.agenda_id}/{self.step}"
