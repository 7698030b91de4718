"""A person's permissions, kept in their session until their roles change.

Every signed-in page asks `has_perm` (the layout's "Organise" link at least), which costs
Django's ModelBackend two queries: the person's own permissions and their groups'. The answer
changes only when a person's groups or permissions change, or a group's permissions do, so
networks/middleware.py keeps it in the session with the time it was asked, and these signals
move `User.roles_changed_at` on past it whenever one of those changes.

Whether they coordinate a network is kept with them (`coordinates_networks`), and appointing
or removing a coordinator, or deleting a network, moves it on too: the recommendations list
asked it of every signed-in visitor, for its import link, in a query of its own.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import m2m_changed, pre_delete
from django.utils import timezone

from . import signed_in
from .models import Network, User

SESSION_KEY = "_permissions"


def permissions_for(user, session) -> None:
    """Give `user` the permissions its session holds, or ask and keep them there."""
    # Whose and when: a session signed in as someone else since never lends them its answer.
    stamp = f"{user.pk}:{user.roles_changed_at.isoformat()}"
    kept = session.get(SESSION_KEY)
    if kept and kept[0] == stamp and len(kept) == 3:
        # Where ModelBackend keeps what it has asked, for the rest of the request.
        user._perm_cache = set(kept[1])
        user._coordinates_networks = kept[2]
        return
    permissions = ModelBackend().get_all_permissions(user)
    user._coordinates_networks = user.coordinated_networks.exists()
    session[SESSION_KEY] = [stamp, sorted(permissions), user._coordinates_networks]


def coordinates_networks(user) -> bool:
    """Whether `user` (signed in) coordinates a network: as their session holds it, or asked."""
    kept = getattr(user, "_coordinates_networks", None)
    return kept if kept is not None else user.coordinated_networks.exists()


def _people_changed(queryset, *people) -> None:
    now = timezone.now()
    queryset.update(roles_changed_at=now)
    # An update sends no save signals: the people kept for their sessions are asked again.
    signed_in.forget_everyone()
    # The person in hand too, so a sign-in straight after keeps an answer that is still current.
    for person in people:
        person.roles_changed_at = now


def _user_roles_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, User):
        _people_changed(User.objects.filter(pk=instance.pk), instance)
    elif action == "post_clear":
        # From the group's side the people are gone already; pre_clear would name them, but a
        # clear from that side is rare: everyone asks again.
        _people_changed(User.objects.all())
    else:
        _people_changed(User.objects.filter(pk__in=pk_set or ()))


def _group_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, Group):
        _people_changed(User.objects.filter(groups=instance))
    else:  # a permission's groups changed, from the permission's side
        _people_changed(User.objects.all())


def _group_deleted(sender, instance, **kwargs):
    _people_changed(User.objects.filter(groups=instance))


def _network_deleted(sender, instance, **kwargs):
    _people_changed(User.objects.filter(coordinated_networks=instance))


def _signed_in(sender, request, user, **kwargs):
    # Asked while the session is being written anyway, so the first page costs nothing more.
    if request is not None and hasattr(request, "session"):
        permissions_for(user, request.session)


def connect() -> None:
    user_logged_in.connect(_signed_in, dispatch_uid="roles-signed-in")
    m2m_changed.connect(
        _user_roles_changed, sender=User.groups.through, dispatch_uid="roles-user-groups"
    )
    m2m_changed.connect(
        _user_roles_changed,
        sender=User.user_permissions.through,
        dispatch_uid="roles-user-permissions",
    )
    m2m_changed.connect(
        _group_permissions_changed,
        sender=Group.permissions.through,
        dispatch_uid="roles-group-permissions",
    )
    pre_delete.connect(_group_deleted, sender=Group, dispatch_uid="roles-group-deleted")
    # From a network's side the people are in pk_set; from a person's, the person.
    m2m_changed.connect(
        _user_roles_changed,
        sender=Network.coordinators.through,
        dispatch_uid="roles-network-coordinators",
    )
    pre_delete.connect(_network_deleted, sender=Network, dispatch_uid="roles-network-deleted")
