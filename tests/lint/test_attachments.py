"""NK1xx: the notice's references to its 附件, and the attachments' names."""

from __future__ import annotations

from .helpers import ONE, THREE, package, run


def test_bare_attachment_with_several_is_ambiguous_and_the_likely_one_is_named() -> None:
    pkg = package(["各地相关学校负责人1名（学校名单见附件，由相关地区通知）。"], THREE)
    [finding] = run("NK101", pkg)
    assert finding.severity == "warning"
    assert finding.location == "notice.body[0]"
    assert "有 3 个附件" in finding.message and "3 attachments" in finding.message
    assert "附件3“各地参加学校名单”" in finding.message
    assert finding.excerpt is not None and "学校名单见附件" in finding.excerpt


def test_bare_attachment_is_fine_with_one_attachment_numbered_or_plural() -> None:
    assert run("NK101", package(["名单见附件。"], ONE)) == []
    body = ["名单见附件3，材料见附件1。", "上述附件均须盖章。", "见各附件。"]
    assert run("NK101", package(body, THREE)) == []


def test_attachment_number_beyond_the_count_is_an_error() -> None:
    pkg = package([{"heading": "其他", "children": [{"text": "详见附件4和附件2。"}]}], THREE)
    [finding] = run("NK102", pkg)
    assert finding.severity == "error"
    assert finding.location == "notice.body[0].children[0].text"
    assert "附件4" in finding.message and "只有 3 个附件" in finding.message


def test_numbered_reference_to_a_single_attachment_is_a_warning() -> None:
    [finding] = run("NK102", package(["详见附件1。"], ONE))
    assert finding.severity == "warning"
    assert "“附件”" in finding.message


def test_any_reference_without_attachments_is_an_error() -> None:
    findings = run("NK102", package(["详见附件。", "见附件2。"]))
    assert [f.severity for f in findings] == ["error", "error"]
    assert run("NK102", package(["附件2由各校填写，附件1、3至各地领取。"], THREE)) == []


def test_book_title_almost_matching_an_attachment_title() -> None:
    pkg = package(["请学习《省厅第三季度分析材料》和《其他文件》。"], THREE)
    [finding] = run("NK103", pkg)
    assert "附件1" in finding.message and "省厅三季度分析材料" in finding.message
    assert run("NK103", package(["请学习《省厅三季度分析材料》（附件1）。"], THREE)) == []


def test_receipt_called_by_another_name() -> None:
    pkg = package(["请将参会人员名单回执于11月19日前报送。"], THREE)
    [finding] = run("NK104", pkg)
    assert finding.severity == "info"
    assert "参会人员名单回执" in finding.message
    assert "第三季度复盘与调度工作参加人员回执" in finding.message


def test_receipt_named_by_its_title_or_bare_is_fine() -> None:
    body = ["材料连同第三季度复盘与调度工作参加人员回执一并报送。", "请填写回执。",
            "参加人员回执请按时报送。"]
    assert run("NK104", package(body, THREE)) == []


def test_receipt_mentioned_but_missing_or_present_but_never_mentioned() -> None:
    [missing] = run("NK104", package(["请填写回执。"], ONE))
    assert "没有回执" in missing.message
    [unmentioned] = run("NK104", package(["现将有关事项通知如下。"], THREE))
    assert unmentioned.location == "attachments[1]"
    assert run("NK104", package(["请填写附件2并报送。"], THREE)) == []


def test_attachment_names_take_no_punctuation_label_or_book_marks() -> None:
    attachments = [
        {"title": "各地参加学校名单。", "items": ["甲校"]},
        {"title": "附件2：参加人员名单", "items": ["甲"]},
        {"title": "3. 各地参加学校名单", "items": ["甲校"]},
        {"title": "《省厅三季度分析材料》", "body": ["正文。"]},
    ]
    findings = run("NK105", package(None, attachments))
    assert [f.location for f in findings] == [f"attachments[{i}].title" for i in range(4)]
    assert run("NK105", package(None, THREE)) == []
    assert run("NK105", package(None, [{"title": "附件清单", "items": ["甲"]}])) == []


def test_typed_attachment_note_in_the_body() -> None:
    pkg = package(["现将有关事项通知如下。", "附件：1.省厅三季度分析材料"], THREE)
    [finding] = run("NK106", pkg)
    assert finding.location == "notice.body[1]"
    # Its "附件：" is not also reported as an ambiguous reference.
    assert run("NK101", pkg) == []


def test_a_numbered_reference_whose_title_is_another_attachments_is_an_error() -> None:
    """Issue 13: 附件1 removed — the body still says 《省厅一季度分析材料》（附件1）, now the 回执."""
    pkg = package(["请学习《省厅一季度分析材料》（附件1），填写回执（附件2）。"], THREE[1:])
    [finding] = run("NK107", pkg)
    assert finding.severity == "error"
    assert finding.location == "notice.body[0]"
    assert "《省厅一季度分析材料》（附件1）" in finding.message
    assert "附件1是“第三季度复盘与调度工作参加人员回执”" in finding.message
    assert "removed?" in finding.message


def test_a_reordered_attachment_names_where_its_title_went() -> None:
    pkg = package(["附件1《各地参加学校名单》由各校填写。"], THREE)
    [finding] = run("NK107", pkg)
    assert "附件1 is “省厅三季度分析材料”" in finding.message
    assert "《各地参加学校名单》 is 附件3" in finding.message


def test_matching_numbered_references_are_fine() -> None:
    body = ["请学习《省厅三季度分析材料》（附件1）与《各地参加学校名单》(见附件3)。",
            "附件2：《第三季度复盘与调度工作参加人员回执》", "详见《其他文件》（附件9）。"]
    assert run("NK107", package(body, THREE)) == []
