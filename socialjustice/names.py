"""How the portal writes a person with where they work, the same on every page, pack, PDF
and email: "Dr Ghazala Mir (Leeds Institute of Health Sciences)". Brackets, not a comma: a
speaker's role goes inside them too ("Professor Adam Crawford (Director, Leeds Social
Sciences Institute)"), and the programme editor reads the same form back."""


def with_organisation(name: str, organisation: str = "") -> str:
    """ "Name (Organisation)"; the name alone without an organisation, the organisation alone
    without a name."""
    name, organisation = (name or "").strip(), (organisation or "").strip()
    if name and organisation:
        return f"{name} ({organisation})"
    return name or organisation
