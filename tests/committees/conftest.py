import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded materials go to a temporary folder, never into the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"
