"""Where attachment bytes live: one small interface, a local-disk and an S3 backend.

KEFU_STORAGE_URL picks it: `file://<dir>` (the default: the instance folder) or
`s3://bucket/prefix` for any S3-compatible store (the usual AWS_* variables, and
KEFU_S3_ENDPOINT_URL for a store other than AWS). Pods of a cluster share no disk: they
need the S3 backend.
"""

import os
import secrets
from urllib.parse import urlparse

from flask import current_app

from ..timeutil import utcnow

EXTENSION_KEY = "kefu.attachment_store"
CHUNK = 64 * 1024


def new_key(kind):
    """A fresh, unguessable key; made here only, so no client text reaches a path."""
    now = utcnow()
    return f"{now:%Y/%m}/{secrets.token_hex(16)}.{kind}"


class FileStore:
    def __init__(self, root):
        self.root = os.path.abspath(root)

    def _path(self, key):
        return os.path.join(self.root, *key.split("/"))

    def put(self, key, data, content_type):
        path = self._path(key)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        partial = f"{path}.partial"
        with open(partial, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)  # a reader never sees half a file

    def chunks(self, key):
        with open(self._path(key), "rb") as source:
            while chunk := source.read(CHUNK):
                yield chunk

    def delete(self, key):
        try:
            os.remove(self._path(key))
        except FileNotFoundError:
            pass


class S3Store:
    def __init__(self, bucket, prefix="", endpoint_url=None):
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.endpoint_url = endpoint_url
        self._client = None

    @property
    def client(self):
        if self._client is None:
            import boto3  # only deployments that store in S3 pay for importing it

            self._client = boto3.client("s3", endpoint_url=self.endpoint_url)
        return self._client

    def _name(self, key):
        return f"{self.prefix}/{key}" if self.prefix else key

    def put(self, key, data, content_type):
        self.client.put_object(
            Bucket=self.bucket, Key=self._name(key), Body=data, ContentType=content_type
        )

    def chunks(self, key):
        body = self.client.get_object(Bucket=self.bucket, Key=self._name(key))["Body"]
        try:
            yield from body.iter_chunks(CHUNK)
        finally:
            body.close()

    def delete(self, key):
        self.client.delete_object(Bucket=self.bucket, Key=self._name(key))


def store_from_url(url, instance_path, endpoint_url=None):
    if not url:
        return FileStore(os.path.join(instance_path, "attachments"))
    parsed = urlparse(url)
    if parsed.scheme == "file":
        return FileStore(parsed.netloc + parsed.path if parsed.netloc else parsed.path)
    if parsed.scheme == "s3" and parsed.netloc:
        return S3Store(parsed.netloc, parsed.path, endpoint_url)
    raise RuntimeError(f"KEFU_STORAGE_URL must be file://<dir> or s3://bucket/prefix, got {url!r}")


def init_app(app):
    app.extensions[EXTENSION_KEY] = store_from_url(
        app.config.get("STORAGE_URL"), app.instance_path, app.config.get("S3_ENDPOINT_URL")
    )


def attachment_store():
    return current_app.extensions[EXTENSION_KEY]
