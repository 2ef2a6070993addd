"""Real data sets that are too big to ship: downloaded once, checked, cached, and read from IDX files.

``load_fashion_mnist()`` fetches Zalando's Fashion-MNIST (70,000 photos of clothes, 28x28 grey
pixels, 10 classes) from its official address, verifies each file's MD5 checksum, keeps the files in
a cache folder (``~/.cache/nnlib`` unless ``NNLIB_DATA`` or ``cache_dir`` says otherwise), and
returns NumPy arrays as Keras's ``keras.datasets.fashion_mnist.load_data()`` does. Offline, it says
so and tells you where to put the files by hand.

The files use the IDX format of the original MNIST: a 4-byte "magic number" (two zero bytes, a
code for the type of the numbers, the number of axes), one big-endian 4-byte size per axis, then
the numbers themselves. :func:`read_idx` reads it, gzipped or not.

Introduced in lesson 06 (build your own Keras), for its bonus notebook.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from os import PathLike
from pathlib import Path

import numpy as np

__all__ = [
    "FASHION_MNIST_CLASSES",
    "FASHION_MNIST_FILES",
    "FASHION_MNIST_URL",
    "default_cache_dir",
    "load_fashion_mnist",
    "read_idx",
]

#: The official download address of Fashion-MNIST (github.com/zalandoresearch/fashion-mnist).
FASHION_MNIST_URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"

#: Each part's file name and its MD5 checksum, as the data set's authors publish them.
FASHION_MNIST_FILES: dict[str, tuple[str, str]] = {
    "train_images": ("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
    "train_labels": ("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"),
    "test_images": ("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"),
    "test_labels": ("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"),
}

#: The names of the ten classes, by label.
FASHION_MNIST_CLASSES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)

#: Seconds one read may wait for the server, and seconds a whole file may take to arrive.
READ_TIMEOUT = 30.0
DEADLINE = 600.0

#: IDX type codes and the NumPy types they stand for (big-endian where it matters).
_IDX_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def default_cache_dir() -> Path:
    """Where downloads are kept: ``$NNLIB_DATA``, else ``$XDG_CACHE_HOME/nnlib``, else ``~/.cache/nnlib``.

    Introduced in lesson 06 (build your own Keras).
    """
    if os.environ.get("NNLIB_DATA"):
        return Path(os.environ["NNLIB_DATA"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base).expanduser() / "nnlib"


def read_idx(path: str | PathLike) -> np.ndarray:
    """Read an IDX file (gzipped if its name ends in ``.gz``) into an array of native byte order.

    Raises
    ------
    ValueError
        If the file is not IDX: a wrong magic number, an unknown type code, or a size that does not
        match the header.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "two.idx"
    >>> _ = path.write_bytes(bytes([0, 0, 0x08, 1, 0, 0, 0, 2, 7, 9]))
    >>> read_idx(path)
    array([7, 9], dtype=uint8)

    Introduced in lesson 06 (build your own Keras).
    """
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as file:
            data = file.read()
    except (OSError, EOFError) as error:  # gzip.BadGzipFile is an OSError
        raise ValueError(f"read_idx: {path.name} cannot be read ({error})") from None
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] not in _IDX_TYPES:
        raise ValueError(f"read_idx: {path.name} is not an IDX file (its first bytes are {data[:4].hex(' ')})")
    n_axes = data[3]
    header = 4 + 4 * n_axes
    if len(data) < header:
        raise ValueError(f"read_idx: {path.name} ends inside its header")
    shape = tuple(int(size) for size in np.frombuffer(data, dtype=">u4", count=n_axes, offset=4))
    dtype = np.dtype(_IDX_TYPES[data[2]])
    expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if len(data) - header != expected:
        raise ValueError(
            f"read_idx: {path.name} should hold {expected:,} bytes of data for shape {shape}, "
            f"but holds {len(data) - header:,} (a truncated download?)"
        )
    array = np.frombuffer(data, dtype=dtype, offset=header).reshape(shape)
    return array.astype(dtype.newbyteorder("="))


def _md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _copy_before(response: object, out: object, deadline: float, url: str, func: str) -> None:
    """Copy ``response`` into ``out`` in blocks, stopping with ``TimeoutError`` once ``deadline`` has passed.

    A server that trickles bytes keeps every single read inside the socket's timeout; only a
    deadline for the whole file stops it.
    """
    limit = time.monotonic() + deadline
    while block := response.read1(1 << 16):
        out.write(block)
        if time.monotonic() > limit:
            raise TimeoutError(f"{func}: {url} took longer than {deadline:g} s to arrive; stopped")


def _fetch(
    file_name: str,
    md5: str,
    base_url: str,
    folder: Path,
    download: bool,
    func: str,
    deadline: float = DEADLINE,
    timeout: float = READ_TIMEOUT,
) -> Path:
    """The cached file, downloading it first if it is missing or damaged; its checksum verified."""
    target = folder / file_name
    if target.exists() and _md5(target) == md5:
        return target
    url = base_url.rstrip("/") + "/" + file_name
    if not download:
        state = "is damaged (wrong checksum)" if target.exists() else "is not there"
        raise FileNotFoundError(f"{func}: {target} {state}, and download=False. Download {url} into {folder}")
    folder.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=folder, prefix=file_name, suffix=".part")
    os.close(handle)
    try:
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response, open(partial, "wb") as out:
                _copy_before(response, out, deadline, url, func)
        except TimeoutError as error:
            raise ConnectionError(
                f"{error} (the connection is too slow, or the server stalls). Try again later, or download "
                f"the file by hand (in a browser) into {folder}"
            ) from None
        except (urllib.error.URLError, OSError) as error:
            raise ConnectionError(
                f"{func}: could not download {url} ({getattr(error, 'reason', error)}). Are you offline? "
                f"Download the file by hand (in a browser) into {folder}, or pass cache_dir= the folder "
                "that holds the four files"
            ) from None
        got = _md5(Path(partial))
        if got != md5:
            raise ValueError(
                f"{func}: {url} arrived damaged or changed: its MD5 checksum is {got}, expected {md5}. "
                "Try again; if it persists, the file on the server is not the one this course expects"
            )
        os.replace(partial, target)
    finally:
        if os.path.exists(partial):
            os.remove(partial)
    return target


def load_fashion_mnist(
    cache_dir: str | PathLike | None = None,
    *,
    download: bool = True,
    base_url: str = FASHION_MNIST_URL,
    checksums: Mapping[str, str] | None = None,
    deadline: float = DEADLINE,
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Fashion-MNIST as ``(x_train, y_train), (x_test, y_test)``, like Keras's ``load_data()``.

    The first call downloads four files (about 30 MB) into ``cache_dir``; later calls read them from
    there. Each file's MD5 checksum is verified, so a damaged download is never used.

    Parameters
    ----------
    cache_dir : path, optional
        Where the files are kept; :func:`default_cache_dir` by default.
    download : bool, default True
        ``False`` only reads the cache (and says what is missing).
    base_url : str
        Where the files are downloaded from (a mirror, or ``file://`` for a local copy).
    checksums : dict, optional
        MD5 checksums by file name, replacing the official ones (for a mirror of other files).
    deadline : float, default 600
        Seconds each file may take to download in all; a server that trickles bytes is stopped
        after it (each single read also times out after 30 s).

    Returns
    -------
    (x_train, y_train), (x_test, y_test)
        ``x``: uint8 images of shape ``(n, 28, 28)``, 0 = white to 255 = black; ``y``: uint8 labels
        0-9, named in :data:`FASHION_MNIST_CLASSES`. 60,000 training and 10,000 test images.

    Raises
    ------
    ConnectionError
        Offline, the server cannot be reached, or a file takes longer than ``deadline``; with what
        to do instead.
    ValueError
        A download with the wrong checksum, or files that do not fit together.

    Introduced in lesson 06 (build your own Keras).
    """
    func = "load_fashion_mnist"
    folder = Path(cache_dir).expanduser() if cache_dir is not None else default_cache_dir()
    arrays = {}
    for part, (file_name, md5) in FASHION_MNIST_FILES.items():
        if checksums is not None:
            md5 = checksums.get(file_name, md5)
        arrays[part] = read_idx(_fetch(file_name, md5, base_url, folder, download, func, deadline))
    for split in ("train", "test"):
        images, labels = arrays[f"{split}_images"], arrays[f"{split}_labels"]
        if images.ndim != 3 or labels.ndim != 1 or images.shape[0] != labels.shape[0]:
            raise ValueError(
                f"{func}: the {split} files do not fit together: images {images.shape}, labels {labels.shape}"
            )
    return (arrays["train_images"], arrays["train_labels"]), (arrays["test_images"], arrays["test_labels"])
