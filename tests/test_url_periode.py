"""A hand-edited period in the URL (issue 10): '0000', '0001', '2025-Q9' or garbage gives one
Dutch note and the default period — never a traceback."""

from __future__ import annotations

import pytest
from apptest_helpers import app_as, texts

from kwhcore.config import CONFIG

BAD = ["0000", "0001", "2025-Q9", "garbage", "99999", "1999-Q1", "2025-13", "%00", "２０２５-Q5"]


@pytest.mark.parametrize("periode", BAD)
@pytest.mark.parametrize("page", ["pages/hoofddashboard.py", "pages/vraag.py"])
def test_a_bad_period_in_the_url_falls_back_to_the_default_with_a_dutch_note(demo_con, monkeypatch, page, periode):
    at = app_as(demo_con, "demo-hoofdgebruiker", None, monkeypatch, query_params={"periode": periode}, run=False)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("U ziet daarom de standaardkeuze" in w.value and "de periode" in w.value for w in at.warning)
    assert at.query_params["periode"] == str(CONFIG.today().year)
    from apptest_helpers import open_url_path

    open_url_path(at, page.removeprefix("pages/").removesuffix(".py"))
    at.query_params["periode"] = periode
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Traceback" not in "\n".join(texts(at))
    assert at.query_params["periode"] == str(CONFIG.today().year)


def test_a_good_period_in_the_url_is_kept(demo_con, monkeypatch):
    at = app_as(demo_con, "demo-hoofdgebruiker", None, monkeypatch, query_params={"periode": "2025-Q3"})
    assert not at.exception and not at.warning
    assert at.query_params["periode"] == "2025-Q3"
