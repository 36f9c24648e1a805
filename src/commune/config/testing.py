"""Settings for the test suite: the production settings in test mode with a scratch data directory.

pytest-django reads settings before any conftest runs, so the test switches are
set here, then everything else comes from `settings.py` unchanged.
"""

import tempfile

from commune.config.env import set_default, set_value

set_default("COMMUNE_TESTING", "1")
# A scratch directory per process: pytest-xdist workers inherit the controller's environment,
# and two workers sharing one would race to create the same journal key files.
set_value("COMMUNE_DATA_DIR", tempfile.mkdtemp(prefix="commune-test-"))

from commune.config.settings import *  # noqa: E402, F403

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405  (WhiteNoise warns when it is missing)

# Hashing test passwords with production's work factor would only slow the suite down.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
