"""The recording page's parts, each a form of its own: the texts, each list's entries with a
blank form to add one more, and the recommendations. A part that was refused (a conflict or a
mistake) is shown as it was sent, with what was wrong."""

import uuid
from dataclasses import dataclass, field

from django import forms as django_forms
from django.utils.translation import gettext as _

from ..enums import EntryKind, SectionKind
from ..forms.recording import ENTRY_FORMS, RecommendationForm, SectionForm
from ..models import Group

KEY = "__KEY__"
LIST_HELP = {
    EntryKind.PRIORITY: _("Goals for service development, each with when it could be reached."),
    EntryKind.QUESTION: _("Questions research could answer."),
    EntryKind.DESIGN: _("Research designs that model equitable practice."),
    EntryKind.SITE: _("Organisations willing to act as sites for research."),
    EntryKind.NEXT_STEP: _("What happens next, who does it and by when."),
}
LIST_TITLES = {
    EntryKind.PRIORITY: _("Priorities"),
    EntryKind.QUESTION: _("Research questions"),
    EntryKind.DESIGN: _("Research designs"),
    EntryKind.SITE: _("Research sites"),
    EntryKind.NEXT_STEP: _("Next steps"),
}


@dataclass
class Part:
    form: django_forms.Form
    anchor: str
    row: object = None  # the saved section, entry or recommendation; None for a new one
    conflict: object = None


@dataclass
class PartList:
    kind: str
    title: str
    help: str
    parts: list = field(default_factory=list)
    new: Part | None = None
    # A blank form the page's script copies for each further new entry, KEY made unique.
    template: Part | None = None


def _form(form_class, *, anchor, part, row, values, bound, **kwargs):
    initial = {"part": part, "version": row.version if row else 0, **values}
    if bound is not None and bound[0] == part:
        data, _conflict = bound[1], bound[2]
        return form_class(data, auto_id=f"id_{anchor}_%s", **kwargs)
    return form_class(initial=initial, auto_id=f"id_{anchor}_%s", **kwargs)


def _entry_values(entry) -> dict:
    values = {"text": entry.text, "horizon": entry.horizon, "who": entry.who}
    values.update(by_when=entry.by_when, contact=entry.contact)
    values.update(level=str(entry.level_id or ""), theme=str(entry.theme_id or ""))
    if entry.organisation_id:
        values["text"] = entry.organisation.name
    return values


def _recommendation_values(recommendation) -> dict:
    return {
        "text": recommendation.text,
        "due_on": recommendation.due_on,
        "contributions": [str(c.pk) for c in recommendation.contributions.all()],
        **{
            name: str(getattr(recommendation, f"{name}_id") or "")
            for name in RecommendationForm.LISTS
        },
        "owner_organisation": (
            recommendation.owner_organisation.name if recommendation.owner_organisation else ""
        ),
    }


def page_parts(group: Group, lists: dict, *, bound=None) -> dict:
    """Every part of the page. `bound` is (part, data, conflict) for a part sent without
    JavaScript that could not be saved: it is shown as sent."""

    def part(form_class, anchor, name, row, values, **kwargs):
        made = _form(
            form_class, anchor=anchor, part=name, row=row, values=values, bound=bound, **kwargs
        )
        conflict = bound[2] if bound is not None and bound[0] == name else None
        return Part(form=made, anchor=anchor, row=row, conflict=conflict)

    sections = {section.kind: section for section in group.sections.all()}
    texts = [
        (
            label,
            part(
                SectionForm,
                f"section-{kind}",
                f"section:{kind}",
                sections.get(kind),
                {"text": sections[kind].text if kind in sections else ""},
            ),
        )
        for kind, label in SectionKind.choices
    ]
    entries = {kind: [] for kind in EntryKind.values}
    for entry in group.entries.all():
        entries[entry.kind].append(entry)
    lists_of_entries = []
    for kind in EntryKind.values:
        form_class = ENTRY_FORMS[kind]
        kwargs = {"lists": lists} if form_class.takes_lists else {}
        listed = PartList(kind=kind, title=LIST_TITLES[kind], help=LIST_HELP[kind])
        for entry in entries[kind]:
            listed.parts.append(
                part(
                    form_class,
                    f"entry-{entry.pk}",
                    f"entry:{entry.pk}",
                    entry,
                    _entry_values(entry),
                    **kwargs,
                )
            )
        new_name = _new_name(bound, f"entry:new:{kind}:")
        listed.new = part(form_class, f"new-{kind}", new_name, None, {}, **kwargs)
        listed.template = part(
            form_class, f"new-{kind}-{KEY}", f"entry:new:{kind}:{KEY}", None, {}, **kwargs
        )
        lists_of_entries.append(listed)
    contributions = list(group.contributions.all())
    recommendations = PartList(kind="recommendation", title=_("Recommendations"), help="")
    for recommendation in group.recommendations.all():
        recommendations.parts.append(
            part(
                RecommendationForm,
                f"recommendation-{recommendation.pk}",
                f"recommendation:{recommendation.pk}",
                recommendation,
                _recommendation_values(recommendation),
                lists=lists,
                contributions=contributions,
            )
        )
    recommendations.new = part(
        RecommendationForm,
        "new-recommendation",
        _new_name(bound, "recommendation:new:"),
        None,
        {},
        lists=lists,
        contributions=contributions,
    )
    recommendations.template = part(
        RecommendationForm,
        f"new-recommendation-{KEY}",
        f"recommendation:new:{KEY}",
        None,
        {},
        lists=lists,
        contributions=contributions,
    )
    for label, text in texts:
        text.form.fields["text"].label = label
    return {"texts": texts, "lists": lists_of_entries, "recommendations": recommendations}


def _new_name(bound, prefix: str) -> str:
    """A new part's name with a fresh key (or the refused one's, to send it again)."""
    if bound is not None and bound[0].startswith(prefix):
        return bound[0]
    return f"{prefix}{uuid.uuid4().hex}"
