"""Organisers import a list of organisations from a spreadsheet: upload it, say which column
is which field, read the preview (new, updated, duplicates, errors; a row can be corrected
there), then import it all at once. Every import can be undone as a whole.

The file is kept in the organiser's session between the steps (checked, at most 5 MB), never
in a form the browser could change: a correction posts only the cells of its row.
"""

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from socialjustice.errors import PortalError
from socialjustice.exports import csv_response

from ..forms.organisation_import import ColumnsForm, ConfirmForm, RowForm, UploadForm
from ..models import ImportBatch
from ..selectors.organisation_import import plan_import
from ..selectors.spreadsheets import guess_columns
from ..services.organisation_import import ImportRefused, import_organisations, undo_import

SESSION_KEY = "networks.organisation_import"
SHOWN = 100  # rows shown in each part of the preview; the counts say how many there are
# Rows with mistakes and repeated rows come with a form each, to correct them there: fewer of
# those at a time, or a long file's preview takes seconds to draw (200 forms took 5 s).
CORRECTED = 25
PAGE_SIZE = 25


class ImportMixin(PermissionRequiredMixin):
    permission_required = "networks.import_organisations"

    @property
    def kept(self) -> dict | None:
        return self.request.session.get(SESSION_KEY)

    def keep(self, data: dict) -> None:
        self.request.session[SESSION_KEY] = data

    def nothing(self):
        """A step reached without a file (an old bookmark, or the import is done): a page
        saying so, or, for a form sent, back to the start with the same words."""
        if self.request.method == "POST":
            messages.error(self.request, _("There is no spreadsheet waiting: choose one."))
            return redirect("networks:organisations_import")
        return render(self.request, "networks/import/nothing.html", {})


class UploadView(ImportMixin, View):
    def get(self, request):
        return self._page(UploadForm())

    def post(self, request):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._page(form)
        self.keep(
            {
                "key": uuid.uuid4().hex,
                "filename": form.filename,
                "header": form.header,
                "rows": form.rows,
                "columns": guess_columns(form.header),
                "mapped": False,
            }
        )
        return redirect("networks:import_columns")

    def _page(self, form):
        return render(self.request, "networks/import/upload.html", {"form": form})


class ColumnsView(ImportMixin, View):
    def get(self, request):
        kept = self.kept
        if not kept:
            return self.nothing()
        initial = {f"column_{n}": name for n, name in enumerate(kept["columns"])}
        return self._page(ColumnsForm(header=kept["header"], rows=kept["rows"], initial=initial))

    def post(self, request):
        kept = self.kept
        if not kept:
            return self.nothing()
        form = ColumnsForm(request.POST, header=kept["header"], rows=kept["rows"])
        if not form.is_valid():
            return self._page(form)
        self.keep({**kept, "columns": form.columns(), "mapped": True})
        return redirect("networks:import_preview")

    def _page(self, form):
        kept = self.kept
        return render(
            self.request,
            "networks/import/columns.html",
            {"form": form, "filename": kept["filename"], "rows": len(kept["rows"])},
        )


def _row_form(kept, row, data=None):
    return RowForm(
        data,
        header=kept["header"],
        columns=kept["columns"],
        line=row.line,
        initial={
            "line": row.line,
            "key": kept["key"],
            **{f"cell_{n}": cell for n, cell in enumerate(row.cells)},
        },
    )


class PreviewView(ImportMixin, View):
    """What importing the file would do; a row with an error (or a duplicate) can be
    corrected here, and the preview is made again."""

    def get(self, request):
        kept = self.kept
        if not kept or not kept.get("mapped"):
            return self.nothing()
        return preview_page(request, kept, plan_import(kept["rows"], kept["columns"]))

    def post(self, request):
        kept = self.kept
        line = request.POST.get("line", "")
        if not kept or not kept.get("mapped") or not line.isdigit():
            return self.nothing()
        index = int(line) - 2
        if request.POST.get("key") != kept["key"] or not 0 <= index < len(kept["rows"]):
            messages.error(request, _("This preview is out of date: here is the latest one."))
            return redirect("networks:import_preview")
        plan = plan_import(kept["rows"], kept["columns"])
        row = next(row for row in plan.rows if row.line == int(line))
        form = _row_form(kept, row, request.POST)
        if not form.is_valid():
            return preview_page(request, kept, plan, fixing=form)
        cells = list(kept["rows"][index])
        for column, text in form.cells().items():
            cells[column] = text
        rows = list(kept["rows"])
        rows[index] = cells
        self.keep({**kept, "rows": rows})
        messages.success(
            request, _("Row %(n)s is changed. Here is the preview again.") % {"n": line}
        )
        return redirect(reverse("networks:import_preview") + f"#row-{line}")


