"""Matching an inquiry to the knowledge base, and checking an article as HQ types it."""

from complaint_console.domain.knowledge import Article, best_match, problems, split_keywords

PARCEL = Article(
    1, "Where is my parcel", split_keywords("查件, 物流, 没收到, where is my parcel"), "请在App查件。", "Track it in the app."
)
TIMES = Article(2, "Delivery times", split_keywords("多久, 几天, how long"), "一般3天。", "Usually 3 days.")


def test_keywords_split_on_chinese_and_latin_separators_without_duplicates():
    assert split_keywords("查件，物流、 Where Is My Parcel;查件\n") == ("查件", "物流", "where is my parcel")
    assert split_keywords(" , ，") == ()


def test_the_article_with_most_keywords_wins_and_nothing_matches_nothing():
    assert best_match("我的快递没收到，物流也不动了", [TIMES, PARCEL]) == PARCEL
    assert best_match("How long until it arrives? Where is my parcel?", [PARCEL, TIMES]) == PARCEL  # tie: the older one
    assert best_match("要几天才到，多久能送到", [PARCEL, TIMES]) == TIMES
    assert best_match("包裹破损", [PARCEL, TIMES]) is None


def test_answer_follows_the_customer_language():
    assert PARCEL.answer("en") == "Track it in the app."
    assert PARCEL.answer("zh") == "请在App查件。"


def test_an_article_needs_a_title_keywords_and_both_answers():
    assert problems("", " , ", "", "x" * 2001) == {
        "title": "knowledge.title_required",
        "keywords": "knowledge.keywords_required",
        "answer_zh": "knowledge.answer_required",
        "answer_en": "knowledge.answer_required",
    }
    assert problems("Pickup code", "取件码", "短信发送。", "Sent by SMS.") == {}
