from typing import Self

from django.db import models
from django.db.models import Q


class RatingScale(models.Model):
    """An ordered set of verdict labels; the default one is created by a data migration."""

    name = models.CharField(max_length=100, unique=True)
    is_default = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_rating_scale"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def default_scale(cls) -> "RatingScale":
        """The scale this desk rates with (its labels: RatingLabel.objects.of_default_scale())."""
        return cls.objects.get(is_default=True)


class RatingMapping(models.Model):
    """How another fact-checker's rating label maps onto the local scale (editable)."""

    foreign_label = models.CharField(
        max_length=200, unique=True, help_text="Normalised (lower case), e.g. “pants on fire”."
    )
    label = models.ForeignKey("RatingLabel", on_delete=models.CASCADE, related_name="mappings")

    class Meta:
        ordering = ["foreign_label"]

    def __str__(self) -> str:
        return f"{self.foreign_label} → {self.label}"


class RatingLabelQuerySet(models.QuerySet["RatingLabel"]):
    def of_default_scale(self) -> Self:
        """The labels reviewers rate with: those of the default scale, in order."""
        return self.filter(scale__is_default=True).order_by("position")


class RatingLabel(models.Model):
    """One verdict. `value` is null for non-scalar labels such as Unproven or Misleading."""

    scale = models.ForeignKey(RatingScale, on_delete=models.CASCADE, related_name="labels")
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100)
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    description = models.TextField(blank=True, default="")

    objects = RatingLabelQuerySet.as_manager()

    class Meta:
        ordering = ["scale", "position"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "slug"], name="rating_label_unique_slug"),
            models.UniqueConstraint(fields=["scale", "name"], name="rating_label_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name
