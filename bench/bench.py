"""Drive the key pages of a running server with wrk and report req/s, p50/p95/p99 and queries per request.

Run by bench/run.sh (which builds the dataset and starts gunicorn); by hand:
    DJANGO_SETTINGS_MODULE=bench.settings python bench/bench.py run --base http://127.0.0.1:8799
    python bench/bench.py createdb NAME      # drop and create a database on the cluster of DATABASE_URL

Some pages are measured twice more: with the ふりがな switch on (the `furigana=on` cookie; the ruby is added on the
server, config/core/furigana.py), and, for anonymous pages, "rendered" — with a session cookie that matches no session,
so the anonymous page cache (config/core/pagecache.py) is bypassed and the cost of rendering the page shows.
Logged-in pages are served from each person's own copy when nothing was written since their last view
(`cached_per_person`); their "rendered" rows are measured against a second server with that cache off
(`--rendered-base`, PERSONAL_PAGE_CACHE=0): the first view after any write.

Queries per request are counted in this process with Django's test client and CaptureQueriesContext (the second
request of each page, so per-process caches are warm as they are on the server). Logged-in pages use a session made
here for the demo account of each role; the server reads it from the same database.
"""

import argparse
import datetime
import json
import os
import pathlib
import platform
import re
import statistics
import subprocess
import sys
import time
from urllib.parse import quote

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

# Demo accounts of each role (config/core/demo.py); None is anonymous.
ROLES = {
    "anonymous": None,
    "staff": "staff",
    "committee": "iinkai",
    "volunteer": "volunteer",
    "group": "dantai",
}


FURIGANA = {"furigana": "on"}
RENDERED = {"sessionid": "no-such-session"}  # bypasses the anonymous page cache; still anonymous


def pages() -> list[tuple[str, str, str, dict]]:
    """(label, role, path, extra cookies) for every key page, with ids looked up in the dataset."""
    from django.utils import timezone

    from config.core.dates import current_fiscal_year
    from programs.models import Event
    from volunteers.models import VolunteerGroup

    today = timezone.localdate()
    event = Event.objects.public().filter(sessions__starts_at__date__gte=today).order_by("pk").first()
    group = VolunteerGroup.objects.filter(representative__username="dantai").order_by("pk").first()
    fy = current_fiscal_year()
    return [
        ("minimal view (ceiling)", "anonymous", "/__bench__/ok/", {}),
        ("top", "anonymous", "/", {}),
        ("top, rendered", "anonymous", "/", RENDERED),
        ("top, ふりがな", "anonymous", "/", FURIGANA),
        ("top", "volunteer", "/", {}),
        ("top, ふりがな", "volunteer", "/", FURIGANA),
        ("event list", "anonymous", "/events/", {}),
        ("event list, rendered", "anonymous", "/events/", RENDERED),
        ("event list, ふりがな", "anonymous", "/events/", FURIGANA),
        ("event list, ふりがな, rendered", "anonymous", "/events/", FURIGANA | RENDERED),
        ("event detail", "anonymous", f"/events/{event.pk}/", {}),
        ("public room week view", "anonymous", "/rooms/calendar/tanashi/", {}),
        ("public room week view, rendered", "anonymous", "/rooms/calendar/tanashi/", RENDERED),
        ("public room week view, ふりがな", "anonymous", "/rooms/calendar/tanashi/", FURIGANA),
        (
            "public room week view, ふりがな, rendered",
            "anonymous",
            "/rooms/calendar/tanashi/",
            FURIGANA | RENDERED,
        ),
        ("group's site week view", "group", "/rooms/tanashi/week/", {}),
        ("group's site week view, ふりがな", "group", "/rooms/tanashi/week/", FURIGANA),
        ("equipment availability", "group", "/equipment/", {}),
        ("group page (rooms)", "group", "/rooms/mine/", {}),
        ("group page", "group", f"/mypage/groups/{group.pk}/", {}),
        ("volunteer's my page", "volunteer", "/mypage/", {}),
        ("staff volunteers, furigana search", "staff", "/staff/volunteers/?q=やま", {}),
        ("staff groups, search", "staff", "/staff/groups/?q=てんやく", {}),
        ("staff requests, search", "staff", "/staff/requests/?q=さとう", {}),
        ("staff consultations, search", "staff", "/staff/consultations/?q=たなか", {}),
        ("staff bookings", "staff", "/staff/rooms/", {}),
        ("staff loans, search", "staff", "/staff/equipment/?q=T-01", {}),
        ("staff enrolments, search", "staff", "/staff/insurance/?q=すずき", {}),
        ("plans progress", "staff", "/plans/progress/", {}),
        ("plans progress", "committee", "/plans/progress/", {}),
        ("year-end report", "staff", f"/plans/report/{fy - 1}/", {}),
    ]


def cookie_jar(session: str | None, extra: dict) -> dict:
    """The cookies of one page's requests: the role's session, then the page's own (ふりがな, a no-match session)."""
    return ({"sessionid": session} if session else {}) | extra


def sessions() -> dict[str, str | None]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    cookies = {}
    for role, username in ROLES.items():
        if username is None:
            cookies[role] = None
            continue
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        cookies[role] = client.cookies["sessionid"].value
    return cookies


