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


def test_a_terminal_gets_a_bar_with_counts_and_rate():
    stream, clock = Terminal(), Clock()
    progress = Progress("pick-up", stream, clock=clock)
    for done in range(201):
        clock.now = done * 0.01  # 100 files a second
        progress(done, 200)
    text = stream.getvalue()
    frames = text.split("\r")[1:]
    assert frames[-1] == "pick-up [" + "#" * 30 + "] 200/200 files, 100/s\n"
    assert 5 <= len(frames) <= 25  # redrawn every 0.1 s, not for every file
    assert any(", 1 s left" in f or ", 2 s left" in f for f in frames)


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
    Progress("pick-up", stream, clock=Clock())(1, 200)
    assert stream.getvalue() == "\rpick-up [" + "." * 30 + "] 1/200 files"


def test_small_pickups_show_nothing():
    stream = Terminal()
    progress = Progress("pick-up", stream)
    for done in range(1, SHOW_FROM):
        progress(done, SHOW_FROM - 1)
    assert stream.getvalue() == ""
