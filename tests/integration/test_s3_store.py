"""The S3 attachment store against a real S3-compatible server of the test's own (moto's
server mode, a separate process on loopback): what the local-disk store does, the S3 one
does, through the same upload and download routes."""

import io
import os
import subprocess
import sys
import time

import pytest
import requests

from bench.harness import free_port
from kefu.attachments.store import S3Store
from kefu.models import Attachment
from tests import conftest
from tests.images import minimal_pdf, png_bytes

from ..services import unavailable

BUCKET = "kefu-files"
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "kefu-test",
    "AWS_SECRET_ACCESS_KEY": "kefu-test-secret",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@pytest.fixture(scope="module")
def s3_endpoint():
    server = os.path.join(os.path.dirname(sys.executable), "moto_server")
    port = free_port()
    process = subprocess.Popen(
        [server, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            requests.get(endpoint, timeout=1)
            break
        except requests.ConnectionError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                unavailable("moto_server did not start")
            time.sleep(0.2)
    try:
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def aws(monkeypatch):
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def bucket(s3_endpoint, aws):
    store = S3Store(BUCKET, "", s3_endpoint)
    store.client.create_bucket(Bucket=BUCKET)
    yield store.client
    listed = store.client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    for item in listed:
        store.client.delete_object(Bucket=BUCKET, Key=item["Key"])
    store.client.delete_bucket(Bucket=BUCKET)


def test_the_store_round_trip(s3_endpoint, bucket):
    store = S3Store(BUCKET, "tenant-a/files", s3_endpoint)
    store.put("2026/12/abc.pdf", minimal_pdf(), "application/pdf")
    assert (
        bucket.head_object(Bucket=BUCKET, Key="tenant-a/files/2026/12/abc.pdf")["ContentType"]
        == "application/pdf"
    )
    assert b"".join(store.chunks("2026/12/abc.pdf")) == minimal_pdf()
    store.delete("2026/12/abc.pdf")
    assert bucket.list_objects_v2(Bucket=BUCKET).get("KeyCount") == 0


def test_uploads_and_downloads_through_s3(tmp_path, s3_endpoint, bucket, make_visitor_token):
    overrides = {"STORAGE_URL": f"s3://{BUCKET}/uploads", "S3_ENDPOINT_URL": s3_endpoint}
    for app in conftest.testing_app(f"sqlite:///{tmp_path / 'kefu.db'}", **overrides):
        client = app.test_client()
        token = make_visitor_token()
        answer = client.post(
            "/api/attachments",
            headers={"Authorization": f"Bearer {token}"},
            data={"file": (io.BytesIO(png_bytes()), "shot.png")},
            content_type="multipart/form-data",
        )
        assert answer.status_code == 201, answer.get_json()
        stored = Attachment.query.one()
        listed = bucket.list_objects_v2(Bucket=BUCKET)["Contents"]
        assert [item["Key"] for item in listed] == [f"uploads/{stored.key}"]
        assert not (tmp_path / "attachments").exists()
        fetched = client.get(answer.get_json()["url"])
        assert fetched.status_code == 200
        assert fetched.data[:8] == b"\x89PNG\r\n\x1a\n" and len(fetched.data) == stored.size


@pytest.fixture
def make_visitor_token():
    from kefu.chat.visitors import authenticate_visitor
    from kefu.schemas import VisitorAuthIn
    from kefu.tokens import issue_visitor_token

    def make():
        visitor, _ = authenticate_visitor(VisitorAuthIn())
        return issue_visitor_token(visitor.id)[0]

    return make
