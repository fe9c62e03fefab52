"""Writing an output file atomically: readers see the old file or the whole new one."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_text_writer(path: Path, keep_on_interrupt: bool = True):
    """Yield a text stream to a temporary file beside `path`; move it into place when the
    block ends normally (or on Ctrl-C, keeping what was written); discard it on error."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    stream = os.fdopen(fd, "w", encoding="utf-8", newline="")
    try:
        yield stream
    except KeyboardInterrupt:
        stream.close()
        if keep_on_interrupt:
            _publish(tmp, path)
        else:
            os.unlink(tmp)
        raise
    except BaseException:
        stream.close()
        os.unlink(tmp)
        raise
    else:
        stream.flush()
        os.fsync(stream.fileno())
        stream.close()
        _publish(tmp, path)


def _publish(tmp: str, path: Path) -> None:
    """Give the file the permissions a plain open() would (mkstemp makes it 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, path)
