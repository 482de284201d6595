"""Shared by every test: the compiled catalogue is cached in the session's own folder."""

import os
import tempfile

# Set at import, before any test (or the subprocesses they start) loads a catalogue: the tests
# never write into the user's own cache, and each run starts from an empty one.
_CACHE = tempfile.mkdtemp(prefix="finsam-cache-")
os.environ["FINSAM_CACHE"] = _CACHE

# The same verdict on every run, in CI and on a newcomer's machine: Hypothesis draws its examples
# from a fixed seed. HYPOTHESIS_PROFILE=utforska draws anew, to look for new counterexamples.
from hypothesis import settings  # noqa: E402

settings.register_profile("fast", derandomize=True, database=None)
settings.register_profile("utforska", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))
