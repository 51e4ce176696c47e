#!/usr/bin/env bash
# make loadtest: the service with 2 workers on loopback, driven by wrk for a bounded time.
# Prints requests per second and p50/p99 latency for /v1/extract (a 300-character Korean
# sentence) and /v1/audit (the seed article). DURATION and CONNECTIONS may be set.
# Then, on the same server, the fair-scheduling runs of tests/load/mixed.py: the seed
# article's extract alone and beside 10% of 400 KB audits (mixed), and beside one client
# looping a 1 MB audit (loop); SECONDS_PER_RUN and ROUNDS set their windows.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-32}
if ! command -v wrk >/dev/null; then
  (apt-get install -y wrk || (apt-get update && apt-get install -y wrk)) >/dev/null
fi
PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
TMP=$(mktemp -d)
trap 'kill -TERM $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$TMP"' EXIT
$PY -m service.cli serve --port "$PORT" --workers 2 > "$TMP/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
$PY - "$TMP" <<'PYEOF'
import json, sys
from pathlib import Path
tmp = Path(sys.argv[1])
# 300 characters of news prose with five figures (two stated conversions, a vague amount)
sentence = ("마이크로소프트는 2019년부터 OpenAI에 130억 달러(약 18조 원)를 투자했고, 두 회사는 1000억 달러(약 135조 원) 규모의 "
            "스타게이트 프로젝트를 추진한다. 업계는 이 계획이 완성되기까지 수십억 달러가 더 들 것으로 본다. 반도체 공급망을 "
            "확보하려는 경쟁이 치열해지면서 엔비디아의 GPU 가격도 크게 올랐고, 클라우드 업체들은 데이터센터 증설 계획을 "
            "잇달아 발표했다. 전문가들은 인공지능 투자 열기가 당분간 이어질 것으로 내다보면서도 전력과 냉각 비용이 빠르게 "
            "늘어나는 점을 위험 요인으로 꼽았다. 국내 기업들도 관련 투자를 서두르고 있다.")
sentence = (sentence * 2)[:300]
(tmp / "extract.json").write_text(json.dumps({"text": sentence}, ensure_ascii=False), encoding="utf-8")
seed = Path("seeds/000_7c994772bbdf61d2.txt").read_text(encoding="utf-8")
(tmp / "audit.json").write_text(json.dumps({"text": seed}, ensure_ascii=False), encoding="utf-8")
PYEOF
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; server: 2 uvicorn workers; wrk -t2 -c$CONNECTIONS -d$DURATION"
for endpoint in extract audit; do
  # warm up, then measure
  BODY_FILE="$TMP/$endpoint.json" wrk -t2 -c8 -d2s -s tests/load/post.lua "http://127.0.0.1:$PORT/v1/$endpoint" >/dev/null
  result=$(BODY_FILE="$TMP/$endpoint.json" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s tests/load/post.lua \
           "http://127.0.0.1:$PORT/v1/$endpoint" | grep RESULT)
  echo "/v1/$endpoint: ${result#RESULT }"
done
$PY -m tests.load.mixed --port "$PORT" --server-pid "$SERVER" --connections "$CONNECTIONS" mixed loop
