"""A contribution as schema.org CreativeWork JSON, safe inside <script type="application/ld+json">.

The author and organisation are in it only where the page shows them: never for a contribution
its author chose to share without their name.
"""

import json

from django.conf import settings
from django.urls import reverse

# The same characters Django's json_script escapes.
_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def creative_work(contribution, *, show_author: bool) -> str:
    url = settings.PORTAL_URL + reverse("contributions:detail", args=[contribution.pk])
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": contribution.title,
        "abstract": contribution.summary,
        "url": url,
        "about": [group.name for group in contribution.groups.all()],
        "keywords": [sector.name for sector in contribution.sectors.all()]
        + [level.name for level in contribution.levels.all()],
        "inLanguage": "en-GB",
    }
    if contribution.submitted_at:
        data["dateCreated"] = contribution.submitted_at.date().isoformat()
    if contribution.country:
        data["spatialCoverage"] = ", ".join(
            p for p in (contribution.region, contribution.country) if p
        )
    if contribution.call.workshop_id:
        workshop = contribution.call.workshop
        data["isPartOf"] = {
            "@type": "Event",
            "name": workshop.title,
            "url": settings.PORTAL_URL + reverse("workshops:detail", args=[workshop.slug]),
        }
    # The name someone gave, never their email address (what get_full_name falls back to).
    if show_author and contribution.author.display_name:
        data["author"] = {"@type": "Person", "name": contribution.author.display_name}
        if contribution.organisation_id:
            data["author"]["affiliation"] = {
                "@type": "Organization",
                "name": contribution.organisation.name,
            }
    elif show_author and contribution.organisation_id:
        data["author"] = {"@type": "Organization", "name": contribution.organisation.name}
    return json.dumps(data, ensure_ascii=False).translate(_ESCAPES)
