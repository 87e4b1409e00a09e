#!/usr/bin/env python3
"""Drive a program under a pseudo-terminal, as a person at a keyboard would.

Usage: pty_driver.py PROGRAM [ARG...] < steps.json

steps.json is a list of steps:
  {"send": "text"}                      type text (JSON escapes: "\\t" Tab, "\\u0003" Ctrl-C,
                                        "\\u0004" Ctrl-D, "\\u001b[A" Up, "\\u0012" Ctrl-R)
  {"expect": "text", "timeout": 5}      wait until the screen output (escape sequences and
                                        carriage returns removed) shows text after the last match
  {"expect_exit": 0, "timeout": 5}      wait for the program to exit with this status
Prints one JSON object: {"ok", "error", "output", "status"}.
"""
import fcntl
import json
import os
import pty
import re
import select
import struct
import sys
import termios
import time

ESCAPES = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\x07")


def clean(raw):
    return ESCAPES.sub("", raw.decode("utf-8", "replace")).replace("\r", "")


def main():
    steps = json.load(sys.stdin)
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(sys.argv[1], sys.argv[1:])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    raw = b""
    cursor = 0
    status = None
    result = {"ok": True, "error": None}

    def pump(timeout):
        nonlocal raw
        ready, _, _ = select.select([fd], [], [], timeout)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return False
            if not chunk:
                return False
            raw += chunk
        return True

    for number, step in enumerate(steps):
        if "send" in step:
            time.sleep(step.get("delay", 0.15))
            os.write(fd, step["send"].encode("utf-8"))
        elif "expect" in step:
            deadline = time.time() + step.get("timeout", 5)
            while True:
                text = clean(raw)
                found = text.find(step["expect"], cursor)
                if found >= 0:
                    cursor = found + len(step["expect"])
                    break
                if time.time() > deadline or not pump(0.05) and time.time() > deadline:
                    result = {"ok": False, "error": "step %d: did not see %r" % (number, step["expect"])}
                    break
        elif "expect_exit" in step:
            deadline = time.time() + step.get("timeout", 5)
            while status is None and time.time() < deadline:
                pump(0.05)
                done, code = os.waitpid(pid, os.WNOHANG)
                if done:
                    status = os.waitstatus_to_exitcode(code)
            if status != step["expect_exit"]:
                result = {"ok": False, "error": "step %d: exit status %r, expected %r" % (number, status, step["expect_exit"])}
        if not result["ok"]:
            break
    if status is None:
        try:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        except OSError:
            pass
    while pump(0.05):
        pass
    result["output"] = clean(raw)
    result["status"] = status
    print(json.dumps(result))


if __name__ == "__main__":
    main()
