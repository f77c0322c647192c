"""Profile one page on the benchmark database with pyinstrument, and time it (median of many requests).

    DATABASE_URL=postgres://…/nvc_bench DEBUG=0 SECRET_KEY=… ALLOWED_HOSTS=testserver \\
      python bench/profile.py /rooms/calendar/tanashi/ [--as dantai] [--furigana] [--uncached] [--repeat 50]

`--uncached` sends a session cookie that matches no session, so the anonymous page cache (config/core/pagecache.py)
is bypassed and the page is rendered (set PERSONAL_PAGE_CACHE=0 for a logged-in page); `--furigana` sets the
ふりがな cookie. Prints the median and p90 request time through Django's test client (all middleware, production
settings) and pyinstrument's text report of ten requests.

`--nodes` prints, instead of pyinstrument's report, where the template time goes: each node's time less the nodes
inside it (`Node.render_annotated` wrapped), summed by node type and by template line, per request. A node's time
includes what its Python does (a `{% for %}` over a queryset runs the query); text nodes count in their parent.
"""

import argparse
import os
import pathlib
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--as", dest="username", help="log in as this account first")
    parser.add_argument("--furigana", action="store_true")
    parser.add_argument("--uncached", action="store_true")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--nodes", action="store_true", help="time per template node instead of pyinstrument")
    parser.add_argument("--top", type=int, default=25, help="template lines to list with --nodes")
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from pyinstrument import Profiler

    client = Client()
    if args.username:
        client.force_login(get_user_model().objects.get(username=args.username))
    elif args.uncached:
        client.cookies["sessionid"] = "no-such-session"
    if args.furigana:
        client.cookies["furigana"] = "on"
    for _ in range(3):
        assert client.get(args.path).status_code == 200
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        client.get(args.path)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    print(
        f"{args.path} {'(' + args.username + ')' if args.username else ''}{' ふりがな' if args.furigana else ''}"
        f"{' uncached' if args.uncached else ''}: median {statistics.median(times):.1f} ms, "
        f"p90 {times[int(len(times) * 0.9) - 1]:.1f} ms over {args.repeat} requests"
    )
    if args.nodes:
        print_node_times(client, args.path, 10, args.top)
    elif not args.no_profile:
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(10):
            client.get(args.path)
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))


def print_node_times(client, path: str, repeat: int, top: int) -> None:
    import collections

    from django.template import base

    by_line, by_kind, calls = collections.Counter(), collections.Counter(), collections.Counter()
    inner: list[float] = []
    render_annotated = base.Node.render_annotated

    def timed(node, context):
        started = time.perf_counter()
        inner.append(0.0)
        try:
            return render_annotated(node, context)
        finally:
            spent = time.perf_counter() - started
            own = spent - inner.pop()
            token = node.token
            key = (
                getattr(node.origin, "template_name", "?"),
                token.lineno if token else 0,
                token.contents[:50] if token else "",
            )
            by_line[key] += own
            by_kind[type(node).__name__] += own
            calls[key] += 1
            if inner:
                inner[-1] += spent

    base.Node.render_annotated = timed
    try:
        started = time.perf_counter()
        for _ in range(repeat):
            client.get(path)
        per_request = (time.perf_counter() - started) * 1000 / repeat
    finally:
        base.Node.render_annotated = render_annotated
    print(f"\ntemplate nodes, {per_request:.1f} ms per request with the timing:")
    for kind, spent in by_kind.most_common(12):
        print(f"{spent * 1000 / repeat:8.2f} ms  {kind}")
    print()
    for (name, line, contents), spent in by_line.most_common(top):
        print(
            f"{spent * 1000 / repeat:8.2f} ms {calls[name, line, contents] / repeat:6.1f}×  {name}:{line}  {contents}"
        )


if __name__ == "__main__":
    main()
