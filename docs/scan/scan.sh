#!/bin/sh
# One wapiti scan of a local instance at http://127.0.0.1:8765/ (see docs/security-scan.md).
#   docs/scan/scan.sh ROLE [COOKIE]     e.g. docs/scan/scan.sh staff "sessionid=…; csrftoken=…" (make_sessions.py)
#   SCAN_BASE=http://127.0.0.1:8767/ docs/scan/scan.sh …   another port (the default is 8765)
#   SCAN_PATH=mypage/ docs/scan/scan.sh volunteer-mypage "sessionid=…"   only the pages under /mypage/
# Report: /tmp/wapiti-ROLE.txt. Only 127.0.0.1 is ever scanned; ssrf/xxe (which call wapiti's outside
# endpoint) and the brute-force modules are left out.
set -u
ROLE=$1; COOKIE=${2:-}
BASE=${SCAN_BASE:-http://127.0.0.1:8765/}
case "$BASE" in http://127.0.0.1:*) ;; *) echo "only a local instance (http://127.0.0.1:PORT/) is scanned" >&2; exit 2;; esac
MODULES=blindsql,cookieflags,csp,crlf,exec,file,http_headers,methods,permanentxss,redirect,sql,xss
HERE=$(dirname "$0")
set -- -u "$BASE${SCAN_PATH:-}" --scope folder -m "$MODULES" \
  -x "${BASE}accounts/logout/" -x "${BASE}mypage/withdraw/" -x "${BASE}admin/*" \
  -x "${BASE}text-size/*" -x "${BASE}furigana/*" -x "${BASE}language/*" \
  --max-scan-time 240 --max-attack-time 40 --max-links-per-page 60 --flush-session --no-bugreport -v 0 \
  --store-session "/tmp/wapiti-session-$ROLE" -f txt -o "/tmp/wapiti-$ROLE.txt"
if [ -n "$COOKIE" ]; then set -- "$@" -H "Cookie: $COOKIE"; fi
# Debian's wapiti 3.0.4 crashes on -x under Python 3.11; the wrapper fixes that one regex and runs it.
/usr/bin/python3 "$HERE/wapiti_py311.py" "$@"
