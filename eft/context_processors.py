from eft.choices import Role
from eft.navigation import areas_for
from eft.permissions import has_role


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    areas = areas_for(user)
    active = next(
        (a.key for a in areas if any(request.path.startswith(link.url) for link in a.links)), ""
    )
    return {
        "nav_areas": areas,
        "nav_active": active,
        "nav_is_trainee": has_role(user, Role.TRAINEE),
        # Only those who are put on sessions have a planning of their own.
        "nav_has_planning": has_role(user, Role.TRAINER, Role.TRAINEE),
    }
