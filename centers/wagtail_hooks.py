from .roles_admin import *  # noqa: F403
