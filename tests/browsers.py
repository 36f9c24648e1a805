"""Make sure a headless Chromium is there for the browser tests (run by `make test`).

Playwright cannot download its own browser here, so the tests drive Debian's
`chromium` package; this installs it with apt when it is missing and we may.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

CHROMIUM = "/usr/bin/chromium"


def main() -> int:
    if os.path.exists(CHROMIUM):
        return 0
    apt = shutil.which("apt-get")
    if apt is None or os.geteuid() != 0:
        print(
            f"browsers: {CHROMIUM} is missing and cannot be installed here "
            "(needs apt-get as root); browser tests will fail",
            file=sys.stderr,
        )
        return 0
    print("browsers: installing Debian's chromium for the browser tests…", file=sys.stderr)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in ([apt, "update", "-qq"], [apt, "install", "-y", "-qq", "chromium"]):
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            print(f"browsers: {' '.join(command)} failed:\n{done.stderr[-2000:]}", file=sys.stderr)
            return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
