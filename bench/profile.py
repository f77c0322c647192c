"""Profile one page on the benchmark database with pyinstrument, and time it (median of many requests).

    DATABASE_URL=postgres://…/nvc_bench DEBUG=0 SECRET_KEY=… ALLOWED_HOSTS=testserver \\
      python bench/profile.py /rooms/calendar/tanashi/ [--as dantai] [--furigana] [--uncached] [--repeat 50]

`--uncached` sends a session cookie that matches no session, so the anonymous page cache (config/core/pagecache.py)
is bypassed and the page is rendered; `--furigana` sets the ふりがな cookie. Prints the median and p90 request time
through Django's test client (all middleware, production settings) and pyinstrument's text report of one request.
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
    if not args.no_profile:
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(10):
            client.get(args.path)
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
