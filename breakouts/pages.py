"""Which models the cached public breakout pages show (socialjustice.pagecache).

A published report and the recommendation tracker are the "reports" pages: any change to a
group, what it recorded or a recommendation's follow-up builds them afresh. The groups a
facilitator sees on their own page are "facilitated": a group's new name or facilitators.
"""

from networks.models import Organisation
from socialjustice.pagecache import invalidated_by
from workshops.models import Workshop

from .models import Entry, Group, Recommendation, Report, Section

REPORT_PAGES = "reports"
# Who facilitates which group, on the facilitators' own pages.
FACILITATED_PAGES = "facilitated"


def register() -> None:
    invalidated_by(Group, REPORT_PAGES, m2m=("contributions",))
    invalidated_by(Recommendation, REPORT_PAGES, m2m=("contributions",))
    invalidated_by(Group, FACILITATED_PAGES, m2m=("facilitators",))
    # A workshop's new date, or its new address once its date moved, is in its report.
    for model in (Section, Entry, Report):
        invalidated_by(model, REPORT_PAGES)
    # And its organisers: a recommendation's page kept for people signed in knows who they
    # are, to build it afresh for them (breakouts/views/tracker.py).
    invalidated_by(Workshop, REPORT_PAGES, m2m=("organisers",))
    # The research agenda shows and filters research sites by their directory entries.
    invalidated_by(Organisation, REPORT_PAGES, m2m=("sectors", "equality_groups"))
