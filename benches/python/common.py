"""Shared bits of the Python baselines: header aliases and date parsing, as an analyst
would write them for these ledgers."""
import re
from pathlib import Path

ALIASES = {
    "工单编号": "信访编号", "编号": "信访编号", "登记日期": "受理日期", "来访日期": "受理日期",
    "物业公司": "物业企业", "物业服务企业": "物业企业", "状态": "办理状态", "完成日期": "办结日期",
    "回访结果": "满意度", "重复信访": "是否重复信访", "越级信访": "是否越级", "集体访": "是否集体访",
    "小区名称": "小区", "所属街道": "街道", "诉求类别": "问题类别", "来源": "信访渠道",
}


def canon(h):
    h = str(h).strip().replace("\u3000", "")
    h = re.sub(r"[（(].*[)）]$", "", h)
    return ALIASES.get(h, h)


def complaint_files(root):
    return sorted(p for p in Path(root).rglob("*.xlsx") if "信访台账" in str(p))


def register_file(root):
    return Path(root) / "物业企业名录.xlsx"


DATE_RE = re.compile(r"(\d{4})\D(\d{1,2})\D(\d{1,2})")
