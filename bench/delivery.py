"""Benchmark: `publish` of a portfolio to a local Radicale, and `serve` under a bounded load.

Run: .venv/bin/python bench/delivery.py [--missions 10] [--requests 2000] [--clients 4]

publish: a generated portfolio (bench/generate.py) to a fresh Radicale on 127.0.0.1, the
whole command in this process (validation, events, every request): the first run creates the
calendars and every event, the rerun reads them back and writes nothing.

serve: `missionplan serve` in its own process on a free loopback port; one person's feed
fetched N times in total by C keep-alive clients in threads (httpx), every answer checked to
be a 200 with the same ETag; latency percentiles per request and requests per second overall.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

import generate  # noqa: E402  (bench/ and tests/ are not packages: found via sys.path above)
from servers import free_port, radicale, wait_for  # noqa: E402

SECRET = "bench-secret-0123456789abcdef"


def publish_times(missions: int) -> dict[str, float]:
    """Seconds for the first publish and for a rerun with nothing changed, and the counts."""
    from missionplan.app.publish import Target, publish

    with tempfile.TemporaryDirectory() as scratch:
        folder = generate.generate(missions, Path(scratch) / "portfolio")
        with radicale(Path(scratch) / "radicale") as server:
            target = Target(server.home("planner1"), "planner1", server.password)
            started = time.perf_counter()
            first = publish([folder], target)
            first_time = time.perf_counter() - started
            started = time.perf_counter()
            again = publish([folder], target)
            again_time = time.perf_counter() - started
    added = sum(len(o.added) for o in first.outcomes)
    rewritten = sum(len(o.added) + len(o.updated) + len(o.removed) for o in again.outcomes)
    assert rewritten == 0, "the rerun wrote something"
    return {
        "first": first_time,
        "again": again_time,
        "events": added,
        "people": len(first.outcomes),
        "published": missions - len(first.skipped),
    }


def serve_load(requests: int, clients: int) -> dict[str, float]:
    """Latency (ms, p50 / p95 / max) and requests per second for one person's feed."""
    import httpx

    from missionplan.deliver.feeds import token

    seed = HERE.parent / "itineraries" / "iom-tjk-uzb-2022-05.toml"
    port = free_port()
    env = {**os.environ, "MISSIONPLAN_FEED_SECRET": SECRET}
    command = [sys.executable, "-m", "missionplan", "serve", str(seed), "--port", str(port)]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    try:
        wait_for(port, process)
        url = f"http://127.0.0.1:{port}/{token(SECRET.encode(), 'taher')}/taher.ics"
        with httpx.Client() as warm:
            first = warm.get(url)
            assert first.status_code == 200
            etag = first.headers["etag"]
        latencies: list[float] = []
        lock = threading.Lock()
        share = [requests // clients + (1 if i < requests % clients else 0) for i in range(clients)]

        def worker(count: int) -> None:
            mine = []
            with httpx.Client(timeout=30) as client:
                for _ in range(count):
                    started = time.perf_counter()
                    answer = client.get(url)
                    mine.append(time.perf_counter() - started)
                    assert answer.status_code == 200 and answer.headers["etag"] == etag
            with lock:
                latencies.extend(mine)

        threads = [threading.Thread(target=worker, args=(n,)) for n in share]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    finally:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(10)
        if process.poll() is None:
            process.kill()
    assert len(latencies) == requests
    ordered = sorted(latencies)
    return {
        "p50": statistics.median(ordered) * 1000,
        "p95": ordered[int(len(ordered) * 0.95) - 1] * 1000,
        "max": ordered[-1] * 1000,
        "rate": requests / elapsed,
        "bytes": len(first.content),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--missions", type=int, default=10)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    times = publish_times(args.missions)
    print(
        f"publish {times['published']:.0f} of {args.missions} missions"
        f" ({times['events']:.0f} events, {times['people']:.0f} people) to local Radicale:"
        f" first run {times['first']:.2f} s, no-change rerun {times['again']:.2f} s"
    )
    load = serve_load(args.requests, args.clients)
    print(
        f"serve one feed ({load['bytes']:.0f} B), {args.requests} requests, {args.clients} clients:"
        f" {load['rate']:.0f} requests/s, latency p50 {load['p50']:.1f} ms,"
        f" p95 {load['p95']:.1f} ms, max {load['max']:.1f} ms"
    )


if __name__ == "__main__":
    main()
