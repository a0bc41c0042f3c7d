"""S4: Prometheus counts add up across gunicorn's workers. Two single-threaded workers share a
metrics directory; requests are made to land on both (one worker is kept waiting for the rest
of a request meanwhile), and a scrape answered by either worker counts every request."""

from __future__ import annotations

import shutil
import socket
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.client import HTTPResponse
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.parser import text_string_to_metric_families

from tests.database import test_database_url
from tests.reliability.served import HOST, Answer, Server, gunicorn, server_env

pytestmark = pytest.mark.django_db(transaction=True)

METRICS_TOKEN = "scraper-token-for-the-metrics-test"
REQUESTS_ELSEWHERE = 9
BY_VIEW = "django_http_requests_total_by_view_transport_method_total"


@pytest.fixture(scope="module")
def metrics_folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("multiprocess")


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker, tmp_path_factory, metrics_folder):
    """Two sync workers (one thread each): a worker reading a request answers nothing else."""
    with django_db_blocker.unblock():
        env = server_env(
            test_database_url(),
            METRICS_TOKEN=METRICS_TOKEN,
            PROMETHEUS_MULTIPROC_DIR=str(metrics_folder),
        )
    log = tmp_path_factory.mktemp("metrics") / "gunicorn.log"
    with gunicorn(env, log, workers=2, threads=1) as served:
        yield served


@contextmanager
def held(server: Server, path: str, **headers: str) -> Iterator[list[Answer]]:
    """A request sent all but its last line: the worker that accepted the connection first
    waits for it, so every connection made meanwhile is answered by the other worker. Its
    answer is in the list once the block ends."""
    connection = socket.create_connection((HOST, server.port), timeout=30)
    head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    connection.sendall(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\n{head}".encode())
    answers: list[Answer] = []
    try:
        yield answers
        connection.sendall(b"Connection: close\r\n\r\n")
        response = HTTPResponse(connection)
        response.begin()
        answers.append(Answer(response.status, dict(response.getheaders()), response.read()))
    finally:
        connection.close()


def scrape(server: Server) -> dict[str, float]:
    answer = server.call("GET", "/metrics", Authorization=f"Bearer {METRICS_TOKEN}")
    assert answer.status == 200
    return requests_by_view(answer.body.decode())


def requests_by_view(page: str) -> dict[str, float]:
    """GET requests counted for each view (the last part of its dotted name)."""
    counts: Counter[str] = Counter()
    for family in text_string_to_metric_families(page):
        for sample in family.samples:
            if sample.name == BY_VIEW and sample.labels.get("method") == "GET":
                counts[sample.labels["view"].rsplit(".", 1)[-1]] += sample.value
    return dict(counts)


def counts_of_each_worker(folder: Path) -> dict[str, dict[str, float]]:
    """What each worker's own files say, by its process id."""
    by_worker = {}
    for pid in {path.stem.rsplit("_", 1)[-1] for path in folder.glob("counter_*.db")}:
        own = folder.parent / f"{folder.name}-{pid}"
        own.mkdir(exist_ok=True)
        for path in folder.glob(f"*_{pid}.db"):
            shutil.copy(path, own / path.name)
        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=str(own))
        by_worker[pid] = requests_by_view(generate_latest(registry).decode())
    return by_worker


def test_requests_answered_by_both_workers_add_up_in_a_scrape_from_either(server, metrics_folder):
    before = scrape(server).get("readyz", 0)
    with held(server, "/readyz") as waiting:
        others = [server.call("GET", "/readyz") for _ in range(REQUESTS_ELSEWHERE)]
    assert waiting[0].status in (200, 503)
    assert all(answer.status in (200, 503) for answer in others)

    readyz_by_worker = [
        counts.get("readyz", 0) for counts in counts_of_each_worker(metrics_folder).values()
    ]
    assert len(readyz_by_worker) == 2 and all(readyz_by_worker), readyz_by_worker
    assert sum(readyz_by_worker) == before + REQUESTS_ELSEWHERE + 1

    header = {"Authorization": f"Bearer {METRICS_TOKEN}"}
    with held(server, "/metrics", **header) as held_scrape:
        seen_by_the_other_worker = scrape(server)
    assert held_scrape[0].status == 200
    seen_by_the_waiting_worker = requests_by_view(held_scrape[0].body.decode())
    assert seen_by_the_other_worker["readyz"] == before + REQUESTS_ELSEWHERE + 1
    assert seen_by_the_waiting_worker["readyz"] == before + REQUESTS_ELSEWHERE + 1
    scrapes_by_worker = [
        counts.get("metrics", 0) for counts in counts_of_each_worker(metrics_folder).values()
    ]
    assert all(scrapes_by_worker), scrapes_by_worker
