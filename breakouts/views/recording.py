"""The facilitators' pages: their groups, a group's recording page, and what it posts. A save
answers in JSON to the page's script (autosave) and with a page to a form sent without
JavaScript; both go through the one recording service."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from socialjustice.errors import PortalError

from ..enums import EntryKind, SectionKind
from ..forms.recording import ENTRY_FORMS, RecommendationForm, SectionForm
from ..models import Entry, Group, Revision
from ..selectors import groups as selectors
from ..services.recording import Conflict, delete_part, mark_ready, restore, save_part
from .record_page import page_parts


class MyGroupsView(PermissionRequiredMixin, View):
    """The groups a facilitator records, newest workshop first."""

    permission_required = "breakouts.view_own_groups"

    def get(self, request):
        page = Paginator(selectors.groups_of_facilitator(request.user), 25).get_page(
            request.GET.get("page")
        )
        return render(request, "breakouts/my_groups.html", {"page": page})


class RecordMixin(PermissionRequiredMixin):
    permission_required = "breakouts.record_group"

    @cached_property
    def group(self):
        try:
            return selectors.group_for_page(self.kwargs["pk"])
        except Group.DoesNotExist as missing:
            raise Http404 from missing

    def get_permission_object(self):
        return self.group

    def wants_json(self) -> bool:
        return "application/json" in self.request.headers.get("Accept", "")

    def record_page(self, *, bound=None, status=200):
        group = selectors.group_for_record(self.group.pk)
        lists = selectors.choices_for_recording()
        return render(
            self.request,
            "breakouts/record.html",
            {
                "group": group,
                "workshop": group.workshop,
                "parts": page_parts(group, lists, bound=bound),
                "can_manage": self.request.user.has_perm("breakouts.manage_groups", group.workshop),
            },
            status=status,
        )


class RecordView(RecordMixin, View):
    def get(self, request, pk):
        return self.record_page()


def _form_class(group: Group, part: str):
    kind, _sep, rest = part.partition(":")
    if kind == "section":
        return SectionForm
    if kind == "recommendation":
        return RecommendationForm
    if kind == "entry":
        if rest.startswith("new:"):
            entry_kind = rest.split(":")[1] if rest.count(":") >= 2 else ""
        else:
            entry_kind = (
                Entry.objects.filter(group=group, pk=int(rest))
                .values_list("kind", flat=True)
                .first()
                if rest.isdigit()
                else None
            )
        if entry_kind in EntryKind.values:
            return ENTRY_FORMS[entry_kind]
    return None


class SaveView(RecordMixin, View):
    """Save one part. To the script: 200 with the new version, 409 with both texts when
    someone saved it first, 400 with what is wrong. Without JavaScript: back to the page."""

    def post(self, request, pk):
        part = request.POST.get("part", "")
        form_class = _form_class(self.group, part)
        if form_class is None:
            return self._refused(part, _("There is no such part of the record."))
        kwargs = {}
        if form_class.takes_lists:
            kwargs["lists"] = selectors.choices_for_recording()
        if form_class is RecommendationForm:
            kwargs["contributions"] = list(self.group.contributions.all())
        form = form_class(request.POST, **kwargs)
        if not form.is_valid():
            if self.wants_json():
                return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
            return self.record_page(bound=(part, request.POST, None), status=400)
        try:
            saved = save_part(
                self.group,
                part=part,
                version=form.cleaned_data["version"],
                values=form.values(),
                by=request.user,
            )
        except Conflict as conflict:
            return self._conflict(part, conflict)
        except PortalError as error:
            return self._refused(part, str(error))
        at = timezone.localtime(saved.saved_at).strftime("%H:%M")
        if self.wants_json():
            return JsonResponse({"part": saved.part, "version": saved.version, "saved_at": at})
        messages.success(request, _("Saved at %(time)s.") % {"time": at})
        return redirect(reverse("breakouts:record", args=[pk]) + "#" + _anchor(saved.part))

    def _conflict(self, part, conflict):
        if self.wants_json():
            return JsonResponse(
                {
                    "conflict": {
                        "message": str(conflict),
                        "theirs": conflict.theirs,
                        "version": conflict.version,
                    }
                },
                status=409,
            )
        data = self.request.POST.copy()
        data["version"] = conflict.version  # saving again keeps the merged text
        return self.record_page(bound=(part, data, conflict), status=409)

    def _refused(self, part, message):
        if self.wants_json():
            return JsonResponse({"errors": {"__all__": [{"message": message}]}}, status=400)
        messages.error(self.request, message)
        return redirect("breakouts:record", pk=self.group.pk)


def _anchor(part: str) -> str:
    kind, _sep, key = part.partition(":")
    return f"{kind}-{key}"


class DeletePartView(RecordMixin, View):
    def post(self, request, pk):
        try:
            version = int(request.POST.get("version", ""))
            delete_part(
                self.group, part=request.POST.get("part", ""), version=version, by=request.user
            )
        except ValueError:
            messages.error(request, _("The page was out of date: look again and try once more."))
        except PortalError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Deleted."))
        if self.wants_json():
            return JsonResponse({"deleted": True})
        return redirect("breakouts:record", pk=pk)


class HistoryView(RecordMixin, View):
    """Every saved version of one part, newest first, each with who saved it and when."""

    def get(self, request, pk, part):
        part = part.replace("-", ":", 1)  # the address names "section-notes", "entry-12"
        revisions = Revision.objects.filter(group=self.group, part=part).select_related("by")
        page = Paginator(revisions, 20).get_page(request.GET.get("page"))
        if not page.object_list:
            raise Http404
        return render(
            request,
            "breakouts/history.html",
            {
                "group": self.group,
                "workshop": self.group.workshop,
                "part": part,
                "label": _part_label(part, page.object_list[0]),
                "page": page,
            },
        )


def _part_label(part: str, revision: Revision) -> str:
    kind, _sep, key = part.partition(":")
    if kind == "section" and key in SectionKind.values:
        return SectionKind(key).label
    text = revision.content.get("text", "")
    return text[:60] + ("…" if len(text) > 60 else "")


class RestoreView(RecordMixin, View):
    def post(self, request, pk, revision):
        revision = get_object_or_404(Revision, pk=revision, group=self.group)
        try:
            restore(self.group, revision=revision, by=request.user)
        except PortalError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Version %(number)s is back.") % {"number": revision.version}
            )
        return redirect(reverse("breakouts:record", args=[pk]) + "#" + _anchor(revision.part))


class ReadyView(RecordMixin, View):
    def post(self, request, pk):
        ready = request.POST.get("ready") == "yes"
        mark_ready(self.group, ready=ready, by=request.user)
        messages.success(
            request,
            _("The group is marked ready: the plenary screen shows its recommendations.")
            if ready
            else _("The group is no longer marked ready."),
        )
        return redirect("breakouts:record", pk=pk)
