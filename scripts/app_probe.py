"""Watches the desktop app from outside, under Xvfb: when the screen shows owners painted,
when it changes after a key, and how much memory the app and its WebKit processes hold.
Used by scripts/bench-app and scripts/test-installed; it works on any build of the app, so a
release built before a change is measured the same way as one after it.

    python3 scripts/app_probe.py painted [TIMEOUT]   wait for the owners' colours; print seconds
    python3 scripts/app_probe.py memory PID          the memory of PID and its descendants
"""

import array
import os
import subprocess
import sys
import time

# The ownership colours of ui/src/app.css (Okabe-Ito): customer, shared, inherited, provider.
OWNER_COLOURS = (0x0072B2, 0xE69F00, 0x009E73, 0xD55E00)
# Enough coloured pixels for a few layers of a stack or a column of the board.
PAINTED_PIXELS = 4000


def screen():
    """The whole screen as 32-bit pixels (xwd, ZPixmap, 24-bit depth on Xvfb)."""
    raw = subprocess.run(
        ["xwd", "-root", "-silent"], check=True, stdout=subprocess.PIPE
    ).stdout
    header = memoryview(raw)[:100].cast("B")
    words = [int.from_bytes(header[i : i + 4], "big") for i in range(0, 100, 4)]
    header_size, bits_per_pixel, ncolors, byte_order = words[0], words[11], words[19], words[7]
    if bits_per_pixel != 32:
        raise RuntimeError(f"xwd gave {bits_per_pixel} bits per pixel; run Xvfb at depth 24")
    start = header_size + 12 * ncolors
    pixels = array.array("I")
    pixels.frombytes(raw[start : start + (len(raw) - start) // 4 * 4])
    if (byte_order == 0) != (sys.byteorder == "little"):
        pixels.byteswap()
    return pixels


def owner_pixels(pixels=None):
    """How many pixels show one of the ownership colours."""
    pixels = screen() if pixels is None else pixels
    return sum(pixels.count(c) + pixels.count(c | 0xFF000000) for c in OWNER_COLOURS)


def wait_painted(timeout=30.0, since=None, alive=None):
    """Seconds from `since` (default: now) until the owners show on screen."""
    since = time.monotonic() if since is None else since
    while time.monotonic() - since < timeout:
        if alive is not None and not alive():
            raise RuntimeError("the app exited before it painted")
        if owner_pixels() >= PAINTED_PIXELS:
            return time.monotonic() - since
        time.sleep(0.02)
    raise TimeoutError(f"nothing painted in {timeout:.0f} s")


def wait_changed(before, timeout=30.0, since=None):
    """Seconds from `since` until the screen differs from `before` (pixels)."""
    since = time.monotonic() if since is None else since
    while time.monotonic() - since < timeout:
        if screen() != before:
            return time.monotonic() - since
        time.sleep(0.01)
    raise TimeoutError(f"the screen did not change in {timeout:.0f} s")


def wait_still(quiet=1.0, timeout=60.0):
    """Waits until the screen has not changed for `quiet` seconds."""
    deadline = time.monotonic() + timeout
    last, since = screen(), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now = screen()
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
    raise TimeoutError(f"the screen kept changing for {timeout:.0f} s")


def descendants(pid):
    """`pid` and every process started under it."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found


def cpu_seconds(pid):
    """CPU time (user and system) spent so far by `pid` and its descendants, waited-for children
    included: unlike the wall clock, it hardly moves when other work shares the machine."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in descendants(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += sum(int(v) for v in fields[11:15])
        except (OSError, IndexError, ValueError):
            continue
    return total / ticks


def memory(pid):
    """[(name, rss_kb, pss_kb)] for `pid` and its descendants that hold memory."""
    rows = []
    for p in descendants(pid):
        try:
            with open(f"/proc/{p}/comm") as f:
                name = f.read().strip()
            with open(f"/proc/{p}/smaps_rollup") as f:
                fields = dict(
                    (line.split(":")[0], int(line.split()[1]))
                    for line in f
                    if line.split(":")[0] in ("Rss", "Pss")
                )
        except (OSError, ValueError, IndexError):
            continue
        if fields.get("Rss", 0) > 0:
            rows.append((name, fields["Rss"], fields["Pss"]))
    return rows


def window_ids(name="Demarc"):
    out = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", f"^{name}$"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ).stdout
    return [w for w in out.split() if w]


def key(*keys, window=None):
    """Presses keys in the app's window (focused first: Xvfb has no window manager)."""
    window = window or window_ids()[0]
    subprocess.run(["xdotool", "windowfocus", "--sync", window], check=True)
    subprocess.run(["xdotool", "key", "--delay", "30", *keys], check=True)


def main(argv):
    if len(argv) >= 2 and argv[1] == "painted":
        print(f"{wait_painted(float(argv[2]) if len(argv) > 2 else 30.0):.2f}")
        return 0
    if len(argv) == 3 and argv[1] == "memory":
        for name, rss, pss in memory(int(argv[2])):
            print(f"{name}\t{rss}\t{pss}")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
