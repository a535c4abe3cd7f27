"""Rewrite a folder of ledgers the way streaming writers write them (issue 25): every .xlsx
is read cell by cell with python-calamine (each cell keeps its type) and written again with
xlsxwriter's `constant_memory` mode —
what large platform exports use (xlsxwriter, Apache POI SXSSF): strings inline in each cell
(`t="inlineStr"`), no shared-string table. Dates stay date cells, numbers numbers, text text.
Other files are copied unchanged.

    python3 benches/python/inline_strings.py SRC_DIR DST_DIR
"""
import datetime as dt
import shutil
import sys
from pathlib import Path

import xlsxwriter
from python_calamine import CalamineWorkbook


def rewrite(src: Path, dst: Path) -> int:
    reader = CalamineWorkbook.from_path(str(src))
    wb = xlsxwriter.Workbook(str(dst), {"constant_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    rows = 0
    for name in reader.sheet_names:
        # every row as it is (title rows and header blocks too), every cell with its own type
        sheet = reader.get_sheet_by_name(name).to_python(skip_empty_area=False)
        ws = wb.add_worksheet(name)
        for r, row in enumerate(sheet):
            for c, v in enumerate(row):
                if v is None or v == "":
                    continue
                if isinstance(v, dt.datetime):
                    ws.write_datetime(r, c, v, date_fmt)
                elif isinstance(v, dt.date):
                    ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), date_fmt)
                elif isinstance(v, bool):
                    ws.write_boolean(r, c, v)
                elif isinstance(v, (int, float)):
                    ws.write_number(r, c, v)
                else:
                    ws.write_string(r, c, str(v))
            rows += 1
    wb.close()
    return rows


def main(src_dir: str, dst_dir: str) -> None:
    src, dst = Path(src_dir), Path(dst_dir)
    total = 0
    for p in sorted(src.rglob("*")):
        if not p.is_file():
            continue
        out = dst / p.relative_to(src)
        out.parent.mkdir(parents=True, exist_ok=True)
        if p.suffix.lower() == ".xlsx":
            total += rewrite(p, out)
        else:
            shutil.copyfile(p, out)
    print(f"{total} rows rewritten with inline strings into {dst}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
