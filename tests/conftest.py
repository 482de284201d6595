"""Shared by every test: the compiled catalogue is cached in the session's own folder."""

import os
import tempfile

# Set at import, before any test (or the subprocesses they start) loads a catalogue: the tests
# never write into the user's own cache, and each run starts from an empty one.
_CACHE = tempfile.mkdtemp(prefix="finsam-cache-")
os.environ["FINSAM_CACHE"] = _CACHE
