"""A contributor's side: save as a draft, send, change, withdraw.

A draft needs only a title: whatever else is typed is kept, and an attachment is kept with the
draft so it is never asked for twice. Sending checks that everything a reviewer needs is
there, records the version sent (the reviewer is shown what changed between versions), keeps
the search index up to date and emails the contributor.

A reviewer decides on the version they read. So a contribution waiting for review that is
changed and not sent again becomes a draft again: otherwise words nobody reviewed could be
accepted, and published, under the number of a version that said something else.
"""

from dataclasses import dataclass, fields
from datetime import date

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import transaction
from django.db.models import Value
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from networks.models import EqualityGroup, Level, Organisation, Sector
from networks.services import find_or_create_organisation
from socialjustice.activity import log_action
from socialjustice.errors import PortalError
from socialjustice.locking import lock_row
from socialjustice.tasking import after_commit
from socialjustice.uploads import DOCUMENTS, check_upload

from .. import emails
from ..enums import Action, ContributionState, Effect, Visibility
from ..models import Call, Contribution, Version

MANY = ("groups", "sectors", "levels")
# The fields a reviewer reads, as each version keeps them (and as the difference shows them).
VERSIONED_TEXT = (
    "title",
    "summary",
    "body",
    "groups_described",
    "country",
    "region",
    "evidence",
)


@dataclass(frozen=True, kw_only=True)
class ContributionDetails:
    """What a contributor says: the one shape the form builds and the demo writes."""

    title: str
    summary: str = ""
    body: str = ""
    groups: tuple[EqualityGroup, ...] = ()
    groups_described: str = ""
    sectors: tuple[Sector, ...] = ()
    effect: str = ""
    covid: bool | None = None
    levels: tuple[Level, ...] = ()
    country: str = ""
    region: str = ""
    started_on: date | None = None
    ended_on: date | None = None
    ongoing: bool = False
    evidence: str = ""
    evidence_links: tuple[str, ...] = ()
    organisation: Organisation | None = None
    new_organisation: str = ""
    visibility: str = Visibility.PUBLIC_NAMED
    consent: bool = False
    # The contributor's name, when their account has none yet: kept on their profile.
    author_name: str = ""

    @classmethod
    def names(cls) -> list[str]:
        return [field.name for field in fields(cls)]


class ContributionIncomplete(PortalError):
    """Sending needs more than a draft does; `missing` maps each field to its message."""

    def __init__(self, missing: dict[str, str], *, saved: Contribution):
        super().__init__(_("Please complete the contribution before sending it."))
        self.missing = missing
        self.saved = saved


def _missing(details: ContributionDetails) -> dict[str, str]:
    needed = {
        "summary": (details.summary.strip(), _("Give a one- or two-sentence summary.")),
        "body": (
            details.body.strip(),
            _("Say what the policy or practice was, and what happened."),
        ),
        "groups": (details.groups, _("Choose at least one group it affected.")),
        "effect": (details.effect, _("Say whether it created or reduced inequality.")),
        "covid": (details.covid is not None, _("Say whether it is related to COVID-19.")),
        "consent": (details.consent, _("Please agree, so that the organisers can use it.")),
    }
    return {name: message for name, (value, message) in needed.items() if not value}


