"""Shoot-session grouping: bodies never mix, capture-time gaps split, RAW+JPEG pairs count once."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from core.library.sessions import (
    SessionItem,
    SessionRules,
    file_counter,
    group_sessions,
    overlap_seconds,
    parse_time,
    session_of,
)
from core.photo.facts import Camera

D800 = Camera("NIKON CORPORATION", "NIKON D800", "3035208")
D800_B = Camera("NIKON CORPORATION", "NIKON D800", "3099999")
D800_NO_SERIAL = Camera("NIKON", "NIKON D800", None)
PHONE = Camera("Apple", "iPhone 12", None)
RULES = SessionRules()
T0 = datetime(2026, 5, 1, 10, 0, 0)


def at(minutes: float, zone: str = "") -> str:
    return (T0 + timedelta(minutes=minutes)).isoformat(timespec="seconds") + zone


def shot(name: str, minutes: float | None, camera: Camera = D800, kind: str = "jpeg",
         gps: tuple[float, float] | None = None) -> SessionItem:
    return SessionItem(f"/shoot/{name}", camera, at(minutes) if minutes is not None else None, kind, gps)


def files_of(sessions: list, name: str) -> list[str]:
    found = session_of(sessions, f"/shoot/{name}")
    assert found is not None
    return [path.rsplit("/", 1)[1] for path in found.files]


def test_a_steady_shoot_is_one_session() -> None:
    items = [shot(f"DSC_{i:04d}.JPG", i * 4) for i in range(12)]
    sessions = group_sessions(items, rules=RULES)
    assert len(sessions) == 1
    assert sessions[0].start == at(0) and sessions[0].end == at(44)
    assert sessions[0].camera.serial == "3035208"


def test_bursts_a_few_minutes_apart_stay_together() -> None:
    # Five frames in two seconds every six minutes: the mean spacing is tiny, the shoot is one.
    items = [SessionItem(f"/shoot/b{burst}_{frame}.jpg", D800, (T0 + timedelta(minutes=6 * burst, seconds=frame / 2))
                         .isoformat(), "jpeg") for burst in range(6) for frame in range(5)]
    assert len(group_sessions(items, rules=RULES)) == 1


def test_shoots_hours_apart_are_two_sessions() -> None:
    items = [shot(f"a{i}.jpg", i * 3) for i in range(5)] + [shot(f"b{i}.jpg", 300 + i * 3) for i in range(5)]
    sessions = group_sessions(items, rules=RULES)
    assert [len(s.files) for s in sessions] == [5, 5]
    assert files_of(sessions, "a0.jpg") == [f"a{i}.jpg" for i in range(5)]


def test_different_bodies_never_merge_even_when_interleaved() -> None:
    items = [shot(f"a{i}.jpg", i * 2, D800) for i in range(4)] + [shot(f"b{i}.jpg", i * 2 + 1, D800_B)
                                                                   for i in range(4)]
    sessions = group_sessions(items, rules=RULES)
    assert len(sessions) == 2
    for session in sessions:
        assert len({item.camera.serial for item in session.items}) == 1


def test_other_makers_never_merge() -> None:
    items = [shot("cam.jpg", 0, D800), shot("phone.jpg", 0.5, PHONE)]
    assert len(group_sessions(items, rules=RULES)) == 2


def test_a_frame_without_serial_joins_its_models_only_body() -> None:
    items = [shot("a.jpg", 0, D800), shot("b.jpg", 3, D800_NO_SERIAL), shot("c.jpg", 6, D800)]
    sessions = group_sessions(items, rules=RULES)
    assert len(sessions) == 1 and sessions[0].camera.serial == "3035208"


def test_a_frame_without_serial_picks_the_body_shooting_nearest_in_time() -> None:
    items = [shot("a.jpg", 0, D800), shot("b.jpg", 600, D800_B), shot("x.jpg", 601, D800_NO_SERIAL)]
    sessions = group_sessions(items, rules=RULES)
    assert files_of(sessions, "x.jpg") == ["b.jpg", "x.jpg"]


def test_photos_without_capture_time_are_each_their_own_entry() -> None:
    items = [shot("a.jpg", 0), shot("n1.jpg", None), shot("n2.jpg", None), shot("b.jpg", 2)]
    sessions = group_sessions(items, rules=RULES)
    untimed = [s for s in sessions if s.start is None]
    assert len(untimed) == 2 and all(len(s.files) == 1 and s.end is None for s in untimed)
    assert sessions[-1].start is None  # listed after the timed sessions
    assert untimed[0].to_json()["start"] is None


def test_timed_photos_of_no_known_camera_join_nothing() -> None:
    items = [shot("a.jpg", 0, Camera()), shot("b.jpg", 1, Camera())]
    assert [len(s.files) for s in group_sessions(items, rules=RULES)] == [1, 1]


def test_raw_and_jpeg_of_one_shot_count_once_with_the_jpeg_listed() -> None:
    items = [shot("DSC_0001.NEF", 0, kind="nef"), shot("DSC_0001.JPG", 0), shot("DSC_0002.NEF", 2, kind="nef"),
             shot("DSC_0002.JPG", 2)]
    [session] = group_sessions(items, rules=RULES)
    assert [p.rsplit("/", 1)[1] for p in session.files] == ["DSC_0001.JPG", "DSC_0002.JPG"]
    assert session.companions == {"/shoot/DSC_0001.JPG": ["/shoot/DSC_0001.NEF"],
                                  "/shoot/DSC_0002.JPG": ["/shoot/DSC_0002.NEF"]}
    assert session.to_json()["companions"]["/shoot/DSC_0001.JPG"] == ["/shoot/DSC_0001.NEF"]
    assert session_of([session], "/shoot/DSC_0002.NEF") is session


def test_same_name_at_another_time_is_another_shot() -> None:
    items = [shot("DSC_0001.NEF", 0, kind="nef"), shot("DSC_0001.JPG", 5)]
    [session] = group_sessions(items, rules=RULES)
    assert len(session.files) == 2 and not session.companions


def test_user_gap_replaces_the_adaptive_rule() -> None:
    items = [shot(f"f{i}.jpg", i * 5) for i in range(4)]
    assert len(group_sessions(items, rules=RULES)) == 1
    assert len(group_sessions(items, gap_seconds=120, rules=RULES)) == 4
    assert len(group_sessions(items, gap_seconds=6 * 60, rules=RULES)) == 1


def test_frames_far_apart_by_gps_are_never_one_session() -> None:
    items = [shot("a.jpg", 0, gps=(31.23, 121.47)), shot("b.jpg", 10, gps=(30.27, 120.15))]  # Shanghai, Hangzhou
    assert len(group_sessions(items, rules=RULES)) == 2


def test_same_place_and_running_counter_bridge_a_long_pause() -> None:
    place = (31.2304, 121.4737)
    items = [shot(f"DSC_{100 + i:04d}.JPG", i, gps=place) for i in range(10)]
    items.append(shot("DSC_0110.JPG", 58, gps=(31.2305, 121.4738)))
    assert len(group_sessions(items, rules=RULES)) == 1
    # Without that evidence the 49-minute pause in a fast shoot splits it.
    plain = [shot(f"DSC_{100 + i:04d}.JPG", i) for i in range(10)] + [shot("DSC_0110.JPG", 58)]
    assert len(group_sessions(plain, rules=RULES)) == 2
    # A sparse shoot (a frame every half hour) tolerates that pause by itself.
    sparse = [shot(f"s{i}.jpg", i * 30) for i in range(4)] + [shot("s9.jpg", 90 + 49)]
    assert len(group_sessions(sparse, rules=RULES)) == 1


def test_times_with_and_without_offsets() -> None:
    assert parse_time("2026-05-01T10:00:00.5+08:00") == (T0 + timedelta(seconds=0.5), timedelta(hours=8))
    assert parse_time("2026-05-01T10:00:00") == (T0, None)
    assert parse_time("2026-02-30T10:00:00") is None and parse_time(None) is None and parse_time("junk") is None
    camera = [SessionItem("/a.jpg", D800, "2026-05-01T10:00:00"), SessionItem("/b.jpg", D800, "2026-05-01T10:03:00")]
    phone = [SessionItem("/p.jpg", PHONE, "2026-05-01T10:01:00+08:00")]
    sessions = group_sessions(camera + phone, rules=RULES)
    home, other = session_of(sessions, "/a.jpg"), session_of(sessions, "/p.jpg")
    assert home is not None and other is not None
    assert overlap_seconds(home, other) == 0.0  # the camera has no offset: wall-clock times compared
    tokyo = group_sessions([SessionItem("/t.jpg", PHONE, "2026-05-01T11:01:00+09:00")], rules=RULES)[0]
    shanghai = group_sessions([SessionItem("/s.jpg", D800, "2026-05-01T10:01:00+08:00")], rules=RULES)[0]
    assert overlap_seconds(shanghai, tokyo) == 0.0  # both offsets known: the same instant


def test_file_counter() -> None:
    assert file_counter("/x/IMG_0123.JPG") == ("img_", 123)
    assert file_counter("/x/1.jpg") is None


def test_ids_are_stable_and_distinct() -> None:
    items = [shot("a.jpg", 0), shot("b.jpg", 300), shot("c.jpg", None)]
    first = [s.id for s in group_sessions(items, rules=RULES)]
    assert first == [s.id for s in group_sessions(list(reversed(items)), rules=RULES)]
    assert len(set(first)) == 3


@pytest.mark.parametrize("gap", [None, 60.0])
def test_no_file_is_lost_or_repeated(gap: float | None) -> None:
    items = [shot(f"f{i}.jpg", (i * 7) % 50, [D800, D800_B, PHONE, Camera()][i % 4]) for i in range(40)]
    items += [shot("nt.jpg", None)]
    paths = [p for s in group_sessions(items, gap, RULES) for p in s.all_paths()]
    assert sorted(paths) == sorted(i.path for i in items)
