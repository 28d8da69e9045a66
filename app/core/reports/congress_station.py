"""A counting station's counting sheet (分组计票单): its boxes and the marks its tellers counted, for them to sign."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm

from app.core.reports.data import ElectionInfo, Organization
from app.core.reports.styles import build_pdf, cn_date, grid_table, page_for, para, require_glyphs, title_para


@dataclass(frozen=True)
class StationSheetData:
    """One station's count: boxes, ballots, and per printed name the yes/no/abstain/unreadable marks."""

    org: Organization
    election: ElectionInfo
    station: str
    kit_code: str
    post: str
    boxes: tuple[tuple[str, int], ...]  # (box, ballots)
    marks: tuple[tuple[str, int, int, int, int], ...]  # (name, yes, no, abstain, unreadable)
    write_ins: tuple[tuple[str, int], ...]
    spoiled: int
    tellers: tuple[str, ...]
    on: date | None


def station_sheet_pdf(d: StationSheetData) -> bytes:
    """The sheet the station's tellers sign before its partial count goes to the main station on the stick."""
    require_glyphs(d)
    total = sum(n for _, n in d.boxes)
    story = [title_para(f"{d.post}选举分组计票单"),
             para(f"计票组：{d.station}　　计票包校验码：{d.kit_code}　　日期：{cn_date(d.on)}", "small"),
             para(f"本组清点票箱{len(d.boxes)}个，共{total}张选票（"
                  + "，".join(f"{b}{n}张" for b, n in d.boxes) + f"），其中整张作废{d.spoiled}张。"
                  "每张选票由两名计票人分别录入，两遍录入一致。", "body"),
             grid_table(["姓名", "赞成", "不赞成", "弃权", "无法辨认"],
                        [[n, str(y), str(no), str(a), str(u)] for n, y, no, a, u in d.marks],
                        [56 * mm, 25 * mm, 25 * mm, 25 * mm, 25 * mm], left=[0])]
    if d.write_ins:
        story += [para("另选他人：" + "，".join(f"{n}{y}票" for n, y in d.write_ins), "body")]
    story += [para("本计票单只记本组票箱的计票情况，全部选票的计票结果以大会计票结果报告单为准。", "small"),
              grid_table(["计票人", "签名"], [[t, ""] for t in d.tellers], [56 * mm, 100 * mm], pad=9)]
    return build_pdf(story, page_for(d.org, d.election, "分组计票单", d.on))
