"""The coverage map as a spreadsheet: one row per cell, every column (not thirty)."""

from ..models import EqualityGroup
from .coverage import (
    CoverageFilters,
    as_columns,
    build_rows,
    column_source,
    place_field,
    serving_all,
)

COLUMN_KINDS = {
    "networks": "Network",
    "sectors": "Sector",
    "region": "Region",
    "city": "Town or city",
}
EXPORT_HEADER = [
    "Equality group",
    "Place",
    "Column kind",
    "Column",
    "Organisations",
    "The network says it covers the group",
    "Gap",
]


def export_rows(filters: CoverageFilters):
    """The matrix as rows for a CSV file, one per cell: every column, not thirty."""
    place = filters.place
    groups = list(EqualityGroup.objects.order_by("position", "name"))
    chosen = [group for group in groups if group.slug in filters.groups]
    columns = as_columns(filters.columns, column_source(filters.columns, place))
    at_once = serving_all(place, chosen).count() if len(chosen) > 1 else 0
    rows = build_rows(filters.columns, place, groups, chosen, columns, at_once_total=at_once)
    kind = COLUMN_KINDS.get(filters.columns) or COLUMN_KINDS[place_field(place)]
    where = place.label or "Anywhere"
    for row in rows:
        yield [
            row.label,
            where,
            "All",
            "Any organisation",
            row.total,
            "",
            "Yes" if not row.total else "No",
        ]
        for column, cell in zip(columns, row.cells, strict=True):
            yield [
                row.label,
                where,
                kind,
                column.label,
                cell.count,
                ("Yes" if cell.declared else "No") if filters.columns == "networks" else "",
                "Yes" if cell.gap else "No",
            ]
