"""One contract, two stores: local disk and S3 (a real S3 server: moto in server mode, over HTTP)."""

import asyncio
import io

import pytest

from complaint_console.services.file_store import LocalStore, file_store
from complaint_console.services.s3_store import S3Store
from complaint_console.settings import SettingsError, get_settings
from complaint_console.states.import_report import keep_upload, take_upload
from tests.s3_support import REGION, aws_environment, new_bucket, object_keys, s3_server

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 300  # 75 KiB: more than one chunk of a stream


@pytest.fixture(scope="module")
def endpoint():
    with s3_server() as url:
        yield url


@pytest.fixture
def bucket(endpoint, monkeypatch):
    aws_environment(monkeypatch)
    return new_bucket(endpoint)


@pytest.fixture(params=["local", "s3"])
def store(request, tmp_path, monkeypatch):
    if request.param == "local":
        return LocalStore(tmp_path)
    endpoint = request.getfixturevalue("endpoint")
    return S3Store(request.getfixturevalue("bucket"), "complaints", endpoint_url=endpoint, region=REGION)


def test_what_is_put_is_read_back(store):
    store.put("0f3c9a.png", PNG)
    store.put("imports/9a1b.csv", io.BytesIO(b"waybill_no\nZT1\n"))
    with store.open("0f3c9a.png") as file:
        assert file.read() == PNG
    with store.open("imports/9a1b.csv") as file:
        assert file.read() == b"waybill_no\nZT1\n"
    assert store.exists("0f3c9a.png") and store.exists("imports/9a1b.csv")


def test_a_file_is_read_in_pieces(store):
    store.put("big.png", PNG)
    with store.open("big.png") as file:
        pieces = iter(lambda: file.read(64 * 1024), b"")
        assert b"".join(pieces) == PNG


def test_put_replaces(store):
    store.put("a.png", b"first")
    store.put("a.png", b"second")
    with store.open("a.png") as file:
        assert file.read() == b"second"


def test_a_missing_file(store):
    assert not store.exists("nothing.png")
    with pytest.raises(FileNotFoundError):
        store.open("nothing.png")
    store.delete("nothing.png")  # no error


def test_deleted_is_gone(store):
    store.put("a.png", b"x")
    store.delete("a.png")
    assert not store.exists("a.png")
    with pytest.raises(FileNotFoundError):
        store.open("a.png")


def test_keys_are_checked(store):
    with pytest.raises(ValueError):
        store.put("../a.png", b"x")


def test_s3_objects_sit_under_the_prefix(endpoint, bucket):
    store = S3Store(bucket, "/complaints/", endpoint_url=endpoint, region=REGION)
    store.put("a.png", b"x")
    store.put("imports/b.csv", b"y")
    assert object_keys(endpoint, bucket) == ["complaints/a.png", "complaints/imports/b.csv"]
    assert S3Store(bucket, "", endpoint_url=endpoint, region=REGION).exists("complaints/a.png")


@pytest.fixture
def s3_settings(endpoint, bucket, monkeypatch, tmp_path):
    """FILE_STORAGE=s3 on the test server, as an operator would set it; UPLOAD_DIR is an empty folder."""
    for name, value in {
        "FILE_STORAGE": "s3",
        "S3_BUCKET": bucket,
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": REGION,
        "S3_PREFIX": "cc",
        "UPLOAD_DIR": str(tmp_path / "uploads"),
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield bucket
    get_settings.cache_clear()


def test_the_settings_choose_s3(endpoint, s3_settings):
    store = file_store()
    assert isinstance(store, S3Store) and store.bucket == s3_settings
    store.put("a.png", b"x")
    assert object_keys(endpoint, s3_settings) == ["cc/a.png"]


def test_the_settings_choose_local_by_default(tmp_path, monkeypatch):
    monkeypatch.delenv("FILE_STORAGE", raising=False)
    monkeypatch.setenv("UPLOAD_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        store = file_store()
        assert isinstance(store, LocalStore) and store.root == tmp_path
    finally:
        get_settings.cache_clear()


@pytest.mark.parametrize("env", [{"FILE_STORAGE": "ftp"}, {"FILE_STORAGE": "s3", "S3_BUCKET": ""}])
def test_a_wrong_setting_is_refused(monkeypatch, env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    try:
        with pytest.raises(SettingsError):  # named at start, with what is allowed
            file_store()
    finally:
        get_settings.cache_clear()


def test_an_import_upload_waits_in_s3_and_leaves_when_taken(endpoint, s3_settings, tmp_path):
    key = asyncio.run(keep_upload(b"code,name\n", "csv"))
    assert key.startswith("imports/") and object_keys(endpoint, s3_settings) == [f"cc/{key}"]
    assert asyncio.run(take_upload(key)) == b"code,name\n"
    assert object_keys(endpoint, s3_settings) == []
    assert not (tmp_path / "uploads").exists()  # nothing on local disk
