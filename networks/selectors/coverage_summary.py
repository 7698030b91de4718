"""The coverage map's gaps in short sentences a community group can read: who is missing in
the place chosen, and which networks come nearest. Built from a CoverageMap, no queries."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .coverage import CoverageMap, GroupGap, Intersection

NUMBERS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def number(n: int) -> str:
    return NUMBERS[n] if 0 <= n < len(NUMBERS) else str(n)


def listed(names) -> str:
    """ "A", "A and B", "A, B and C"."""
    names = [str(name) for name in names]
    if len(names) < 2:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _named(names, total: int) -> str:
    """The first few names, and how many more there are."""
    more = total - len(names)
    if more > 0:
        return listed([*names, _("%(n)s more") % {"n": number(more)}])
    return listed(names)


def _where(cmap: CoverageMap) -> str:
    return _(" in %(place)s") % {"place": cmap.place.label} if cmap.place else ""


def intersection_sentences(found: Intersection, where: str, *, place: bool) -> str:
    names = listed(group.name for group in found.groups)
    words = []
    if found.network_count:
        words.append(
            ngettext(
                "%(n)s network%(where)s covers %(groups)s together: %(names)s.",
                "%(n)s networks%(where)s cover %(groups)s together: %(names)s.",
                found.network_count,
            )
            % {
                "n": number(found.network_count),
                "where": where,
                "groups": names,
                "names": _named([n.name for n in found.networks[:3]], found.network_count),
            }
        )
    else:
        words.append(
            _("No network%(where)s covers %(groups)s together.") % {"where": where, "groups": names}
        )
        if found.near:
            close = [
                _("%(network)s (%(groups)s)")
                % {"network": near.name, "groups": listed(group.name for group in near.covers)}
                for near in found.near
            ]
            words.append(
                ngettext(
                    "%(n)s network comes close: %(names)s.",
                    "%(n)s networks come close: %(names)s.",
                    len(close),
                )
                % {"n": number(len(close)), "names": listed(close)}
            )
        else:
            words.append(_("No network%(where)s covers any of them.") % {"where": where})
        if found.elsewhere:
            words.append(
                ngettext(
                    "In other places, %(names)s covers them all.",
                    "In other places, %(names)s cover them all.",
                    len(found.elsewhere),
                )
                % {"names": listed(found.elsewhere)}
            )
        elif place:
            words.append(_("No network anywhere covers them all yet."))
    if found.organisation_count:
        words.append(
            ngettext(
                "%(n)s organisation%(where)s serves all of them at once.",
                "%(n)s organisations%(where)s serve all of them at once.",
                found.organisation_count,
            )
            % {"n": number(found.organisation_count), "where": where}
        )
    else:
        words.append(_("No organisation%(where)s serves all of them at once.") % {"where": where})
    return " ".join(sentence(word) for word in words)


def gap_sentences(gap: GroupGap, where: str) -> str:
    """What more there is to say about one group nobody covers here ("" when nothing): the
    networks covering it in other places, the organisations here in no network."""
    words = []
    if gap.more_elsewhere:
        words.append(
            _("networks covering it in other places include %(names)s.")
            % {"names": listed(gap.elsewhere)}
        )
    elif gap.elsewhere:
        words.append(
            ngettext(
                "%(n)s network covers it in other places: %(names)s.",
                "%(n)s networks cover it in other places: %(names)s.",
                len(gap.elsewhere),
            )
            % {"n": number(len(gap.elsewhere)), "names": listed(gap.elsewhere)}
        )
    if gap.organisations:
        words.append(
            ngettext(
                "%(n)s organisation%(where)s serves it but is in no network yet.",
                "%(n)s organisations%(where)s serve it but are in no network yet.",
                gap.organisations,
            )
            % {"n": number(gap.organisations), "where": where}
        )
    if not words:
        return ""
    return f"{gap.group.name}: " + " ".join(
        word if n == 0 else sentence(word) for n, word in enumerate(words)
    )


def summary(cmap: CoverageMap) -> list[str]:
    """The gaps, one short paragraph each: the intersection chosen first, then the groups no
    network covers, those no network covers anywhere, and what is near for each."""
    where = _where(cmap)
    place = bool(cmap.place)
    paragraphs = []
    if cmap.intersection is not None:
        paragraphs.append(intersection_sentences(cmap.intersection, where, place=place))
    if not cmap.gaps:
        paragraphs.append(
            _("Every group has at least one network%(where)s that covers it.") % {"where": where}
        )
        return paragraphs
    if len(cmap.gaps) == len(cmap.groups):
        paragraphs.append(_("No network%(where)s covers any group yet.") % {"where": where})
    else:
        paragraphs.append(
            _("No network%(where)s covers %(groups)s.")
            % {"where": where, "groups": listed(gap.group.name for gap in cmap.gaps)}
        )
    nowhere = [gap.group.name for gap in cmap.gaps if not gap.elsewhere]
    if place and nowhere:
        paragraphs.append(
            _("No network anywhere covers %(groups)s yet.") % {"groups": listed(nowhere)}
        )
    paragraphs.extend(text for gap in cmap.gaps if (text := gap_sentences(gap, where)))
    return paragraphs
