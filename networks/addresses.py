"""Slugs rows must not take, because a page at the same address comes first in urls.py."""

# /networks/<slug>/
NETWORK = frozenset(
    {"collaborations", "coverage", "organisations", "partnerships", "picture", "stakeholders"}
)
# /networks/organisations/<slug>/
ORGANISATION = frozenset({"new", "import", "imports", "export"})
# /networks/collaborations/<slug>/ and /networks/stakeholders/<slug>/
COLLABORATION = frozenset({"new"})
STAKEHOLDER_LIST = frozenset({"new"})