def preview_page(request, kept, plan, *, fixing=None):
    def part(rows, editable=False):
        shown = rows[: CORRECTED if editable else SHOWN]
        entries = []
        for row in shown:
            form = None
            if editable:
                same = fixing is not None and fixing.line_number == row.line
                form = fixing if same else _row_form(kept, row)
            entries.append((row, form))
        return {"entries": entries, "count": len(rows), "more": len(rows) - len(shown)}

    return render(
        request,
        "networks/import/preview.html",
        {
            "plan": plan,
            "filename": kept["filename"],
            "errors": part(plan.errors, editable=True),
            "duplicates": part(plan.duplicates, editable=True),
            "new": part(plan.new),
            "updates": part(plan.updates),
            "unchanged": len(plan.unchanged),
            "confirm": ConfirmForm(initial={"key": kept["key"], "digest": plan.digest}),
        },
    )


class ErrorsCsvView(ImportMixin, View):
    """The rows with errors, as they are in the file, with what is wrong in each."""

    def get(self, request):
        kept = self.kept
        header = [*(kept["header"] if kept else []), _("Row"), _("What is wrong")]
        rows = []
        if kept and kept.get("mapped"):
            plan = plan_import(kept["rows"], kept["columns"])
            rows = [[*row.cells, row.line, " ".join(row.errors)] for row in plan.errors]
        return csv_response(header, rows, filename="organisations-to-correct.csv")


class ConfirmView(ImportMixin, View):
    def post(self, request):
        kept = self.kept
        form = ConfirmForm(request.POST)
        if not kept or not kept.get("mapped") or not form.is_valid():
            return self.nothing()
        if form.cleaned_data["key"] != kept["key"]:
            messages.error(request, _("This preview is out of date: here is the latest one."))
            return redirect("networks:import_preview")
        try:
            batch = import_organisations(
                kept["rows"],
                kept["columns"],
                digest=form.cleaned_data["digest"],
                filename=kept["filename"],
                by=request.user,
            )
        except ImportRefused as refused:
            messages.error(request, str(refused))
            return preview_page(request, kept, refused.plan)
        except PortalError as error:
            messages.error(request, str(error))
            return redirect("networks:import_preview")
        del request.session[SESSION_KEY]
        messages.success(
            request,
            _("The organisations are imported (import %(n)s). You can undo it here.")
            % {"n": batch.pk},
        )
        return redirect("networks:import_batches")


class BatchesView(ImportMixin, View):
    """Every import, newest first, with what it did and whether it is undone."""

    def get(self, request):
        batches = ImportBatch.objects.select_related("created_by").annotate(
            created=Count("rows", filter=Q(rows__created=True)),
            updated=Count("rows", filter=Q(rows__created=False)),
        )
        page = Paginator(batches.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        return render(request, "networks/import/batches.html", {"page": page})


class UndoView(ImportMixin, View):
    def batch(self, pk):
        try:
            return ImportBatch.objects.select_related("created_by").get(pk=pk)
        except ImportBatch.DoesNotExist as missing:
            raise Http404 from missing

    def get(self, request, pk):
        return render(request, "networks/import/undo.html", {"batch": self.batch(pk)})

    def post(self, request, pk):
        try:
            undone = undo_import(self.batch(pk), by=request.user)
        except PortalError as error:
            messages.error(request, str(error))
            return redirect("networks:import_batches")
        message = _(
            "Import %(n)s is undone: %(deleted)s organisations deleted, %(restored)s restored."
        ) % {"n": pk, "deleted": undone.deleted, "restored": undone.restored}
        if undone.kept:
            message += " " + _(
                "These stay, because people, networks or workshops name them now: %(names)s."
            ) % {"names": ", ".join(undone.kept)}
        messages.success(request, message)
        return redirect("networks:import_batches")
