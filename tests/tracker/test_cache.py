"""tracker.cache.RedisCache: Django's RedisCache, keeping one redis-py client per pool."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest
import redis

from tracker.cache import RedisCache


def test_one_client_serves_every_call():
    cache = RedisCache("redis://127.0.0.1:6399/0", {})  # no connection is made to build clients
    client = cache._cache.get_client("a")
    assert isinstance(client, redis.Redis)
    assert cache._cache.get_client("b") is client
    assert cache._cache.get_client("c", write=True) is client
    assert client.connection_pool is cache._cache._get_connection_pool(write=True)


def test_each_server_keeps_its_own_client():
    cache = RedisCache("redis://127.0.0.1:6399/0,redis://127.0.0.1:6398/0", {})
    writer = cache._cache.get_client(write=True)
    reader = cache._cache.get_client(write=False)  # reads go to the replica
    assert writer is not reader
    assert writer.connection_pool.connection_kwargs["port"] == 6399
    assert reader.connection_pool.connection_kwargs["port"] == 6398
    assert cache._cache.get_client(write=False) is reader


@pytest.fixture
def redis_url():
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait()


def test_it_stores_and_reads_as_django_s_backend_does(redis_url):
    cache = RedisCache(redis_url, {})
    cache.set("page", {"content": b"<html>", "version": "v1"}, 60)
    assert cache.get_many(["page", "missing"]) == {"page": {"content": b"<html>", "version": "v1"}}
    assert cache.add("page", "other") is False
    cache.delete("page")
    assert cache.get("page") is None
