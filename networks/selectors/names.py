"""Networks found by the names people type: suggestions as they type, and the networks a
list of typed names means."""

from django.db.models import Q

from ..models import Network

# A network's name may hold commas itself ("Race, Faith and Belief"): up to this many pieces
# between commas are tried together as one name.
PIECES_IN_A_NAME = 4


def network_suggestions(query: str, *, limit: int = 10) -> list[str]:
    """The directory's network names containing what was typed (two letters or more), or
    whose short name it is, for the registration form's networks field. Every name in the
    directory is public."""
    query = " ".join(query.split())
    if len(query) < 2:
        return []
    return list(
        Network.objects.filter(Q(name__icontains=query) | Q(short_name__iexact=query))
        .order_by("name")
        .values_list("name", flat=True)[:limit]
    )


def _spaced(name: str) -> str:
    """A name as typed, without spaces around it and with those between words as one."""
    return " ".join(name.split())


def _key(name: str) -> str:
    """A name as it is compared: in any case."""
    return _spaced(name).casefold()


def networks_named(text: str) -> tuple[list[Network], list[str], list[str]]:
    """The networks whose names (or short names) are typed in `text`, separated by commas, in
    the order typed; the names found nowhere; and the names that more than one network has.
    One query."""
    pieces = text.split(",")
    tried = {
        _spaced(",".join(pieces[start:end]))
        for start in range(len(pieces))
        for end in range(start + 1, min(len(pieces), start + PIECES_IN_A_NAME) + 1)
    } - {""}
    by_name, by_short_name = {}, {}
    if tried:
        matching = Q()
        for name in tried:
            matching |= Q(name__iexact=name) | Q(short_name__iexact=name)
        for network in Network.objects.filter(matching):
            by_name.setdefault(_key(network.name), []).append(network)
            if network.short_name:
                by_short_name.setdefault(_key(network.short_name), []).append(network)
    found, unknown, ambiguous = [], [], []
    start = 0
    while start < len(pieces):
        # The longest run of pieces that names a network, so "Race, Faith and Belief" is one.
        for end in range(min(len(pieces), start + PIECES_IN_A_NAME), start, -1):
            name = _spaced(",".join(pieces[start:end]))
            networks = by_name.get(_key(name)) or by_short_name.get(_key(name))
            if not networks:
                continue
            if len(networks) == 1:
                found.append(networks[0])
            else:
                ambiguous.append(name)
            start = end
            break
        else:
            if name := _spaced(pieces[start]):
                unknown.append(name)
            start += 1
    return list(dict.fromkeys(found)), unknown, ambiguous
