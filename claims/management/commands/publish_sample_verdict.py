from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims.models import Claim, ClaimState, EvidenceLink, EvidenceStance, RatingLabel

# The claim of seeds/001_sample_harbour_bridge.txt that the sample verdict rates.
SAMPLE_CLAIM_OPENING = "The council has already spent more than four million"
SAMPLE_LABEL = "SAMPLE VERDICT (fictional, for the demo)"


class Command(BaseCommand):
    help = (
        "Publish one sample verdict, clearly labelled as such, on a claim of the fictional "
        "seed article, through the workflow: the demo reviewer rates it, the demo editor "
        "publishes it. Run after import_articles seeds/ and create_demo_users; does "
        "nothing once the claim has left the 'new' state."
    )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        claim = Claim.objects.filter(text__startswith=SAMPLE_CLAIM_OPENING).first()
        if claim is None:
            raise CommandError(
                f"No claim starting {SAMPLE_CLAIM_OPENING!r}: run import_articles seeds/ first."
            )
        if claim.state != ClaimState.NEW:
            self.stdout.write(f"Sample verdict: claim {claim.pk} is already {claim.state}.")
            return
        users = get_user_model().objects.in_bulk(["reviewer", "editor"], field_name="username")
        if len(users) != 2:
            raise CommandError("The demo logins are missing: run create_demo_users first.")
        reviewer, editor = users["reviewer"], users["editor"]
        claim.start_review(by=reviewer, note=SAMPLE_LABEL)
        claim.rate(
            by=reviewer,
            rating=RatingLabel.objects.of_default_scale().get(slug="mostly-false"),
            summary=f"{SAMPLE_LABEL}: the council's invoices show less than half that sum.",
            explanation=(
                f"{SAMPLE_LABEL}. Everything here is invented to show what a published "
                "fact-check looks like. The council's published accounts list payments of "
                "1.7 million for the bridge repairs; the four million is the budget set "
                "aside, not the money spent. It is true that no lane has reopened."
            ),
            evidence=[
                EvidenceLink(
                    url="https://example.org/eastwick/council-accounts",
                    title="Eastwick council accounts (fictional)",
                    stance=EvidenceStance.REFUTES,
                    note="Bridge repair payments to date.",
                )
            ],
            note=SAMPLE_LABEL,
        )
        claim.publish(by=editor, note=SAMPLE_LABEL)
        self.stdout.write(
            self.style.SUCCESS(f"Sample verdict published on claim {claim.pk}: {claim.text}")
        )
