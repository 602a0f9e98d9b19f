"""File-system safety: atomic file and folder replacement, and one build at a time.

A reader (or a killed build) only ever sees the old version or the new one:
files are written to a temporary name and renamed; a site folder is built next to
the old one and swapped in with one atomic exchange.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import errno
import fcntl
import os
import shutil
import signal
import sys
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from typing import BinaryIO
from pathlib import Path

from .errors import BriefingError, InputError

_RENAME_EXCHANGE = 2  # renameat2 flag (Linux 3.15+)
# mkstemp/mkdtemp create private (0600/0700) entries; published files get the usual mode instead.
_UMASK = os.umask(0)
os.umask(_UMASK)
FILE_MODE = 0o666 & ~_UMASK
DIR_MODE = 0o777 & ~_UMASK
_AT_FDCWD = -100


LINK_REFUSED = "a symbolic link: refused (only files inside the project are read)"


@contextlib.contextmanager
def open_regular(path: Path, follow: bool = False) -> Iterator[BinaryIO]:
    """Open `path` for reading only if it is a regular file and (unless `follow`) not a symbolic link; else InputError.

    Why O_NOFOLLOW: a link checked first and opened later could be swapped in between; refusing it
    at open time leaves no such gap. O_NONBLOCK: opening a FIFO must not wait for a writer."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputError(path, LINK_REFUSED if exc.errno == errno.ELOOP else f"cannot read: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError(path, "not a regular file")
        yield handle


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of regular file `path` (never through a symbolic link), refusing files over `limit` bytes."""
    with open_regular(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise InputError(path, f"too large: {size:,} bytes (the limit is {limit:,})")
        return handle.read()


def inside(path: Path, root: Path) -> bool:
    """True when `path`, every link in it resolved, lies inside the folder `root`."""
    return path.resolve().is_relative_to(_real(root))


@functools.lru_cache(maxsize=16)
def _real(root: Path) -> Path:
    """A root folder resolved once: a build checks thousands of paths against it."""
    return root.resolve()


def entries(folder: Path, skip_hidden: bool = False) -> Iterator[os.DirEntry]:
    """Every entry under `folder`, recursively, never descending into a linked folder (no extra system calls)."""
    stack = [folder]
    while stack:
        try:
            with os.scandir(stack.pop()) as listing:
                for entry in listing:
                    if skip_hidden and entry.name.startswith("."):
                        continue
                    yield entry
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(Path(entry.path))
        except (FileNotFoundError, NotADirectoryError):
            continue


def links_in(folder: Path) -> list[Path]:
    """Symbolic links (to files or folders) anywhere under `folder`, without following any of them."""
    return sorted(Path(entry.path) for entry in entries(folder) if entry.is_symlink())


WRITTEN: dict[str, tuple[int, int, int]] | None = None
"""When a dict (only under `briefing serve`): each file this process wrote, by path, with the inode, size
and mtime it was left with, so the preview can tell its own writes from the editor's."""


def write_text_atomic(path: Path, text: str) -> bool:
    """Write `text` to `path` via a temporary file and a rename; skip when the bytes are the same."""
    return write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> bool:
    """Write `data` to `path` via a temporary file and a rename; skip when the bytes are the same."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, FILE_MODE)
        # Why before the rename: a watcher thread may look at the file the moment it appears, and must
        # already know it as ours. A rename keeps the inode, size and mtime the signature is made of.
        if WRITTEN is not None:
            WRITTEN[os.path.abspath(path)] = signature(tmp)
        # Why no fsync: the rename is atomic for readers and survives a killed process;
        # syncing every page would dominate the build time of a large archive.
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def signature(path: Path | str) -> tuple[int, int, int] | None:
    """Inode, size and mtime of a file: a new version (ours by rename, or an editor's) changes it; None if gone."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def staging_dir(target: Path) -> Path:
    """A fresh empty folder next to `target`, to build the new version in."""
    target.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.new-"))
    os.chmod(folder, DIR_MODE)
    return folder


def replace_dir(new: Path, target: Path, keep: Callable[[Path], None] | None = None) -> None:
    """Put folder `new` in place of `target` atomically (exchange), then delete the old one (or hand it to `keep`)."""
    def done(old: Path) -> None:
        if keep is None:
            shutil.rmtree(old, ignore_errors=True)
        else:
            keep(old)

    if target.exists() and _exchange(new, target):
        done(new)  # `new` now holds the old site
        return
    # Why a fallback: no renameat2 (not Linux, old kernel). Two renames; the gap is a few microseconds.
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.old-"))
        os.rmdir(old)
        os.rename(target, old)
    os.rename(new, target)
    if old is not None:
        done(old)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step with renameat2(RENAME_EXCHANGE); False when unavailable."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    if ctypes.get_errno() in {errno.ENOSYS, errno.EINVAL, errno.EXDEV}:
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(b))


def remove_stale_staging(folder: Path) -> None:
    """Delete half-built folders a killed build left behind (hidden `.<name>.new-*` / `.old-*`)."""
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        if entry.name.startswith(".") and (".new-" in entry.name or ".old-" in entry.name) and entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)


def flush_streams() -> None:
    """Flush stdout and stderr before a fork: else the forked process flushes their buffers once more."""
    for stream in (sys.stdout, sys.stderr):
        stream.flush()


def die_with_parent() -> None:
    """Worker-process initializer: be killed when the build process dies (Linux), so a killed build
    leaves no orphan still writing."""
    libc_name = ctypes.util.find_library("c")
    if libc_name:
        pr_set_pdeathsig = 1
        ctypes.CDLL(libc_name).prctl(pr_set_pdeathsig, signal.SIGKILL)


@contextlib.contextmanager
def exclusive(lock_path: Path, wait: float = 0.0) -> Iterator[None]:
    """Hold the project's build lock; a second build refuses with a clear message instead of racing.

    With `wait`, first wait up to that many seconds (math.inf: as long as it takes) for the holder to finish.
    """
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as handle:
        deadline = time.monotonic() + wait
        while not _try_lock(handle):
            if time.monotonic() >= deadline:
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                raise BriefingError(f"another briefing command is running in this project ({holder}, "
                                    f"lock {lock_path}); wait for it to finish")
            time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.lockf(handle, fcntl.LOCK_UN)


def _try_lock(handle) -> bool:
    """Take the lock on an open lock file without blocking; False when another process holds it."""
    try:
        # Why lockf, not flock: a POSIX lock belongs to this process only, so worker processes
        # forked from it never keep it alive after a kill -9.
        fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True
