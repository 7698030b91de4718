"""HTML to an accessible PDF: the one path every printable document of the portal takes (the
workshop pack of contributions now, the breakouts report next).

Why PDF/UA and not a plain PDF: people read these packs with screen readers and magnifiers,
and a PDF that is only painted text has no headings, no reading order and no language, so
it is a wall of words to them. WeasyPrint's PDF/UA-1 variant tags the document (a structure
tree of headings, paragraphs, lists and links, marked content, the title shown in the
window); the HTML's own elements are the tags, so a template with real headings makes a PDF
with real headings, and h1 to h3 become its bookmarks. The language and the title are set
here, not left to each template. Fonts are the machine's own (fontconfig, DejaVu installed
by .ci/services), so a build downloads nothing; and nothing is fetched at all: the HTML is
ours, and a build that could follow a link to the network or to `file://` could leak.
"""

import logging
import time

from django.conf import settings
from django.utils import translation

logger = logging.getLogger(__name__)
# WeasyPrint logs every layout step of every page at INFO: unless the settings say otherwise,
# only its warnings reach the portal's logs (this module logs one line a build).
if logging.getLogger("weasyprint.progress").level == logging.NOTSET:
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# The look every printed document shares; each template adds its own rules after it.
STYLESHEET = """
@page {
  size: A4;
  margin: 22mm 20mm 24mm;
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font-size: 9pt; }
}
html { font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.45; }
body { margin: 0; color: #000; }
h1 { font-size: 20pt; margin: 0 0 6mm; }
h2 { font-size: 15pt; margin: 8mm 0 3mm; }
h3 { font-size: 12pt; margin: 6mm 0 2mm; }
h1, h2, h3 { line-height: 1.2; page-break-after: avoid; }
h4, h5, h6 { bookmark-level: none; }
a { color: #000; text-decoration: none; }
dl { margin: 2mm 0; }
dt { font-weight: bold; }
dd { margin: 0 0 1mm 0; }
.no-print { display: none; }
"""


def pdf_language(code: str | None = None) -> str:
    """A Django language code ("en-gb") as the PDF's BCP 47 tag ("en-GB")."""
    code = code or translation.get_language() or settings.LANGUAGE_CODE
    language, _, region = code.partition("-")
    return f"{language}-{region.upper()}" if region else language


def html_to_pdf(html: str, *, title: str, language: str | None = None) -> bytes:
    """The rendered template `html` as a tagged PDF/UA-1 document called `title`.

    Links relative to the portal (a classification's link to the filtered collection) are
    made absolute with PORTAL_URL, so they work from the file too. Each build is logged
    with its size and time: they are slow enough to want watching.
    """
    # Imported here: WeasyPrint loads Pango and HarfBuzz when imported (half a second), so a
    # process that never prints does not pay for it, nor fail to start without them.
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    started = time.perf_counter()
    # No protocol allowed: every image or stylesheet address is refused (and logged).
    fetcher = URLFetcher(allowed_protocols=())
    source = HTML(string=html, base_url=f"{settings.PORTAL_URL}/", url_fetcher=fetcher)
    document = source.render(
        stylesheets=[CSS(string=STYLESHEET, url_fetcher=fetcher)], pdf_variant="pdf/ua-1"
    )
    document.metadata.title = title
    document.metadata.lang = pdf_language(language)
    document.metadata.authors = [settings.PORTAL_NAME]
    pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    logger.info(
        "Built the PDF %r: %d pages, %d bytes in %.2f s.",
        title,
        len(document.pages),
        len(pdf),
        time.perf_counter() - started,
    )
    return pdf
