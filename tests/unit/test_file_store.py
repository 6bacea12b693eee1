"""The local file store: keys are paths under the upload folder, as before the store existed."""

import io

import pytest

from complaint_console.services.file_store import LocalStore, check_key, new_key


def test_a_key_is_the_path_under_the_folder(tmp_path):
    store = LocalStore(tmp_path)
    store.put("0f3c9a.png", b"png bytes")
    store.put("imports/9a1b.csv", io.BytesIO(b"a,b\n1,2\n"))
    assert (tmp_path / "0f3c9a.png").read_bytes() == b"png bytes"
    assert (tmp_path / "imports" / "9a1b.csv").read_bytes() == b"a,b\n1,2\n"
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["0f3c9a.png", "9a1b.csv"]  # no part files left


def test_files_written_before_the_store_are_read_as_they_are(tmp_path):
    (tmp_path / "old.png").write_bytes(b"kept from last year")
    store = LocalStore(tmp_path)
    assert store.exists("old.png")
    with store.open("old.png") as file:
        assert file.read() == b"kept from last year"


def test_a_folder_is_not_a_file(tmp_path):
    (tmp_path / "imports").mkdir()
    store = LocalStore(tmp_path)
    assert not store.exists("imports")
    with pytest.raises(FileNotFoundError):
        store.open("imports")


@pytest.mark.parametrize("key", ["", "/etc/passwd", "../secret", "imports/../../x", "a//b", ".hidden", "a/./b", "a\\b", "a b"])
def test_keys_cannot_leave_the_folder(tmp_path, key):
    store = LocalStore(tmp_path / "uploads")
    with pytest.raises(ValueError):
        store.put(key, b"x")
    with pytest.raises(ValueError):
        store.open(key)
    assert not (tmp_path / "uploads").exists()


def test_new_keys_are_random_and_valid():
    first, second = new_key("png"), new_key("csv", "imports")
    assert check_key(first) == first and first.endswith(".png") and len(first) == 36
    assert second.startswith("imports/") and second.endswith(".csv")
    assert new_key("png") != first
