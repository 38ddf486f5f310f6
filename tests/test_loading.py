"""Loading data files: YAML and JSON, relative paths, and errors that name the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

import notice_kit
from notice_kit import DataError, FileAttachment
from notice_kit.loading import package_data

from .conftest import SEED_EXAMPLE, minimal_data


def write(path: Path, data: object) -> Path:
    if path.suffix == ".json":
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".json"])
def test_yaml_and_json_load_the_same(tmp_path: Path, suffix: str) -> None:
    package = notice_kit.load_notice(write(tmp_path / f"n{suffix}", minimal_data()))
    assert package.notice.header.doc_number == "扬教发〔2024〕8号"
    assert package.notice.date.isoformat() == "2024-10-25"


def test_relative_paths_resolve_against_the_data_file(tmp_path: Path) -> None:
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "a.pdf").write_bytes(b"%PDF-1.4\n")
    data = minimal_data()
    data["attachments"] = [{"title": "名单", "path": "files/a.pdf"}]
    package = notice_kit.load_notice(write(tmp_path / "n.yaml", data))
    (att,) = package.attachments
    assert isinstance(att, FileAttachment)
    assert att.path == tmp_path / "files" / "a.pdf"


def problems(tmp_path: Path, data: object, name: str = "n.yaml") -> list[str]:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        write(path, data)
    with pytest.raises(DataError) as info:
        notice_kit.load_notice(path)
    assert str(path) in str(info.value)  # the file is named
    return [str(p) for p in info.value.problems]


def test_missing_required_field(tmp_path: Path) -> None:
    data = minimal_data()
    del data["notice"]["date"]  # type: ignore[attr-defined]
    assert problems(tmp_path, data) == ["notice.date: 缺少必填字段 / this field is required"]


def test_wrong_type(tmp_path: Path) -> None:
    (p,) = problems(tmp_path, minimal_data(date="明天"))
    assert p.startswith("notice.date: 应为日期") and "明天" in p


def test_invalid_doc_number(tmp_path: Path) -> None:
    data = minimal_data(header={"issuers": ["甲"], "doc_number": "扬教发〔2024〕第8号"})
    (p,) = problems(tmp_path, data)
    assert p.startswith("notice.header.doc_number: 发文字号不加“第”字")


def test_unknown_attachment_kind_and_field_paths(tmp_path: Path) -> None:
    data = minimal_data()
    data["attachments"] = [
        {"title": "材料", "body": ["正文"]},
        {"title": "回执", "columns": []},
        {"kind": "video", "title": "x"},
    ]
    found = problems(tmp_path, data)
    # Each problem names the line its field is written on (issue 13).
    assert found[0] == "attachments[1].columns: 至少需要 1 项 / needs at least 1 item(s)（第 5 行 / line 5）"
    assert found[1].startswith("attachments[2]: 无法识别的附件类型")
    assert found[1].endswith("（第 7 行 / line 7）")


def test_unknown_field_is_called_a_typo(tmp_path: Path) -> None:
    (p,) = problems(tmp_path, minimal_data(titel="错字"))
    assert p == "notice.titel: 未知字段（拼写错误？） / unknown field (a typo?)（第 11 行 / line 11）"


def test_missing_external_file(tmp_path: Path) -> None:
    data = minimal_data()
    data["attachments"] = [{"title": "名单", "path": "nope.pdf"}]
    (p,) = problems(tmp_path, data)
    assert p.startswith("attachments[0].path: 找不到文件 / file not found")


def test_malformed_yaml_names_line_and_column(tmp_path: Path) -> None:
    (p,) = problems(tmp_path, "notice:\n  title: [unclosed\n")
    assert "line 3" in p and "YAML" in p


def test_malformed_json(tmp_path: Path) -> None:
    (p,) = problems(tmp_path, '{"notice": ', name="n.json")
    assert "JSON" in p and "line 1" in p


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    (p,) = problems(tmp_path, "- a\n- b\n")
    assert "top level" in p


def test_missing_data_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="file not found"):
        notice_kit.load_notice(tmp_path / "none.yaml")


def test_seed_round_trips_through_dump(tmp_path: Path) -> None:
    package = notice_kit.load_notice(SEED_EXAMPLE)
    out = tmp_path / "again.yaml"
    notice_kit.dump_notice(package, out)
    assert notice_kit.load_notice(out) == package


def test_dump_writes_paths_relative_to_the_file(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4\n")
    data = minimal_data()
    data["attachments"] = [{"title": "名单", "path": "a.pdf"}]
    package = notice_kit.load_notice(write(tmp_path / "n.yaml", data))
    assert package_data(package, tmp_path)["attachments"][0]["path"] == "a.pdf"


def test_external_files_outside_the_data_folder_are_refused(tmp_path: Path) -> None:
    """Issue 7: a data file must not pull in files from elsewhere unless allowed."""
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF-1.4\n")
    (tmp_path / "notices").mkdir()
    (tmp_path / "notices" / "inside.pdf").write_bytes(b"%PDF-1.4\n")
    for path in ("../secret.pdf", str(secret)):
        data = minimal_data()
        data["attachments"] = [{"title": "名单", "path": path}]
        file = write(tmp_path / "notices" / "n.yaml", data)
        with pytest.raises(DataError, match=r"attachments\[0\]\.path.*outside"):
            notice_kit.load_notice(file)
        assert notice_kit.load_notice(file, allow_outside=True).attachments
    # A link inside the folder that points outside is outside too.
    (tmp_path / "notices" / "link.pdf").symlink_to(secret)
    data = minimal_data()
    data["attachments"] = [{"title": "名单", "path": "link.pdf"},
                           {"title": "名单二", "path": "inside.pdf"}]
    with pytest.raises(DataError) as info:
        notice_kit.load_notice(write(tmp_path / "notices" / "n.yaml", data))
    assert [p.location for p in info.value.problems] == ["attachments[0].path"]
