"""The network picture: who is linked to whom, drawn on the server as an SVG image (no
script), with the same links as a text list, and the organisations that bridge networks."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.loader import render_to_string

from socialjustice.pagecache import cached, kept_params, page_number, public_response

from ..pages import NETWORK_PAGES
from ..selectors import picture as selectors

PARAMS = {"page": page_number}
NETWORKS_PER_PAGE = 20


@public_response("picture", groups=(NETWORK_PAGES,), params=PARAMS)
def picture_page(request):
    """Anyone may look. The drawing is built once for everyone (the layout and the bridges
    take a moment with a large directory), and again when the directory changes."""
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
            "drawing": cached((NETWORK_PAGES,), "picture", build=build_drawing),
            "links": cached((NETWORK_PAGES,), "picture-links", query.urlencode(), build=build_list),
        },
    )
