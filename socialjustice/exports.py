"""Downloads of lists as files: CSV for spreadsheet programs, JSON for other tools.

Both stream, so a long list is never all in memory, and both are marked `no-store`: exports
hold people's details and must never be kept by a shared cache. CSV cells go through
defusedcsv, which makes a cell a spreadsheet would read as a formula plain text.
"""

import json
from collections.abc import Iterable, Sequence

from defusedcsv import csv
from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse
from django.utils.cache import patch_cache_control


class _Echo:
    """csv.writer writes one row into this and hands back the text, for streaming."""

    def write(self, value):
        return value


def _download(chunks, *, content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, private=True, no_store=True)
    return response


def csv_response(header: Sequence[str], rows: Iterable[Sequence], *, filename: str):
    """A CSV file: UTF-8 with a byte order mark, which makes spreadsheet programs read it as
    UTF-8, then the header and the rows."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"
        yield writer.writerow([str(heading) for heading in header])
        for row in rows:
            yield writer.writerow(row)

    return _download(lines(), content_type="text/csv; charset=utf-8", filename=filename)


def json_response(header: Sequence[str], rows: Iterable[Sequence], *, filename: str):
    """The same rows as a JSON list of objects, keyed by the header's words."""
    keys = [str(heading) for heading in header]

    def chunks():
        yield "["
        for n, row in enumerate(rows):
            yield ("," if n else "") + json.dumps(
                dict(zip(keys, row, strict=False)), cls=DjangoJSONEncoder, ensure_ascii=False
            )
        yield "]"

    return _download(chunks(), content_type="application/json; charset=utf-8", filename=filename)
