"""dtt — điển hình tiên tiến: advanced exemplars of Vietnam Social Security."""

__version__ = "0.1.0"