def _check_upload(upload):
    limit = getattr(settings, "CONTRIBUTION_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
    return check_upload(upload, max_bytes=limit, field="attachment", kinds=DOCUMENTS)


def _apply(contribution: Contribution, details: ContributionDetails, checked, now) -> None:
    for name in ContributionDetails.names():
        if name not in (*MANY, "organisation", "new_organisation", "consent", "author_name"):
            setattr(contribution, name, getattr(details, name))
    contribution.evidence_links = list(details.evidence_links)
    contribution.organisation = (
        find_or_create_organisation(name=details.new_organisation)
        if details.new_organisation.strip()
        else details.organisation
    )
    if details.consent and contribution.consented_at is None:
        contribution.consented_at = now
    if checked is not None:
        contribution.attachment.save(checked.name, checked.file, save=False)
        contribution.attachment_name = checked.name
        contribution.attachment_mimetype = checked.kind.mimetype
        contribution.attachment_size = checked.size


def index_for_search(contribution: Contribution) -> None:
    """Keep the stored search vector up to date (English stemming; the title weighs most)."""
    Contribution.objects.filter(pk=contribution.pk).update(
        search_vector=SearchVector(Value(contribution.title), weight="A", config="english")
        + SearchVector(Value(contribution.summary), weight="B", config="english")
        + SearchVector(
            Value(
                " ".join([contribution.body, contribution.groups_described, contribution.evidence])
            ),
            weight="C",
            config="english",
        )
    )


def save(
    call: Call,
    details: ContributionDetails,
    *,
    by,
    contribution: Contribution | None = None,
    upload=None,
    remove_attachment: bool = False,
    send: bool = False,
) -> Contribution:
    """Save a new or existing contribution as it is, and send it when `send`.

    Only its author changes it, and only while the call is open or it was sent back for
    changes; a decided or withdrawn one is refused. Sending refuses an incomplete one with
    ContributionIncomplete (each missing field named); what was typed is saved as a draft
    first, so nothing is lost either way.
    """
    if not details.title.strip():
        raise PortalError(_("Give your contribution a title, even for a draft."), field="title")
    checked = _check_upload(upload) if upload is not None else None
    now = timezone.now()
    missing = _missing(details) if send else {}
    with transaction.atomic(durable=True):
        if contribution is None:
            if not (call.opens_at <= now < call.closes_at):
                raise PortalError(_("This call is closed: it takes no more contributions."))
            current = Contribution(call=call, author=by)
        else:
            current = lock_row(Contribution.objects.select_related("call"), contribution.pk)
            _check_can_change(current, by=by, now=now)
        old_file = current.attachment.name if (checked or remove_attachment) else ""
        if remove_attachment and not checked:
            current.attachment = ""
            current.attachment_name = current.attachment_mimetype = ""
            current.attachment_size = None
        _apply(current, details, checked, now)
        if not (send and not missing):
            _back_to_draft(current)
        current.save()
        current.groups.set(details.groups)
        current.sectors.set(details.sectors)
        current.levels.set(details.levels)
        index_for_search(current)
        if send and not missing:
            _send(current, now=now)
        log_action(
            by,
            Action.SUBMITTED if send and not missing else Action.SAVED,
            current,
            {"version": current.version} if send and not missing else {},
        )
        if old_file:
            storage = current.attachment.storage
            after_commit(lambda: storage.delete(old_file))
    if missing:
        raise ContributionIncomplete(missing, saved=current)
    return current


def keep_attachment(
    call: Call, *, by, upload, contribution: Contribution | None = None, title: str = ""
) -> Contribution:
    """Keep a document sent with a form that had mistakes, so it is not asked for again:
    on the contribution, or on a new draft (with the title typed, if any)."""
    checked = _check_upload(upload)
    now = timezone.now()
    with transaction.atomic(durable=True):
        if contribution is None:
            if not (call.opens_at <= now < call.closes_at):
                raise PortalError(_("This call is closed: it takes no more contributions."))
            current = Contribution(call=call, author=by, title=title.strip() or _("Untitled draft"))
        else:
            current = lock_row(Contribution.objects.select_related("call"), contribution.pk)
            _check_can_change(current, by=by, now=now)
        old_file = current.attachment.name
        current.attachment.save(checked.name, checked.file, save=False)
        current.attachment_name = checked.name
        current.attachment_mimetype = checked.kind.mimetype
        current.attachment_size = checked.size
        _back_to_draft(current)
        current.save()
        log_action(by, Action.SAVED, current)
        if old_file:
            storage = current.attachment.storage
            after_commit(lambda: storage.delete(old_file))
    return current


def _check_can_change(current: Contribution, *, by, now) -> None:
    if current.author_id != getattr(by, "pk", None):
        raise PortalError(_("Only its author can change a contribution."))
    if current.state in (
        ContributionState.ACCEPTED,
        ContributionState.DECLINED,
        ContributionState.WITHDRAWN,
    ):
        raise PortalError(
            _("This contribution is %(state)s, so it can no longer be changed.")
            % {"state": current.get_state_display().lower()}
        )
    call = current.call
    if current.state != ContributionState.CHANGES_REQUESTED and not (
        call.opens_at <= now < call.closes_at
    ):
        raise PortalError(_("The call has closed, so the contribution can no longer be changed."))


def _back_to_draft(contribution: Contribution) -> None:
    """A sent contribution changed and not sent again leaves the review queue until it is
    sent again (as a new version): one sent back for changes stays as it is. The caller
    saves it."""
    if contribution.state == ContributionState.SUBMITTED:
        contribution.state = ContributionState.DRAFT


def _send(contribution: Contribution, *, now) -> None:
    contribution.version += 1
    contribution.state = ContributionState.SUBMITTED
    contribution.submitted_at = now
    contribution.save(update_fields=["version", "state", "submitted_at", "updated_at"])
    Version.objects.create(
        contribution=contribution,
        number=contribution.version,
        content=version_content(contribution),
        created_at=now,
    )
    emails.received(contribution)


def version_content(contribution: Contribution) -> dict:
    """What a version keeps: the words, and the names of what was chosen."""
    content = {name: getattr(contribution, name) for name in VERSIONED_TEXT}
    content["groups"] = sorted(group.name for group in contribution.groups.all())
    content["sectors"] = sorted(sector.name for sector in contribution.sectors.all())
    content["levels"] = sorted(level.name for level in contribution.levels.all())
    content["effect"] = str(Effect(contribution.effect).label) if contribution.effect else ""
    content["covid"] = {True: _("Yes"), False: _("No"), None: ""}[contribution.covid]
    content["evidence_links"] = list(contribution.evidence_links)
    content["when"] = _when(contribution)
    content["document"] = contribution.attachment_name if contribution.attachment else ""
    return content


def _when(contribution: Contribution) -> str:
    parts = []
    if contribution.started_on:
        parts.append(_("from %s") % formats.date_format(contribution.started_on, "j F Y"))
    if contribution.ended_on:
        parts.append(_("to %s") % formats.date_format(contribution.ended_on, "j F Y"))
    if contribution.ongoing:
        parts.append(_("still going on"))
    return ", ".join(parts)


def withdraw(contribution: Contribution, *, by) -> Contribution:
    with transaction.atomic(durable=True):
        current = lock_row(Contribution, contribution.pk)
        if current.author_id != getattr(by, "pk", None):
            raise PortalError(_("Only its author can withdraw a contribution."))
        if current.state in (
            ContributionState.ACCEPTED,
            ContributionState.DECLINED,
            ContributionState.WITHDRAWN,
        ):
            raise PortalError(
                _("This contribution is %(state)s already.")
                % {"state": current.get_state_display().lower()}
            )
        current.state = ContributionState.WITHDRAWN
        current.save(update_fields=["state", "updated_at"])
        log_action(by, Action.WITHDRAWN, current)
    return current