def queries(
    role: str, path: str, cookies: dict, repeat: int, *, personal_cache: bool = True
) -> tuple[int, int, float]:
    """(status, queries, median ms) of a page through the test client: queries of the second request, and the
    median time of `repeat` requests one after another (no concurrency: the cost of one request on this machine)."""
    from django.test.utils import override_settings

    with override_settings(PERSONAL_PAGE_CACHE=personal_cache):
        return _queries(path, cookies, repeat)


def _queries(path: str, cookies: dict, repeat: int) -> tuple[int, int, float]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for name, value in cookies.items():
        client.cookies[name] = value
    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    count = len(ctx.captured_queries)  # read now: every request_started clears the connection's query log
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    return response.status_code, count, statistics.median(times)


def wrk(url: str, cookies: dict, *, duration: int, warmup: int, connections: int) -> dict:
    jar = "; ".join(f"{name}={value}" for name, value in cookies.items())
    headers = ["-H", f"Cookie: {jar}"] if jar else []
    base = ["wrk", "-t2", f"-c{connections}", "--timeout", "10s", *headers]
    subprocess.run([*base, f"-d{warmup}s", url], check=True, capture_output=True)
    out = subprocess.run(
        [*base, f"-d{duration}s", "--latency", "-s", str(ROOT / "bench" / "report.lua"), url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    match = re.search(r"^JSON (.*)$", out, re.M)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result = json.loads(match.group(1))
    result["non2xx"] = int(non2xx.group(1)) if non2xx else 0
    return result


def versions() -> dict:
    import django

    def first_line(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()[0]
        except (OSError, IndexError):
            return "?"

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    cpu = next(
        (line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
        "?",
    )
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": postgres,
        "load": " ".join(open("/proc/loadavg").read().split()[:3]),
        "gunicorn": first_line([str(ROOT / ".venv/bin/gunicorn"), "--version"]),
        "wrk": first_line(["wrk", "-v"]),
    }


def table(results: list[dict], meta: dict) -> str:
    ceiling = results[0]["rps"]
    lines = [
        f"Run {meta['date']} on {meta['machine']}; Python {meta['python']}, Django {meta['django']}, "
        f"PostgreSQL {meta['postgresql']}, {meta['gunicorn']}, {meta['wrk']}; load average {meta['load']} at the start.",
        f"wrk -t2 -c{meta['connections']} -d{meta['duration']}s after a {meta['warmup']} s warm-up; gunicorn 2 sync workers.",
        "",
        "| page | as | req/s | p50 ms | p95 ms | p99 ms | queries | ms alone | share of ceiling |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        bad = f" ({r['non2xx']} non-2xx)" if r["non2xx"] else ""
        lines.append(
            f"| {r['label']} | {r['role']} | {r['rps']:,.0f}{bad} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} "
            f"| {r['queries']} | {r['serial_ms']:.1f} | {100 * r['rps'] / ceiling:.1f} % |"
        )
    return "\n".join(lines)


def run(args) -> None:
    import django

    django.setup()
    cookies = sessions()
    meta = versions() | {"duration": args.duration, "warmup": args.warmup, "connections": args.connections}
    results = []
    measured = []
    for label, role, path, extra in pages():
        measured.append((label, role, path, extra, args.base, True))
        if role != "anonymous" and args.rendered_base:
            measured.append((f"{label}, rendered", role, path, extra, args.rendered_base, False))
    for label, role, path, extra, base, personal_cache in measured:
        if args.only and not any(word in label for word in args.only):
            continue
        jar = cookie_jar(cookies[role], extra)
        status, count, serial_ms = queries(role, path, jar, args.repeat, personal_cache=personal_cache)
        if status != 200:
            raise SystemExit(f"{label} ({role}) {path}: status {status}")
        result = wrk(
            base + quote(path, safe="/?=&"),
            jar,
            duration=args.duration,
            warmup=args.warmup,
            connections=args.connections,
        )
        results.append(
            result | {"label": label, "role": role, "path": path, "queries": count, "serial_ms": serial_ms}
        )
        print(
            f"{label:40} {role:10} {result['rps']:8.0f} req/s  p95 {result['p95']:7.1f} ms  {count} queries  "
            f"{serial_ms:.1f} ms alone",
            flush=True,
        )
    pathlib.Path(args.out).write_text(
        json.dumps({"meta": meta, "results": results}, ensure_ascii=False, indent=1)
    )
    print()
    print(table(results, meta))


def createdb(name: str) -> None:
    import django

    django.setup()
    from django.db import connection

    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise SystemExit("a database name of lower-case letters, digits and _")
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run")
    r.add_argument("--base", default="http://127.0.0.1:8799")
    r.add_argument(
        "--rendered-base", help="the same app with PERSONAL_PAGE_CACHE=0, for the logged-in 'rendered' rows"
    )
    r.add_argument("--duration", type=int, default=10)
    r.add_argument("--warmup", type=int, default=3)
    r.add_argument("--connections", type=int, default=8)
    r.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    r.add_argument("--repeat", type=int, default=20, help="requests one after another for the 'alone' time")
    r.add_argument("--only", nargs="*", help="only pages whose label contains one of these words")
    c = sub.add_parser("createdb")
    c.add_argument("name")
    args = parser.parse_args()
    if args.command == "run":
        run(args)
    else:
        createdb(args.name)


if __name__ == "__main__":
    main()
