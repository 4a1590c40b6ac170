"""Media and evidence on S3-compatible storage (tracker.storage), tested against moto's local S3
server: files land in the bucket, evidence stays private and is streamed through the
permission check, media keep stable public URLs, and /readyz reaches the bucket."""

from __future__ import annotations

import socket
import time
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest

from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from commitments.models import ProgressUpdate
from tests.commitments.progress_fixtures import build_world, submitted_update
from tracker.storage import s3_storages

pytestmark = pytest.mark.django_db

BUCKET = "tracker-test"
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint, settings, monkeypatch):
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    configured = s3_storages({"S3_BUCKET": BUCKET, "S3_ENDPOINT_URL": s3_endpoint, "S3_REGION": "us-east-1"})
    settings.STORAGES = {**settings.STORAGES, **configured}
    # The evidence field resolved its storage when the model loaded: point it at the new one.
    field = ProgressUpdate._meta.get_field("evidence_file")
    monkeypatch.setattr(field, "storage", storages["evidence"])
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def test_without_a_bucket_files_stay_on_disk():
    assert s3_storages({}) == {}


def test_evidence_is_stored_privately_in_the_bucket_and_streamed_only_to_who_may_see_it(s3):
    world = build_world()
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    update = submitted_update(
        world,
        evidence_url="",
        evidence_file=SimpleUploadedFile("minutes.pdf", pdf, content_type="application/pdf"),
    )
    keys = [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert len(keys) == 1 and keys[0].startswith("private/evidence/") and keys[0].endswith(".pdf")
    # No grant to everyone: only the owner may read it.
    grants = s3.get_object_acl(Bucket=BUCKET, Key=keys[0])["Grants"]
    assert all("AllUsers" not in str(grant.get("Grantee", {})) for grant in grants)
    # A URL, should one be made, is signed and short-lived.
    url = storages["evidence"].url(update.evidence_file.name)
    query = parse_qs(urlsplit(url).query)
    assert "Signature" in query or "X-Amz-Signature" in query
    if "Expires" in query:  # signature v2: an absolute time
        assert 0 < int(query["Expires"][0]) - time.time() <= 61
    else:  # v4: a lifetime
        assert query["X-Amz-Expires"] == ["60"]

    evidence = f"/en/progress/update/{update.pk}/evidence/"
    poc = Client()
    poc.force_login(world.user("poc"))
    response = poc.get(evidence)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf
    # Not approved yet: nobody else sees it.
    assert Client().get(evidence).status_code == 404
    other = Client()
    other.force_login(world.user("other_poc"))
    assert other.get(evidence).status_code == 404


def test_media_get_stable_public_urls_in_the_bucket(s3, s3_endpoint):
    name = storages["default"].save("images/map.png", SimpleUploadedFile("map.png", b"\x89PNG\r\n\x1a\n"))
    assert name.startswith("images/map")
    url = storages["default"].url(name)
    assert url.startswith(f"{s3_endpoint}/{BUCKET}/media/images/map") and "Signature" not in url
    assert s3.get_object(Bucket=BUCKET, Key=f"media/{name}")["Body"].read() == b"\x89PNG\r\n\x1a\n"


def test_readyz_reaches_the_bucket_and_fails_when_it_is_gone(s3):
    from tracker.tasks import worker_heartbeat

    worker_heartbeat.call()
    assert Client().get("/readyz").json()["checks"]["storage"]["ok"] is True
    s3.delete_bucket(Bucket=BUCKET)
    try:
        storage = Client().get("/readyz").json()["checks"]["storage"]
        assert storage["ok"] is False
    finally:
        s3.create_bucket(Bucket=BUCKET)
