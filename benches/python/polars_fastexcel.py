"""Baseline: polars + fastexcel (calamine) + xlsxwriter, the fastest Python route. Same output
as pandas_openpyxl.py.

python3 benches/python/polars_fastexcel.py DATA_DIR OUT.xlsx [YEAR]"""
import sys
import fastexcel
import polars as pl
from common import canon, complaint_files, register_file

root, out = sys.argv[1], sys.argv[2]
year = int(sys.argv[3]) if len(sys.argv) > 3 else 2024


def read(p, key):
    sheet = fastexcel.read_excel(str(p)).load_sheet(0, header_row=None, dtypes="string")
    df = sheet.to_polars()
    hdr = next(i for i in range(min(20, df.height)) if any(key in str(v) for v in df.row(i)))
    names = [canon(v) for v in df.row(hdr)]
    df = df.slice(hdr + 1)
    df.columns = [n if n and n != "None" else f"_c{i}" for i, n in enumerate(names)]
    return df


def date(col):
    s = pl.col(col).str.replace_all(r"[年月/.]", "-").str.replace("日", "").str.slice(0, 10)
    return s.str.to_date("%Y-%m-%d", strict=False)


cols = ["信访编号", "受理日期", "物业企业", "办理状态", "办结日期", "满意度", "是否重复信访"]
c = pl.concat([read(p, "编号").select(cols) for p in complaint_files(root)], how="vertical")
c = c.filter(pl.col("信访编号").is_not_null()).filter(pl.col("信访编号").is_unique())
c = c.with_columns(date("受理日期").alias("受理"), date("办结日期").alias("办结")).drop_nulls("受理")
reg = read(register_file(root), "企业名称")
reg = reg.with_columns(pl.col("管理户数").str.replace_all(",", "").cast(pl.Float64))
names = {}
for r in reg.iter_rows(named=True):
    names[r["企业名称"]] = r["企业名称"]
    for a in str(r["简称"]).replace("，", "、").split("、"):
        names[a.strip()] = r["企业名称"]
c = c.with_columns(
    pl.col("物业企业").str.strip_chars().replace_strict(names, default=None).alias("企业"),
    pl.col("受理").dt.year().alias("年"),
    pl.col("受理").dt.month().alias("月"),
    (pl.col("办理状态") == "已办结").alias("已办结"),
)
c = c.with_columns(
    (pl.col("已办结") & ((pl.col("办结") - pl.col("受理")).dt.total_days() <= 15)).alias("按期"),
    pl.col("满意度").is_in(["满意", "基本满意"]).alias("满意"),
    pl.col("满意度").is_in(["满意", "基本满意", "不满意"]).alias("已评价"),
    (pl.col("是否重复信访") == "是").alias("重复"),
)
cur = c.filter(pl.col("年") == year).group_by("企业").agg(
    pl.len().alias("信访量"), pl.col("已办结").sum().alias("办结"), pl.col("按期").sum().alias("按期"),
    pl.col("满意").sum().alias("满意"), pl.col("已评价").sum().alias("已评价"), pl.col("重复").sum().alias("重复"))
prev = c.filter(pl.col("年") == year - 1).group_by("企业").agg(pl.len().alias("上年"))
m = reg.select("企业名称", "管理户数").join(cur, left_on="企业名称", right_on="企业", how="left").join(
    prev, left_on="企业名称", right_on="企业", how="left").fill_null(0)
m = m.with_columns(
    (pl.col("信访量") / pl.col("管理户数") * 1000).alias("千户信访量"),
    ((pl.col("信访量") - pl.col("上年")) / pl.col("上年")).alias("同比"),
    (pl.col("办结") / pl.col("信访量")).alias("办结率"),
    (pl.col("按期") / pl.col("信访量")).alias("按期办结率"),
    (pl.col("满意") / pl.col("已评价")).alias("满意率"),
    (pl.col("重复") / pl.col("信访量")).alias("重复信访率"),
)
monthly = c.group_by("年", "月").agg(pl.len().alias("n")).pivot(on="月", index="年", values="n").fill_null(0)
import xlsxwriter
with xlsxwriter.Workbook(out) as wb:
    m.write_excel(wb, worksheet="企业")
    monthly.write_excel(wb, worksheet="月度")
print(f"polars_fastexcel: {c.height} complaints")
