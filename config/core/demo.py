"""Demo accounts, one per role, with published passwords (development machines only)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from . import roles

# username, password, role, 姓, 名, email
DEMO_ACCOUNTS = [
    ("staff", "demo-staff-2026", roles.STAFF, "職員", "花子", "staff@example.jp"),
    ("iinkai", "demo-iinkai-2026", roles.COMMITTEE, "運営", "一郎", "iinkai@example.jp"),
    ("volunteer", "demo-volunteer-2026", roles.VOLUNTEER, "西東", "京子", "volunteer@example.jp"),
    ("dantai", "demo-dantai-2026", roles.GROUP_REP, "田無", "太郎", "dantai@example.jp"),
]


def load(stdout) -> None:
    User = get_user_model()
    roles.create_roles(Group)
    for username, password, role, last, first, email in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"last_name": last, "first_name": first, "email": email, "is_staff": role == roles.STAFF},
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=role))
        if role == roles.STAFF:  # the demo staff member may also try the roster downloads
            user.groups.add(Group.objects.get(name=roles.EXPORTER))


def describe() -> list[str]:
    return [f"  {role:<6} ユーザー名 {username:<10} パスワード {password}" for username, password, role, *_ in DEMO_ACCOUNTS]
