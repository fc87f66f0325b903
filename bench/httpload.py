"""A small HTTP/1.1 load generator on asyncio (keep-alive connections, no dependencies).

``run_load``: N connections, each sending requests one after another until the list or the time
runs out (closed loop, like wrk). ``simultaneous``: every request on its own new connection, all
at once (a stampede: what a queue of people pressing "book" together does to the server).
Latency is measured from sending the request to the last byte of the response.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Req:
    name: str
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass
class Result:
    name: str
    status: int  # 0: the connection failed or was dropped
    seconds: float
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        chunks = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await reader.readuntil(b"\r\n")
                break
            chunks.append(await reader.readexactly(size))
            await reader.readexactly(2)
        body = b"".join(chunks)
    elif status in (204, 304) or 100 <= status < 200:
        body = b""
    else:
        body = await reader.read()
    return status, headers, body


def _encode(req: Req, host: str, port: int) -> bytes:
    headers = {"Host": f"{host}:{port}", "Connection": "keep-alive", "User-Agent": "youthcity-bench",
               **req.headers}
    if req.body or req.method in ("POST", "PUT", "PATCH"):
        headers["Content-Length"] = str(len(req.body))
    head = f"{req.method} {req.path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    return head.encode("latin-1") + req.body


async def _one(host: str, port: int, req: Req, conn=None, keep_body: bool = False):
    started = time.perf_counter()
    try:
        if conn is None:
            conn = await asyncio.open_connection(host, port)
        reader, writer = conn
        writer.write(_encode(req, host, port))
        await writer.drain()
        status, headers, body = await _read_response(reader)
        if headers.get("connection", "").lower() == "close":
            writer.close()
            conn = None
        return Result(req.name, status, time.perf_counter() - started, body if keep_body else b"", headers), conn
    except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError, IndexError):
        if conn is not None:
            conn[1].close()
        return Result(req.name, 0, time.perf_counter() - started), None


async def _run_load(host, port, reqs, concurrency, duration, keep_body):
    results: list[Result] = []
    it = iter(reqs)
    deadline = time.perf_counter() + duration if duration else None

    async def worker():
        conn = None
        for req in it:
            if deadline and time.perf_counter() > deadline:
                break
            result, conn = await _one(host, port, req, conn, keep_body)
            results.append(result)
        if conn is not None:
            conn[1].close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return results, time.perf_counter() - started


def run_load(host: str, port: int, reqs, concurrency: int, duration: float | None = None,
             keep_body: bool = False) -> tuple[list[Result], float]:
    return asyncio.run(_run_load(host, port, reqs, concurrency, duration, keep_body))


async def _simultaneous(host, port, reqs, keep_body):
    conns = await asyncio.gather(*(asyncio.open_connection(host, port) for _ in reqs), return_exceptions=True)
    started = time.perf_counter()

    async def send(req, conn):
        if isinstance(conn, BaseException):
            return Result(req.name, 0, 0.0)
        result, conn = await _one(host, port, req, conn, keep_body)
        if conn is not None:
            conn[1].close()
        return result

    results = await asyncio.gather(*(send(r, c) for r, c in zip(reqs, conns, strict=True)))
    return list(results), time.perf_counter() - started


def simultaneous(host: str, port: int, reqs: list[Req], keep_body: bool = False) -> tuple[list[Result], float]:
    """Open one connection per request first, then send them all at once."""
    return asyncio.run(_simultaneous(host, port, reqs, keep_body))


def summary(results: list[Result], seconds: float, ok=lambda r: 200 <= r.status < 300) -> dict:
    lat = sorted(r.seconds for r in results if r.status)
    q = statistics.quantiles(lat, n=100, method="inclusive") if len(lat) >= 2 else [lat[0] if lat else 0] * 99
    good = [r for r in results if ok(r)]
    return {"requests": len(results), "ok": len(good), "statuses": dict(Counter(r.status for r in results)),
            "dropped": sum(1 for r in results if r.status == 0),
            "server_errors": sum(1 for r in results if r.status >= 500),
            "rps": len(results) / seconds if seconds else 0.0, "ok_per_s": len(good) / seconds if seconds else 0.0,
            "p50_ms": q[49] * 1000, "p95_ms": q[94] * 1000, "p99_ms": q[98] * 1000, "seconds": seconds}
