"""Where a page's template time goes: exclusive time per template node, summed by node type and by line.

    DATABASE_URL=postgres://…/nvc_bench DEBUG=0 SECRET_KEY=… ALLOWED_HOSTS=testserver PERSONAL_PAGE_CACHE=0 \\
      python bench/template_profile.py /staff/volunteers/?q=やま --as staff [--repeat 10] [--top 25]

Wraps `Node.render_annotated` to time each node less the nodes inside it, over `--repeat` requests through
Django's test client (after three warm-up requests), and prints milliseconds per request. A node's time includes
what its Python does (a `{% for %}` over a queryset runs the query). Text nodes are counted in their parent.
"""

import argparse
import collections
import os
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--as", dest="username", help="log in as this account first")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.template import base
    from django.test import Client

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
    client = Client()
    if args.username:
        client.force_login(get_user_model().objects.get(username=args.username))
    for _ in range(3):
        assert client.get(args.path).status_code == 200
    by_line.clear(), by_kind.clear(), calls.clear()
    started = time.perf_counter()
    for _ in range(args.repeat):
        client.get(args.path)
    per_request = (time.perf_counter() - started) * 1000 / args.repeat
    print(f"{args.path}: {per_request:.1f} ms per request (timing included)")
    for kind, spent in by_kind.most_common(12):
        print(f"{spent * 1000 / args.repeat:8.2f} ms  {kind}")
    print()
    for (name, line, contents), spent in by_line.most_common(args.top):
        print(
            f"{spent * 1000 / args.repeat:8.2f} ms {calls[name, line, contents] / args.repeat:6.1f}×  {name}:{line}  {contents}"
        )


if __name__ == "__main__":
    main()
