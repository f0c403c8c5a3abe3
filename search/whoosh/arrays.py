"""The array types the engine passes around (numpy, one entry per document or article)."""

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]  # a flag per top-level document number (or per article)
