from django.conf import settings


def portal(request):
    user = getattr(request, "user", None)
    return {
        "portal_name": settings.PORTAL_NAME,
        "can_organise": bool(user and user.has_perm("socialjustice.view_organiser_area")),
    }
