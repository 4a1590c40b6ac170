"""The pure helpers of `make load` (load/results.py): what the benchmark reports must be read
right, or a lost write or a 5xx could go unseen."""

from __future__ import annotations

import pytest

from load import results

STATS_CSV = (
    "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,"
    "Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,"
    "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%\n"
    "GET,home,4210,3,11,14.2,2,310,40210.0,280.6,0.2,11,13,15,17,22,41,80,120,300,310,310\n"
    "POST,write: forum approves,12,0,95,101.5,60,240,0.0,0.8,0.0,95,100,110,120,200,240,240,240,240,240,240\n"
    "GET,never answered,0,0,0,0.0,0,0,0.0,0.0,0.0,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A\n"
    ",Aggregated,4222,3,11,14.4,2,310,40096.0,281.4,0.2,11,13,15,17,22,42,81,121,300,310,310\n"
)


def test_locust_stats_are_read_by_name():
    stats = results.parse_stats_csv(STATS_CSV)

    assert set(stats) == {"home", "write: forum approves", "never answered", "Aggregated"}
    home = stats["home"]
    assert (home.requests, home.failures, home.rps, home.p50, home.p95, home.p99) == (
        4210,
        3,
        280.6,
        11,
        41,
        120,
    )
    assert stats["write: forum approves"].p95 == 240
    # A name with no answers has "N/A" percentiles: zero, not a crash.
    assert stats["never answered"].p95 == 0.0
    assert stats["Aggregated"].requests == 4222


def test_5xx_and_errors_are_counted_from_the_status_tally():
    statuses = {"200": 500, "302": 4, "403": 2, "500": 1, "502": 3, "0": 7}
    assert results.count_5xx(statuses) == 4
    assert results.count_errors(statuses) == 11  # 5xx and no answer; a 403 is an answer
    assert results.merge_statuses({"a": {"200": 2, "500": 1}, "b": {"200": 3}}) == {"200": 5, "500": 1}
    assert results.statuses_text({"200": 5, "0": 2}) == "no answer×2, 200×5"
    assert results.statuses_text({}) == "none"


BEFORE = {"updates": 10, "submitted events": 9, "approved events": 4, "follows": ["follower:7", "follower:8"]}


def test_no_lost_write_when_every_confirmed_write_is_in_the_database():
    writes = [
        {"kind": "update", "key": "11"},
        {"kind": "update", "key": "12"},
        {"kind": "approve", "key": "11"},
        {"kind": "follow", "key": "follower:9"},
        {"kind": "unfollow", "key": "follower:7"},
        {"kind": "follow", "key": "follower:7"},  # the last action on a page is what counts
        {"kind": "unfollow", "key": "follower:8"},
    ]
    after = {
        "updates": 12,
        "submitted events": 11,
        "approved events": 5,
        "follows": ["follower:7", "follower:9"],
    }

    check = results.compare_writes(writes, BEFORE, after)

    assert check.lost == 0
    assert check.rows == [("update", 2, 2, 0), ("approve", 1, 1, 0), ("follow/unfollow", 4, 3, 0)]


def test_a_confirmed_write_missing_from_the_database_is_lost():
    writes = [
        {"kind": "update", "key": "11"},
        {"kind": "update", "key": "12"},
        {"kind": "approve", "key": "11"},
        {"kind": "follow", "key": "follower:9"},
        {"kind": "unfollow", "key": "follower:8"},
    ]
    # One update, the approval, the new follow and the unfollow never landed.
    after = {
        "updates": 11,
        "submitted events": 10,
        "approved events": 4,
        "follows": ["follower:7", "follower:8"],
    }

    check = results.compare_writes(writes, BEFORE, after)

    assert check.lost == 4
    assert check.rows == [("update", 2, 1, 1), ("approve", 1, 0, 1), ("follow/unfollow", 2, 0, 2)]


def test_recovery_says_what_visitors_saw_and_when_errors_stopped():
    timeline = {
        "0": {"200": 50},
        "9": {"200": 48},
        "10": {"200": 20, "500": 5},  # the fault at 10.4 s
        "11": {"0": 8},
        "12": {"200": 30, "502": 1},
        "13": {"200": 50},
        "30": {"200": 50},
    }

    seen = results.recovery(timeline, fault_at=10.4, window=5)

    assert seen.before == {"200": 98}
    assert seen.during == {"200": 100, "500": 5, "0": 8, "502": 1}
    assert seen.after == {"200": 50}
    assert seen.first_error == 0.0
    assert seen.last_error == pytest.approx(2.6)  # errors up to the end of second 12


def test_no_errors_means_no_recovery_time():
    seen = results.recovery({"0": {"200": 5}, "5": {"200": 5}}, fault_at=2, window=1)
    assert (seen.first_error, seen.last_error) == (None, None)


def test_peer_pages_are_parsed_and_bad_specs_refused():
    assert results.parse_pages("blog page=/blog/x/, blog index=/blog/") == {
        "blog page": "/blog/x/",
        "blog index": "/blog/",
    }
    assert results.parse_pages("") == {}
    with pytest.raises(ValueError, match="name=/path"):
        results.parse_pages("blog page")
    with pytest.raises(ValueError, match="name=/path"):
        results.parse_pages("blog=http://elsewhere/")


def test_ratios_and_tables():
    assert results.ratio(54.0, 44.0) == "1.23×"
    assert results.ratio(10.0, 0.0) == "n/a"
    table = results.markdown_table(["page", "req/s"], [["home", 312.4], ["csv", 4.25]])
    assert table.splitlines() == ["| page | req/s |", "|---|---|", "| home | 312 |", "| csv | 4.2 |"]


def test_totp_matches_rfc_6238():
    # RFC 6238, appendix B: the SHA-1 secret "12345678901234567890", 8 digits.
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert results.totp(secret, at=59, digits=8) == "94287082"
    assert results.totp(secret, at=1111111109, digits=8) == "07081804"
    assert results.totp(secret, at=1111111109) == "081804"


def test_totp_gives_the_code_allauth_expects_for_the_demo_secret():
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    from devdata.demo import DEMO_TOTP_SECRET

    at = 1_790_000_000
    expected = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, at // app_settings.TOTP_PERIOD))
    assert results.totp(DEMO_TOTP_SECRET, at=at, period=app_settings.TOTP_PERIOD) == expected
