from complaint_console.domain.evidence import MAX_BYTES, problems, sniff

JPEG = b"\xff\xd8\xff\xe0" + b"0" * 100
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 100
PDF = b"%PDF-1.7\n" + b"0" * 100


def test_types_come_from_the_content():
    assert sniff(JPEG) == ("jpg", "image/jpeg")
    assert sniff(PNG) == ("png", "image/png")
    assert sniff(PDF) == ("pdf", "application/pdf")
    assert sniff(b"MZ\x90\x00 an exe renamed photo.jpg") is None


def test_limits():
    assert problems([("a.jpg", JPEG), ("b.png", PNG), ("c.pdf", PDF)]) == []
    assert problems([("x.jpg", b"<html>")]) == ["evidence.wrong_type"]
    assert problems([("big.jpg", b"\xff\xd8\xff" + b"0" * MAX_BYTES)]) == ["evidence.too_big"]
    assert problems([("p.png", PNG)] * 6) == ["evidence.too_many"]
