"""A real S3 for the tests: moto in server mode, answering HTTP on a free local port.

Nothing is mocked in the code under test: boto3 talks to this server over the network the way
it would talk to MinIO or AWS.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import boto3
import pytest
from moto.server import ThreadedMotoServer

# boto3 reads these; the config-file variables keep a developer's own ~/.aws out of the tests.
ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": "test-key",
    "AWS_SECRET_ACCESS_KEY": "test-secret",
    "AWS_CONFIG_FILE": "/nonexistent/aws-config",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/aws-credentials",
    "AWS_EC2_METADATA_DISABLED": "true",
}
REGION = "us-east-1"


@contextmanager
def s3_server() -> Iterator[str]:
    """Start the server; its endpoint URL."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in ENVIRONMENT.items():
        monkeypatch.setenv(name, value)


def new_bucket(endpoint_url: str) -> str:
    """A new, empty bucket on the server (credentials from `aws_environment`); its name."""
    name = f"cc-test-{uuid.uuid4().hex[:12]}"
    boto3.session.Session().client("s3", endpoint_url=endpoint_url, region_name=REGION).create_bucket(Bucket=name)
    return name


def object_keys(endpoint_url: str, bucket: str) -> list[str]:
    """Every key in the bucket, as the server lists it."""
    client = boto3.session.Session().client("s3", endpoint_url=endpoint_url, region_name=REGION)
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", []))
