"""The many-small-files benchmark set (issue 25): N complaint workbooks of K rows each, as
many street offices send them, cut from a sample folder's complaint ledgers (ids made unique
per file so no row is a duplicate), beside the folder's register and other ledgers.

    python3 benches/python/small_files.py SRC_DIR DST_DIR [N=2000] [K=20] [--inline]

--inline writes the workbooks with xlsxwriter's constant_memory mode (inline strings).
"""
import datetime as dt
import shutil
import sys
from pathlib import Path

import xlsxwriter
from python_calamine import CalamineWorkbook


def complaint_rows(src: Path):
    header, rows = None, []
    for p in sorted(src.rglob("*信访台账*.xlsx")):
        wb = CalamineWorkbook.from_path(str(p))
        for name in wb.sheet_names:
            data = wb.get_sheet_by_name(name).to_python()
            if not data:
                continue
            header = header or data[0]
            rows.extend(r for r in data[1:] if any(v not in (None, "") for v in r))
    return header, rows


def main(src_dir, dst_dir, n=2000, k=20, inline=False):
    src, dst = Path(src_dir), Path(dst_dir)
    for p in sorted(src.rglob("*")):
        if p.is_file() and "信访台账" not in str(p):
            out = dst / p.relative_to(src)
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(p, out)
    header, rows = complaint_rows(src)
    out_dir = dst / "信访台账"
    out_dir.mkdir(parents=True, exist_ok=True)
    opts = {"constant_memory": inline, "strings_to_numbers": False, "strings_to_formulas": False,
            "strings_to_urls": False}
    for f in range(n):
        wb = xlsxwriter.Workbook(str(out_dir / f"街道{f:04d}物业信访台账.xlsx"), opts)
        date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
        ws = wb.add_worksheet("信访台账")
        for c, h in enumerate(header):
            ws.write_string(0, c, str(h))
        for r in range(k):
            row = rows[(f * k + r) % len(rows)]
            for c, v in enumerate(row):
                if v is None or v == "":
                    continue
                if c == 0:
                    ws.write_string(r + 1, c, f"{v}-{f:04d}")  # 信访编号: unique per file
                elif isinstance(v, (dt.datetime, dt.date)):
                    d = v if isinstance(v, dt.datetime) else dt.datetime(v.year, v.month, v.day)
                    ws.write_datetime(r + 1, c, d, date_fmt)
                elif isinstance(v, bool):
                    ws.write_boolean(r + 1, c, v)
                elif isinstance(v, (int, float)):
                    ws.write_number(r + 1, c, v)
                else:
                    ws.write_string(r + 1, c, str(v))
        wb.close()
    print(f"{n} workbooks x {k} rows into {out_dir}")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--inline"]
    main(args[0], args[1], *(int(a) for a in args[2:4]), inline="--inline" in sys.argv)
