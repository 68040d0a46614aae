"""docs/criteria.md shows the real 2024 change of CSTĐCS as the example of `extends:`: every line
of that block is a line of dtt/data/criteria.yaml, in the same order."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_extends_example_is_the_real_file() -> None:
    docs = (ROOT / "docs" / "criteria.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(  - version: \"2024\"\n.*?)```", docs, re.S)
    assert blocks, "the 2024 example is in docs/criteria.md"
    example = [line for line in blocks[0].splitlines() if line.strip()]
    assert any("cstdcs.achievement" in line for line in example)
    lines = (ROOT / "dtt" / "data" / "criteria.yaml").read_text(encoding="utf-8").splitlines()
    at = 0
    for line in example:
        assert line in lines[at:], f"not in the file (in this order): {line!r}"
        at = lines.index(line, at) + 1
