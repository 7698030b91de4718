"""The programme editor of a workshop, for those who manage it: items one by one, or a whole
programme pasted from a document."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View

from socialjustice.errors import PortalError, add_to_form

from ..calendar import local_times
from ..forms.programme import PastedItemFormSet, PasteForm, PasteSaveForm, ProgrammeItemForm
from ..models import ProgrammeItem
from ..programme_text import parse_programme
from ..selectors.speakers import paste_directory
from ..services import programme as programme_services
from ..speaker_names import known_speaker_notes
from .base import DeleteFromWorkshopView, WorkshopMixin


class ProgrammeView(WorkshopMixin, View):
    """The timetable with edit, delete and move buttons, and a form to add the next item."""

    def get(self, request, slug):
        items = list(self.workshop.programme.all())
        start = programme_services.next_default_start(self.workshop, items)
        return self._render(ProgrammeItemForm(initial={"starts_at": start}, **self._form_kwargs()))

    def post(self, request, slug):
        form = ProgrammeItemForm(request.POST, **self._form_kwargs())
        if _save_item(request, self.workshop, form, item=None):
            return redirect(reverse("workshops:programme", args=[slug]) + "#add-item")
        return self._render(form)

    def _form_kwargs(self):
        return {"suggest_url": reverse("workshops:speaker_suggestions")}

    def _render(self, form):
        items = list(self.workshop.programme.all())
        same_start = {}
        for item in items:
            same_start.setdefault(item.starts_at, []).append(item)
        return self.render(
            "workshops/organise/programme.html",
            items=items,
            movable={item.pk for group in same_start.values() if len(group) > 1 for item in group},
            form=form,
        )


def _save_item(request, workshop, form, *, item) -> bool:
    if not form.is_valid():
        return False
    try:
        saved = programme_services.save_programme_item(
            workshop,
            item=item,
            data=form.to_item(),
            accept_overlap=form.cleaned_data["accept_overlap"],
            by=request.user,
        )
    except programme_services.OverlapWarning as warning:
        form.show_overlap_choice(str(warning))
        return False
    except programme_services.ProgrammeError as error:
        add_to_form(form, error)
        return False
    messages.success(
        request,
        _("Saved: %(start)s %(title)s.")
        % {"start": f"{saved.starts_at:%H:%M}", "title": saved.title},
    )
    return True


class ProgrammeItemEditView(WorkshopMixin, View):
    @cached_property
    def item(self):
        return get_object_or_404(
            ProgrammeItem.objects.select_related("chair__affiliation").prefetch_related(
                "speakers__affiliation"
            ),
            pk=self.kwargs["pk"],
            workshop=self.workshop,
        )

    def get(self, request, slug, pk):
        form = ProgrammeItemForm(
            initial=ProgrammeItemForm.initial_for(self.item),
            suggest_url=reverse("workshops:speaker_suggestions"),
        )
        return self.render("workshops/organise/programme_item_form.html", form=form, item=self.item)

    def post(self, request, slug, pk):
        form = ProgrammeItemForm(request.POST, suggest_url=reverse("workshops:speaker_suggestions"))
        if _save_item(request, self.workshop, form, item=self.item):
            return redirect("workshops:programme", slug=slug)
        return self.render("workshops/organise/programme_item_form.html", form=form, item=self.item)


class ProgrammeItemDeleteView(DeleteFromWorkshopView):
    model = ProgrammeItem
    back = "workshops:programme"

    def delete(self, item, *, by):
        programme_services.delete_programme_item(item, by=by)


class ProgrammeItemMoveView(WorkshopMixin, View):
    http_method_names = ["post"]

    def post(self, request, slug, pk):
        item = get_object_or_404(ProgrammeItem, pk=pk, workshop=self.workshop)
        try:
            programme_services.move_programme_item(
                item, up=request.POST.get("direction") == "up", by=request.user
            )
        except PortalError as error:
            messages.error(request, str(error))
        return redirect("workshops:programme", slug=slug)


class ProgrammePasteView(WorkshopMixin, View):
    """Paste a programme as written in a document; check the items it makes; save them."""

    template = "workshops/organise/programme_paste.html"

    def get(self, request, slug):
        return self.render(self.template, paste_form=PasteForm())

    def post(self, request, slug):
        if "save" in request.POST:
            return self._save()
        paste_form = PasteForm(request.POST)
        if not paste_form.is_valid():
            return self.render(self.template, paste_form=paste_form)
        directory = paste_directory(self.workshop)
        parsed = parse_programme(paste_form.cleaned_data["text"], directory)
        opens, closes = local_times(self.workshop)
        initial = [
            {
                "include": True,
                "line_number": item.line_number,
                "starts_at": item.starts_at,
                # The last item of a programme often gives only its start: it runs to the end.
                "ends_at": item.ends_at or max(closes, item.starts_at),
                "kind": item.kind,
                "title": item.title,
                "description": item.description,
                "chair": item.chair,
                "speakers": "\n".join(item.speakers),
            }
            for item in parsed.items
        ]
        formset = PastedItemFormSet(initial=initial, prefix="items")
        return self._render_preview(paste_form, formset, parsed, PasteSaveForm(), directory)

    def _save(self):
        paste_form = PasteForm(self.request.POST)
        formset = PastedItemFormSet(self.request.POST, prefix="items")
        save_form = PasteSaveForm(self.request.POST)
        # Read again only for the lines it reports and numbers: the items are the form's.
        parsed = parse_programme(self.request.POST.get("text", ""))
        if paste_form.is_valid() and formset.is_valid() and save_form.is_valid():
            chosen = [form for form in formset if form.cleaned_data.get("include")]
            try:
                created = programme_services.add_programme_items(
                    self.workshop,
                    items=[form.to_item() for form in chosen],
                    replace=save_form.cleaned_data["replace"],
                    by=self.request.user,
                )
            except programme_services.ProgrammeError as error:
                formset._non_form_errors = formset.error_class([str(error)])
            else:
                messages.success(
                    self.request,
                    _("%(count)s programme items are saved.") % {"count": len(created)},
                )
                return redirect("workshops:programme", slug=self.workshop.slug)
        return self._render_preview(
            paste_form, formset, parsed, save_form, paste_directory(self.workshop)
        )

    def _render_preview(self, paste_form, formset, parsed, save_form, directory):
        lines = str(paste_form.data.get("text", "")).replace("\r\n", "\n").split("\n")
        last_lines = {item.line_number: item.last_line for item in parsed.items}
        rows = []
        previous = []
        for number, form in enumerate(formset, start=1):
            values = form.cleaned_data if form.is_bound and form.is_valid() else form.initial
            start, end = values.get("starts_at"), values.get("ends_at")
            overlapping = []
            if start and end and hasattr(start, "hour") and hasattr(end, "hour"):
                overlapping = [p for p in previous if p[0] < end and start < p[1]]
                previous.append((start, end, values.get("title")))
            form.fields["include"].label = _("Include item %(number)s") % {"number": number}
            people = [form["chair"].value() or "", *str(form["speakers"].value() or "").split("\n")]
            rows.append(
                {
                    "form": form,
                    "number": number,
                    "overlaps": [p[2] for p in overlapping],
                    "source": _source_lines(lines, form["line_number"].value(), last_lines),
                    "notes": known_speaker_notes(people, directory),
                }
            )
        return self.render(
            self.template,
            paste_form=paste_form,
            formset=formset,
            rows=rows,
            unreadable=parsed.unreadable,
            save_form=save_form,
            existing_count=self.workshop.programme.count(),
        )


def _source_lines(lines, first, last_lines) -> list[tuple[int, str]]:
    """The numbered lines of the pasted text an item was read from (blank ones left out)."""
    try:
        first = int(first)
    except (TypeError, ValueError):
        return []
    if first < 1:
        return []
    last = min(last_lines.get(first, first), len(lines))
    return [(n, lines[n - 1].strip()) for n in range(first, last + 1) if lines[n - 1].strip()]
