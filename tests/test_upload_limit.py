"""Uploads are capped (TRACKER_MAX_UPLOAD_MB): a bigger file is refused before any reader sees
it, with a message naming the file and the limit; Streamlit's own cap is not below ours."""

from __future__ import annotations

import tomllib

import pytest

from tracker.app import loading
from tracker.config import PROJECT_ROOT, config


def test_the_default_cap_is_20_mb_and_within_streamlits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRACKER_MAX_UPLOAD_MB", raising=False)
    assert loading.max_upload_bytes() == 20 * 1024 * 1024
    streamlit = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text())
    assert streamlit["server"]["maxUploadSize"] * 1024 * 1024 >= loading.max_upload_bytes()


def test_a_bigger_upload_is_refused_naming_the_file_and_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TRACKER_MAX_UPLOAD_MB", "1")
    body = b"x" * (1024 * 1024 + 1)
    with pytest.raises(loading.UploadTooLarge) as refused:
        loading.parse_upload(body, "rka_besar.pdf")
    message = str(refused.value)
    assert message.startswith("rka_besar.pdf: 1,048,577 bytes")
    assert "1,048,576 bytes (1 MB, TRACKER_MAX_UPLOAD_MB)" in message
    loading.check_upload("rka.txt", 1024 * 1024)  # at the limit is fine


@pytest.mark.parametrize("value", ["", "zero", "0", "-5"])
def test_a_cap_that_is_not_a_positive_number_falls_back_to_20_mb(value: str) -> None:
    assert config({"TRACKER_MAX_UPLOAD_MB": value}).max_upload_bytes == 20 * 1024 * 1024
