"""`import-tickets` as an operator runs it: progress on stderr, the report, exit codes 0/1/2."""

from complaint_console.i18n.en import MESSAGES
from tests.integration.test_cli import run

HEADER = "waybill_no,customer_name,customer_phone,channel,category,description\n"
GOOD = "ZT123456789012,王小明,13812345678,hotline,delay,快件超时三天未派送，客户多次查询。\n"
BAD = "ZT123456789013,李四,12345,hotline,delay,The parcel is three days late.\n"


def test_import_tickets_exit_codes_and_report(tmp_path):
    db_path = tmp_path / "cli.db"
    assert run(["migrate"], db_path).returncode == 0
    assert run(["create-user", "boss", "--role", "hq_admin"], db_path, CC_NEW_PASSWORD="long enough pw").returncode == 0
    good, mixed, broken = tmp_path / "good.csv", tmp_path / "mixed.csv", tmp_path / "broken.csv"
    good.write_text("\ufeff" + HEADER + GOOD, encoding="utf-8")
    mixed.write_bytes((HEADER + GOOD.replace("9012", "9014") + BAD).encode("gbk"))
    broken.write_text("waybill,name\nx,y\n", encoding="utf-8")

    ok = run(["import-tickets", str(good), "--as", "boss"], db_path)
    assert ok.returncode == 0, ok.stderr
    assert "imported 1 of 1 rows; rejected 0" in ok.stdout and "100%" in ok.stderr

    some = run(["import-tickets", str(mixed)], db_path)
    assert some.returncode == 1
    assert "imported 1 of 2 rows; rejected 1" in some.stdout
    assert f"line 3: customer_phone: {MESSAGES['intake.phone_invalid']}" in some.stdout

    refused = run(["import-tickets", str(broken)], db_path)
    assert refused.returncode == 2 and "Unknown columns in the first line: waybill, name" in refused.stderr
    assert run(["import-tickets", str(good), "--as", "nobody"], db_path).returncode == 2
    assert run(["import-tickets", str(tmp_path / "missing.csv")], db_path).returncode == 2
