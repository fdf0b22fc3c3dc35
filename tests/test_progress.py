import io
import logging

from digest.progress import SHOW_FROM, Progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_a_terminal_gets_tqdms_bar_with_counts_and_rate(monkeypatch):
    stream = Terminal()
    progress = Progress("pick-up", stream)
    for done in range(201):
        progress(done, 200)
    assert progress.bar is None  # closed when all are done
    text = stream.getvalue()
    frames = [frame for frame in text.split("\r") if frame]
    assert frames[0].startswith("pick-up:   0%") and "0/200" in frames[0]
    assert frames[-1].startswith("pick-up: 100%") and "200/200" in frames[-1] and "file/s]" in frames[-1]
    assert text.endswith("\n") and text.count("\n") == 1  # one line, redrawn in place
    assert len(frames) <= 25  # redrawn every 0.1 s at most, not for every file


def test_a_terminal_bar_shows_the_rate_and_time_left(monkeypatch):
    stream = Terminal()
    progress = Progress("pick-up", stream)
    progress(0, 100)
    progress.bar.start_t -= 10.0  # ten seconds for the first 50 files
    progress.bar.last_print_t -= 10.0
    progress(50, 100)
    frame = stream.getvalue().split("\r")[-1]
    assert "50/100" in frame and "5.00file/s" in frame and "<00:10" in frame, frame


def test_elsewhere_plain_log_lines_every_interval(caplog):
    caplog.set_level(logging.INFO, logger="digest")
    clock = Clock()
    progress = Progress("job pickup", io.StringIO(), interval=10, clock=clock)
    for done in range(1001):
        clock.now = done * 0.1  # 10 files a second, 100 s in all
        progress(done, 1000)
    lines = [r.getMessage() for r in caplog.records]
    assert lines[-1] == "job pickup: 1000 of 1000 files, 10/s"
    assert 9 <= len(lines) <= 12
    assert all("\r" not in line for line in lines)


def test_no_rate_before_there_is_time_to_measure_it(caplog):
    caplog.set_level(logging.INFO, logger="digest")
    clock = Clock()
    progress = Progress("pick-up", io.StringIO(), interval=10, clock=clock)
    progress(1, 200)  # the first file: no time has passed
    clock.now = 2.0
    progress(200, 200)
    lines = [r.getMessage() for r in caplog.records]
    assert lines == ["pick-up: 1 of 200 files", "pick-up: 200 of 200 files, 100/s"]
    stream = Terminal()
    Progress("pick-up", stream, clock=Clock())(1, 200)  # a terminal: tqdm's bar, which says '?' at first
    assert stream.getvalue().startswith("\rpick-up:   0%|          | 0/200 [00:00<?, ?file/s]")


def test_small_pickups_show_nothing():
    stream = Terminal()
    progress = Progress("pick-up", stream)
    for done in range(1, SHOW_FROM):
        progress(done, SHOW_FROM - 1)
    assert stream.getvalue() == ""
