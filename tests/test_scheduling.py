"""Fair scheduling (service.http.work, service.http.isolation): the estimate counts every way
an amount can be written, the lanes admit and refuse as documented, light work the
estimate misjudged moves to the heavy lane, and a heavy process is stopped when its client
goes and killed when it runs past the CPU limit without checking it. Nothing here is
timed: the outcomes are asserted, and `make loadtest` measures the throughput."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings as hypothesis_settings, strategies as st

import units
from service.http.api import warm
from service.http.app import create_app
from service.http.isolation import HeavyWorkers
from service.http.problems import Problem
from service.http.work import Lane, Price, estimate_us, lane_for
from tests.conftest import SEED
from tests.work import counting
from units.config import Settings
from units.extraction import count_spots

DEFAULTS = Settings()

# one amount, every way it may be written: each must count as a spot of work
FORMS = ["일억원", "1억원", "１억원", "1億원", "일億원", "１００,０００,０００원", "$100", "＄100", "US$100", "₩1억",
         "１억　원", "1\u200b억원", "일 억 원", "十억원", "일억 원", "1억\u3000달러", "100 USD", "ＵＳＤ 100"]


@pytest.mark.parametrize("form", FORMS)
def test_every_written_form_of_an_amount_counts_as_work(form: str) -> None:
    text = (form + " ") * 830  # about 10 KB of one form
    assert count_spots(text) >= 830 * min(1, len(units.extract(form + " ")))
    if units.extract(form + " "):  # a form eokjo reads is priced as 830 figures: never inline, never light
        assert lane_for(estimate_us(text, Price.extract(2), DEFAULTS), DEFAULTS) == "heavy"


def test_ordinary_text_is_light_and_a_sentence_inline() -> None:
    seed = SEED.read_text(encoding="utf-8")
    assert lane_for(estimate_us(seed, Price.extract(2), DEFAULTS), DEFAULTS) == "light"
    assert lane_for(estimate_us("130억 달러(약 18조 원)", Price.extract(2), DEFAULTS), DEFAULTS) == "inline"
    assert lane_for(estimate_us(seed * 6, Price.extract(2), DEFAULTS), DEFAULTS) == "heavy"  # past heavy_chars


def test_a_sign_is_spotted_by_its_own_letters_only() -> None:
    """A word that opens as a sign's first letter and goes on as another sign's second
    (The: T of Tk, h of Sh; Australia: A of A$, u of Eu) is no spot; every sign is one."""
    assert count_spots("The company said on Tuesday that China and Australia agreed. Engineering rules.") == 0
    signs = ["US$5", "A$3", "HK$4", "Rs. 500", "KSh 300", "Tk 50", "NT$30", "Dh10", "SFr. 5", "RM30", "Rp 5000", "Lek 300"]
    assert all(count_spots(sign, 1) == 1 for sign in signs)
    assert [f.text for f in units.extract("US$5, A$3, HK$4, Rs. 500, NT$30, SFr. 5, Rp 5000")] == [
        "US$5", "A$3", "HK$4", "Rs. 500", "NT$30", "SFr. 5", "Rp 5000"]
    assert units.extract("compared with N$32.762 and money$937.6k") [-1].text == "$937.6k"  # (N$: another dollar's sign)


ALPHABET = st.sampled_from(list("0123456789１２３０일이삼십백천만억조경수몇億萬兆千百원달러엔$₩€¥US ,.~-()약\u200b\u3000\n가나다")
                           + ["\u1105\u1175", "ᄋ\u1165\u11a8"])  # decomposed Hangul (리, 억)


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.lists(ALPHABET, max_size=120).map("".join))
def test_no_candidate_is_read_without_a_spot_counted(text: str) -> None:
    with counting() as work_done:
        units.extract(text)
    assert work_done["candidates"] <= count_spots(text)


# ------------------------------------------------------------------ lanes


def test_a_full_lane_refuses_at_once_with_retry_after() -> None:
    async def scenario() -> list:
        lane, never = Lane("heavy", slots=1, queue=1), asyncio.get_running_loop().create_future()
        await lane.enter(never)  # running
        waiting = asyncio.ensure_future(lane.enter(never))  # queued
        await asyncio.sleep(0)
        with pytest.raises(Problem) as refused:
            await lane.enter(never)  # full: refused, not queued
        lane.leave(2.0)  # the running one ends: the queued one takes its slot
        await waiting
        return [refused.value, lane.active, lane.waiting]

    problem, active, waiting = asyncio.run(scenario())
    assert (problem.status, problem.slug) == (503, "overloaded")
    assert int(problem.headers["Retry-After"]) >= 1 and "EOKJO_HEAVY_QUEUE" in problem.detail
    assert (active, waiting) == (1, 0)


def test_a_client_that_leaves_while_queued_gives_its_place_back() -> None:
    async def scenario() -> tuple[int, int]:
        loop = asyncio.get_running_loop()
        lane, never, gone = Lane("light", slots=1, queue=4), loop.create_future(), loop.create_future()
        await lane.enter(never)
        queued = asyncio.ensure_future(lane.enter(gone))
        await asyncio.sleep(0)
        gone.set_result(None)  # the client disconnects while it waits
        with pytest.raises(units.Cancelled):
            await queued
        lane.leave()
        return lane.active, lane.waiting

    assert asyncio.run(scenario()) == (0, 0)


# ------------------------------------------------------------------ the service


def _metric(client: TestClient, line: str) -> float:
    for row in client.get("/metrics").text.splitlines():
        if row.startswith(line):
            return float(row.rsplit(" ", 1)[1])
    return 0.0


def test_light_work_the_estimate_misjudged_moves_to_the_heavy_lane(monkeypatch: pytest.MonkeyPatch) -> None:
    # an estimate fooled into pricing every spot at nothing: the light lane's own measure
    # (its CPU time past 4x light_budget_ms) sends the work on to a heavy process
    monkeypatch.setattr(Price, "EXTRACT_PER_SPOT", 0.0)
    monkeypatch.setattr(Price, "PER_CONVERSION", 0.0)
    text = "일억원 " * 2000
    outgrown = 'eokjo_lane_requests_total{lane="light",outcome="outgrown"}'
    with TestClient(create_app(Settings(light_budget_ms=2, inline_budget_ms=0))) as client:
        before = {name: _metric(client, name) for name in (outgrown, "eokjo_figures_extracted_total")}
        answer = client.post("/v1/extract", json={"text": text, "rate": "1380"})
        assert answer.status_code == 200 and len(answer.json()["figures"]) == 2000
        assert _metric(client, outgrown) - before[outgrown] == 1
        # counted once, by the heavy process (the metrics are the test process's, shared by its apps)
        assert _metric(client, "eokjo_figures_extracted_total") - before["eokjo_figures_extracted_total"] == 2000


def test_a_heavy_lane_that_is_full_answers_503_with_retry_after() -> None:
    heavy = {"text": "$1 " * 1365, "to": ["USD", "KRW", "EUR", "JPY", "CNY", "GBP", "CHF", "CAD"]}
    with TestClient(create_app(Settings(heavy_slots=1, heavy_queue=0)), raise_server_exceptions=False) as client:
        client.post("/v1/extract", json={"text": "1억 달러"})  # ready
        with ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(lambda _: client.post("/v1/extract", json=heavy), range(4)))
    statuses = sorted(a.status_code for a in answers)
    assert statuses[0] == 200 and statuses[-1] == 503, statuses
    refused = next(a for a in answers if a.status_code == 503)
    assert refused.headers["content-type"] == "application/problem+json" and int(refused.headers["retry-after"]) >= 1
    assert refused.json()["type"].endswith("overloaded")


# ------------------------------------------------------------------ heavy processes


def spin(req: object, *, budget: units.Budget, settings: Settings) -> bytes:
    """Work that never checks its budget (a heavy process must be killed to stop it)."""
    end = time.monotonic() + float(req)  # type: ignore[arg-type]
    while time.monotonic() < end:
        pass
    return b"{}"


def checking(req: object, *, budget: units.Budget, settings: Settings) -> bytes:
    """Work that checks its budget as it goes (a cancel stops it at the next check)."""
    end = time.monotonic() + float(req)  # type: ignore[arg-type]
    while time.monotonic() < end:
        budget.check()
    return b"{}"


def test_a_heavy_process_past_the_cpu_limit_is_killed_and_replaced() -> None:
    workers = HeavyWorkers(Settings(cpu_seconds=0.2, heavy_slots=1), warm)

    async def scenario() -> tuple[Problem, bytes]:
        never = asyncio.get_running_loop().create_future()
        with pytest.raises(Problem) as over:
            await workers.run(spin, 60, never)  # 60 s of work that never checks: killed at 0.2 s + grace
        return over.value, await workers.run(checking, 0.01, never)  # a new process does the next work

    try:
        problem, answer = asyncio.run(scenario())
    finally:
        workers.close()
    assert (problem.status, problem.slug) == (503, "deadline-exceeded") and answer == b"{}"


def test_a_heavy_process_stops_when_its_client_goes() -> None:
    workers = HeavyWorkers(Settings(cpu_seconds=60, heavy_slots=1, heavy_nice=0), warm)

    async def scenario() -> None:
        gone = asyncio.get_running_loop().create_future()
        asyncio.get_running_loop().call_later(0.5, gone.set_result, None)
        await workers.run(checking, 60, gone)

    try:
        workers.start()
        with pytest.raises(units.Cancelled):
            asyncio.run(scenario())
        assert len(workers._idle) == 1 and workers._idle[0].alive  # stopped by its budget, not killed
    finally:
        workers.close()


def test_a_large_body_meeting_a_full_heavy_lane_is_refused_before_it_is_read() -> None:
    """Past heavy_body_bytes a body is heavy whatever its text; when the heavy lane is full
    the 503 comes from its Content-Length, and the body is drained, not decoded: a body
    that is not even JSON gets the 503, not a 400."""
    app = create_app(Settings(heavy_queue=0, heavy_body_bytes=2048))
    with TestClient(app, raise_server_exceptions=False) as client:
        app.state.lanes.heavy.active = app.state.lanes.heavy.slots  # every slot taken
        refused = client.post("/v1/audit", content=b"x" * 4096, headers={"content-type": "application/json"})
        small = client.post("/v1/audit", content=b"x" * 100, headers={"content-type": "application/json"})
        app.state.lanes.heavy.active = 0
    assert refused.status_code == 503 and refused.json()["type"].endswith("overloaded")
    assert int(refused.headers["retry-after"]) >= 1
    assert small.status_code == 400  # a small body is read, and its JSON judged
