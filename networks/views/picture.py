"""The network picture: who is linked to whom, drawn on the server as an SVG image (no
script), with the same links as a text list, and the organisations that bridge networks."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.loader import render_to_string

from socialjustice.pagecache import cached, cached_alone, kept_params, page_number, public_response

from ..pages import NETWORK_PAGES, PICTURE
from ..selectors import picture as selectors

PARAMS = {"page": page_number}
NETWORKS_PER_PAGE = 20
# Laying out a directory of 20,000 organisations takes about 3 s (bench/networks.py): one
# request builds it while the others wait for it, up to this long.
WAIT_SECONDS = 10.0
LAYOUT_LOCK_SECONDS = 60


@public_response("picture", groups=(NETWORK_PAGES,), params=PARAMS)
def picture_page(request):
    """Anyone may look. The drawing is built once for everyone, by one request at a time (the
    layout and the bridges take a moment with a large directory), and again when a network,
    an organisation or a collaboration changes; the page around it is kept with the
    directory's other pages."""
    query = kept_params(request, PARAMS)

    def build_drawing():
        drawn = selectors.picture()
        return render_to_string("networks/picture/drawing.html", {"picture": drawn})

    def build_list():
        page = Paginator(selectors.networks_with_links(), NETWORKS_PER_PAGE).get_page(
            query.get("page")
        )
        return render_to_string(
            "networks/picture/links.html",
            {
                "page": page,
                "query": query,
                "collaborations": selectors.collaborations_with_links(),
            },
        )

    return render(
        request,
        "networks/picture/picture.html",
        {
            "drawing": cached_alone(
                (PICTURE,),
                "picture",
                build=build_drawing,
                wait_seconds=WAIT_SECONDS,
                lock_seconds=LAYOUT_LOCK_SECONDS,
            ),
            "links": cached((PICTURE,), "picture-links", query.urlencode(), build=build_list),
        },
    )
