"""The organisers' breakout pages: a workshop's groups with their sizes, a group's set-up and
its people, and the plenary screen. Each view checks its permission, reads a form, calls one
service."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from socialjustice.errors import PortalError, add_to_form
from workshops.enums import ProgrammeKind
from workshops.models import ProgrammeItem, Workshop

from ..forms.groups import GroupForm, MembersForm, template_initial
from ..models import Group
from ..selectors import groups as selectors
from ..services.groups import PROMPT_TEMPLATES, delete_group, save_group, set_members


class WorkshopMixin(PermissionRequiredMixin):
    permission_required = "breakouts.manage_groups"

    @cached_property
    def workshop(self):
        return get_object_or_404(Workshop, slug=self.kwargs["slug"])

    def get_permission_object(self):
        return self.workshop


class GroupMixin(PermissionRequiredMixin):
    permission_required = "breakouts.manage_groups"

    @cached_property
    def group(self):
        try:
            return selectors.group_for_page(self.kwargs["pk"])
        except Group.DoesNotExist as missing:
            raise Http404 from missing

    def get_permission_object(self):
        return self.group.workshop


class GroupsView(WorkshopMixin, View):
    """Each breakout item of the workshop with its groups: facilitators, size, access needs,
    and whether the group is ready for the plenary."""

    def get(self, request, slug):
        return render(
            request,
            "breakouts/organise/groups.html",
            {
                "workshop": self.workshop,
                "items": selectors.breakout_items(self.workshop),
                "templates": [(key, name) for key, (name, _text) in PROMPT_TEMPLATES.items()],
            },
        )


class GroupFormMixin:
    def _render(self, form, *, title, item):
        return render(
            self.request,
            "breakouts/organise/group_form.html",
            {"form": form, "title": title, "workshop": item.workshop, "item": item},
        )


class GroupCreateView(WorkshopMixin, GroupFormMixin, View):
    @cached_property
    def item(self):
        return get_object_or_404(
            ProgrammeItem.objects.select_related("workshop"),
            pk=self.kwargs["item"],
            workshop=self.workshop,
            kind=ProgrammeKind.BREAKOUTS,
        )

    def get(self, request, slug, item):
        form = GroupForm(workshop=self.workshop, initial=template_initial(request.GET.get("from")))
        return self._page(form)

    def post(self, request, slug, item):
        form = GroupForm(request.POST, workshop=self.workshop)
        if form.is_valid():
            try:
                group = save_group(self.item, form.to_details(), by=request.user)
            except PortalError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("The group “%(name)s” is saved.") % {"name": group})
                return redirect("breakouts:groups", slug=slug)
        return self._page(form)

    def _page(self, form):
        title = _("New group: %(item)s") % {"item": self.item.title}
        return self._render(form, title=title, item=self.item)


class GroupEditView(GroupMixin, GroupFormMixin, View):
    def get(self, request, pk):
        return self._page(GroupForm(instance=self.group, workshop=self.group.workshop))

    def post(self, request, pk):
        form = GroupForm(request.POST, instance=self.group, workshop=self.group.workshop)
        if form.is_valid():
            try:
                save_group(self.group.item, form.to_details(), group=self.group, by=request.user)
            except PortalError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("The group is saved."))
                return redirect("breakouts:groups", slug=self.group.workshop.slug)
        return self._page(form)

    def _page(self, form):
        title = _("Edit the group “%(name)s”") % {"name": self.group.name}
        return self._render(form, title=title, item=self.group.item)


class GroupDeleteView(GroupMixin, View):
    def post(self, request, pk):
        slug = self.group.workshop.slug
        delete_group(self.group, by=request.user)
        messages.success(request, _("The group is deleted."))
        return redirect("breakouts:groups", slug=slug)


class MembersView(GroupMixin, View):
    """Who is in the group: every confirmed registration, with the group of this item each
    is in now and whether they told us of access requirements."""

    def get(self, request, pk):
        registrations = selectors.allocatable(self.group)
        initial = [
            str(r.pk)
            for r in registrations
            if any(m.group_id == self.group.pk for m in r.breakout_memberships.all())
        ]
        form = MembersForm(registrations=registrations, initial={"registrations": initial})
        return self._render(form, registrations)

    def post(self, request, pk):
        registrations = selectors.allocatable(self.group)
        form = MembersForm(request.POST, registrations=registrations)
        if form.is_valid():
            set_members(self.group, registrations=form.chosen(), by=request.user)
            messages.success(request, _("The group's people are saved."))
            return redirect("breakouts:groups", slug=self.group.workshop.slug)
        return self._render(form, registrations)

    def _render(self, form, registrations):
        rows = [
            {
                "registration": r,
                "checked": str(r.pk) in (form["registrations"].value() or []),
                "elsewhere": next(
                    (m.group for m in r.breakout_memberships.all() if m.group_id != self.group.pk),
                    None,
                ),
            }
            for r in registrations
        ]
        return render(
            self.request,
            "breakouts/organise/members.html",
            {"form": form, "group": self.group, "workshop": self.group.workshop, "rows": rows},
        )


class PlenaryView(PermissionRequiredMixin, View):
    """The plenary screen: each group's recommendations once its facilitator marks it ready.
    The page fetches its `live` part again every few seconds."""

    permission_required = "breakouts.view_plenary"
    live = False

    @cached_property
    def workshop(self):
        return get_object_or_404(Workshop, slug=self.kwargs["slug"])

    def get_permission_object(self):
        return self.workshop

    def get(self, request, slug):
        groups = selectors.plenary_groups(self.workshop)
        context = {
            "workshop": self.workshop,
            "ready": [group for group in groups if group.ready_at],
            "working": [group for group in groups if not group.ready_at],
            "now": timezone.now(),
        }
        template = "breakouts/plenary_live.html" if self.live else "breakouts/plenary.html"
        return render(request, template, context)
