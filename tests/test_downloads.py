"""nnlib.downloads: IDX parsing, checksums, the cache and the offline error, with small files made here.

No test touches the network: downloads come from ``file://`` URLs, and "offline" is a refused
connection to a closed local port.
"""

import gzip
import hashlib
import struct

import numpy as np
import pytest

from nnlib import datasets
from nnlib.downloads import FASHION_MNIST_FILES, load_fashion_mnist, read_idx


def idx_bytes(array, code=0x08):
    header = bytes([0, 0, code, array.ndim]) + b"".join(struct.pack(">I", n) for n in array.shape)
    return header + array.astype(array.dtype.newbyteorder(">")).tobytes()


def write_idx(path, array, code=0x08):
    data = idx_bytes(array, code)
    if path.suffix == ".gz":
        data = gzip.compress(data, mtime=0)
    path.write_bytes(data)
    return hashlib.md5(path.read_bytes()).hexdigest()


RNG = np.random.default_rng(0)
PARTS = {
    "train_images": RNG.integers(0, 256, (6, 28, 28)).astype(np.uint8),
    "train_labels": np.arange(6, dtype=np.uint8),
    "test_images": RNG.integers(0, 256, (3, 28, 28)).astype(np.uint8),
    "test_labels": np.array([9, 0, 4], dtype=np.uint8),
}


@pytest.fixture
def mirror(tmp_path):
    """A folder of four small IDX files with the official names, and their checksums."""
    folder = tmp_path / "mirror"
    folder.mkdir()
    sums = {}
    for part, (name, _) in FASHION_MNIST_FILES.items():
        sums[name] = write_idx(folder / name, PARTS[part])
    return folder, sums


def test_read_idx_types_and_gzip(tmp_path):
    floats = np.linspace(-1, 1, 6).reshape(2, 3)
    write_idx(tmp_path / "f.idx", floats.astype(np.float32), code=0x0D)
    assert np.array_equal(read_idx(tmp_path / "f.idx"), floats.astype(np.float32))
    ints = np.array([[-5, 70000]], dtype=np.int32)
    write_idx(tmp_path / "i.idx.gz", ints, code=0x0C)
    got = read_idx(tmp_path / "i.idx.gz")
    assert np.array_equal(got, ints) and got.dtype.isnative


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x1f\x8bnot idx", "is not an IDX file"),
        (bytes([0, 0, 0x07, 1, 0, 0, 0, 1, 5]), "is not an IDX file"),
        (bytes([0, 0, 0x08, 2, 0, 0]), "ends inside its header"),
        (bytes([0, 0, 0x08, 1, 0, 0, 0, 3, 1, 2]), "should hold 3 bytes of data for shape \\(3,\\), but holds 2"),
    ],
)
def test_read_idx_refuses_what_is_not_idx(tmp_path, data, message):
    path = tmp_path / "bad.idx"
    path.write_bytes(data)
    with pytest.raises(ValueError, match=message):
        read_idx(path)


def test_read_idx_refuses_a_broken_gzip(tmp_path):
    (tmp_path / "bad.gz").write_bytes(b"this is no gzip")
    with pytest.raises(ValueError, match="bad.gz cannot be read"):
        read_idx(tmp_path / "bad.gz")


def test_download_verify_cache_and_read(mirror, tmp_path):
    folder, sums = mirror
    cache = tmp_path / "cache"
    (x_train, y_train), (x_test, y_test) = load_fashion_mnist(cache, base_url=folder.as_uri(), checksums=sums)
    assert np.array_equal(x_train, PARTS["train_images"]) and np.array_equal(y_test, PARTS["test_labels"])
    assert x_train.dtype == np.uint8 and x_test.shape == (3, 28, 28) and y_train.shape == (6,)
    assert sorted(p.name for p in cache.iterdir()) == sorted(name for name, _ in FASHION_MNIST_FILES.values())
    # the cache is used from now on: no download needed, even from a server that is gone
    again = load_fashion_mnist(cache, download=False, checksums=sums)
    assert np.array_equal(again[0][0], x_train)
    assert datasets.load_fashion_mnist is load_fashion_mnist


def test_a_damaged_cached_file_is_downloaded_again(mirror, tmp_path):
    folder, sums = mirror
    cache = tmp_path / "cache"
    load_fashion_mnist(cache, base_url=folder.as_uri(), checksums=sums)
    damaged = cache / FASHION_MNIST_FILES["test_labels"][0]
    damaged.write_bytes(b"garbage")
    with pytest.raises(FileNotFoundError, match="is damaged \\(wrong checksum\\), and download=False"):
        load_fashion_mnist(cache, download=False, checksums=sums)
    (_, _), (_, y_test) = load_fashion_mnist(cache, base_url=folder.as_uri(), checksums=sums)
    assert np.array_equal(y_test, PARTS["test_labels"])


def test_a_download_with_the_wrong_checksum_is_refused_and_not_kept(mirror, tmp_path):
    folder, _ = mirror  # the official checksums do not match these small files
    cache = tmp_path / "cache"
    with pytest.raises(ValueError, match="arrived damaged or changed: its MD5 checksum is"):
        load_fashion_mnist(cache, base_url=folder.as_uri())
    assert list(cache.iterdir()) == []  # neither the file nor a partial download stays behind


def test_offline_says_what_to_do(tmp_path):
    with pytest.raises(ConnectionError, match="Are you offline\\? Download the file by hand"):
        load_fashion_mnist(tmp_path / "cache", base_url="http://127.0.0.1:9/")
    with pytest.raises(FileNotFoundError, match="is not there, and download=False"):
        load_fashion_mnist(tmp_path / "cache", download=False)


def test_files_that_do_not_fit_together(mirror, tmp_path):
    folder, sums = mirror
    name = FASHION_MNIST_FILES["train_labels"][0]
    sums[name] = write_idx(folder / name, np.arange(5, dtype=np.uint8))
    with pytest.raises(ValueError, match="the train files do not fit together"):
        load_fashion_mnist(tmp_path / "cache", base_url=folder.as_uri(), checksums=sums)


def test_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    from nnlib.downloads import default_cache_dir

    monkeypatch.setenv("NNLIB_DATA", str(tmp_path / "data"))
    assert default_cache_dir() == tmp_path / "data"
    monkeypatch.delenv("NNLIB_DATA")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "nnlib"


def test_a_server_that_trickles_bytes_is_stopped_by_the_deadline(tmp_path):
    """Each byte arrives well inside the per-read timeout; only the total deadline stops the download."""
    import http.server
    import threading
    import time

    stop = threading.Event()

    class Trickle(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            for _ in range(1000):  # bounded: at most 1000 bytes, 20 s
                if stop.is_set():
                    return
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.02)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Trickle)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        start = time.monotonic()
        with pytest.raises(ConnectionError, match="took longer than 0.3 s to arrive"):
            load_fashion_mnist(tmp_path / "cache", base_url=f"http://127.0.0.1:{server.server_port}/", deadline=0.3)
        assert time.monotonic() - start < 5
        assert not list((tmp_path / "cache").glob("*.part"))  # the partial file is cleaned up
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
