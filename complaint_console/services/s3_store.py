"""The S3 implementation of `file_store.FileStore`: objects in one bucket, under an optional prefix.

`endpoint_url` points the client at S3-compatible storage (MinIO, Ceph, a local test server);
with an endpoint boto3 addresses buckets path-style, as those expect. The client is thread-safe
and made once per store.
"""

from __future__ import annotations

from typing import BinaryIO, cast

import boto3
from botocore.exceptions import ClientError

from complaint_console.services.file_store import check_key

_MISSING = {"404", "NoSuchKey", "NotFound"}


class S3Store:
    def __init__(self, bucket: str, prefix: str = "", endpoint_url: str | None = None, region: str | None = None) -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.client = boto3.session.Session().client("s3", endpoint_url=endpoint_url, region_name=region)

    def object_key(self, key: str) -> str:
        return self.prefix + check_key(key)

    def put(self, key: str, content: bytes | BinaryIO) -> None:
        if isinstance(content, bytes):
            self.client.put_object(Bucket=self.bucket, Key=self.object_key(key), Body=content)
        else:
            self.client.upload_fileobj(content, self.bucket, self.object_key(key))

    def open(self, key: str) -> BinaryIO:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self.object_key(key))
        except ClientError as exc:
            if _code(exc) in _MISSING:
                raise FileNotFoundError(key) from exc
            raise
        return cast(BinaryIO, answer["Body"])

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.object_key(key))

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self.object_key(key))
        except ClientError as exc:
            if _code(exc) in _MISSING:
                return False
            raise
        return True


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))
