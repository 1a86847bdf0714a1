"""Fixtures for the hostile-input suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from hostile_helpers import CustomTemplate


@pytest.fixture
def custom_template(tmp_path: Path) -> CustomTemplate:
    """Render the DPIA example with its one template replaced by hostile text."""
    return CustomTemplate(tmp_path)
