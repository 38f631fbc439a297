from eft.choices import Role
from eft.navigation import areas_for
from eft.permissions import has_role


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    current = request.resolver_match.namespace if request.resolver_match else ""
    path = request.path
    areas = areas_for(user)
    active = next(
        (a.key for a in areas if any(path.startswith(link.url) for link in a.links)), current
    )
    return {
        "nav_areas": areas,
        "nav_active": active,
        "nav_is_trainee": has_role(user, Role.TRAINEE),
    }
