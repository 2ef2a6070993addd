"""Weights files: NumPy ``.npz`` archives written safely and read without ever unpickling.

:func:`save_arrays` writes to a temporary file in the same folder and renames it into place in
one step (``os.replace``), so an interrupted save (Ctrl-C, a killed kernel, a full disk) leaves
the previous file as it was. :func:`load_arrays` reads with ``allow_pickle=False`` and turns every
way a file can be wrong (empty, truncated, text, pickled objects, strings instead of numbers) into
one clear ``ValueError``.

Introduced in lesson 06 (build your own Keras), for ``Sequential.save_weights``/``load_weights``.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
import zlib
from collections.abc import Sequence
from os import PathLike
from pathlib import Path

import numpy as np

__all__ = ["load_arrays", "npz_path", "save_arrays"]


def npz_path(filepath: str | PathLike) -> Path:
    """The path with ``.npz`` added if it is missing (as ``np.savez`` would add it).

    Examples
    --------
    >>> npz_path("model").name, npz_path("model.npz").name
    ('model.npz', 'model.npz')
    """
    path = Path(filepath)
    return path if path.suffix == ".npz" else path.with_name(path.name + ".npz")


def save_arrays(path: Path, layout: Sequence[str], arrays: Sequence[np.ndarray], func: str) -> Path:
    """Write ``layout`` (one line of text per array) and ``arrays`` to ``path`` atomically.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = save_arrays(Path(folder) / "w.npz", ["kernel (2,)"], [np.ones(2)], "demo")
    ...     load_arrays(path, "demo")
    (['kernel (2,)'], [array([1., 1.])])
    """
    if path.is_dir():
        raise IsADirectoryError(f"{func}: {path} is a folder; give a file name such as {path / 'model.npz'}")
    named = {f"weight_{i:03d}": array for i, array in enumerate(arrays)}
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            np.savez(file, layout=np.array(list(layout)), **named)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise
    return path


def load_arrays(path: Path, func: str) -> tuple[list[str], list[np.ndarray]]:
    """The layout and the numeric arrays of a file written by :func:`save_arrays`.

    Raises
    ------
    FileNotFoundError
        If there is no such file.
    ValueError
        If the file is empty, truncated, not an ``.npz`` archive, holds pickled objects or text
        instead of numbers, or misses an array; one message per case, naming ``func`` and the path.
    """
    if not path.is_file():
        raise FileNotFoundError(f"{func}: no file {path}")
    not_weights = f"{func}: {path} is not a weights file written by save_weights"
    try:
        data = np.load(path, allow_pickle=False)
        if not isinstance(data, np.lib.npyio.NpzFile):
            raise ValueError(f"{not_weights} (it holds a single array, not an .npz archive)")
        with data:
            if "layout" not in data.files:
                raise ValueError(f"{not_weights} (it has no layout record)")
            layout = [str(s) for s in data["layout"]]
            arrays = []
            for i in range(len(layout)):
                key = f"weight_{i:03d}"
                if key not in data.files:
                    raise ValueError(f"{not_weights} (weight {i + 1} is missing)")
                array = data[key]
                if array.dtype.kind not in "biuf":
                    raise ValueError(f"{not_weights} (weight {i + 1} holds {array.dtype} values, not numbers)")
                arrays.append(array)
    except ValueError as error:
        if str(error).startswith(func):
            raise
        raise ValueError(f"{not_weights}: {error}") from None  # pickled object arrays, text
    except (OSError, EOFError, zipfile.BadZipFile, zlib.error, KeyError) as error:
        raise ValueError(
            f"{not_weights}: it is empty, truncated or damaged ({type(error).__name__}: {error})"
        ) from None
    return layout, arrays
