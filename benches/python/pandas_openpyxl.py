"""Baseline: what an analyst writes with pandas + openpyxl. Reads every complaint ledger and the
register, computes the complaint-side company metrics and monthly counts, writes a workbook.

python3 benches/python/pandas_openpyxl.py DATA_DIR OUT.xlsx [YEAR]"""
import sys
import pandas as pd
from common import canon, complaint_files, register_file

root, out = sys.argv[1], sys.argv[2]
year = int(sys.argv[3]) if len(sys.argv) > 3 else 2024
frames = []
for p in complaint_files(root):
    raw = pd.read_excel(p, engine="openpyxl", header=None, dtype=object)
    hdr = next(i for i in range(min(20, len(raw))) if raw.iloc[i].astype(str).str.contains("编号").any())
    df = raw.iloc[hdr + 1:].copy()
    df.columns = [canon(c) for c in raw.iloc[hdr]]
    frames.append(df)
c = pd.concat(frames, ignore_index=True)
c = c.dropna(subset=["信访编号"]).drop_duplicates(subset=["信访编号"], keep=False)
c["受理日期"] = pd.to_datetime(c["受理日期"].astype(str).str.replace(r"[年月/.]", "-", regex=True).str.replace("日", ""), errors="coerce", format="mixed")
c["办结日期"] = pd.to_datetime(c["办结日期"].astype(str).str.replace(r"[年月/.]", "-", regex=True).str.replace("日", ""), errors="coerce", format="mixed")
c = c.dropna(subset=["受理日期"])
reg_raw = pd.read_excel(register_file(root), engine="openpyxl", header=None, dtype=object)
hdr = next(i for i in range(20) if (reg_raw.iloc[i].astype(str) == "企业名称").any())
reg = reg_raw.iloc[hdr + 1:].copy()
reg.columns = [canon(x) for x in reg_raw.iloc[hdr]]
reg["管理户数"] = pd.to_numeric(reg["管理户数"].astype(str).str.replace(",", ""), errors="coerce")
names = {}
for _, r in reg.iterrows():
    names[r["企业名称"]] = r["企业名称"]
    for a in str(r["简称"]).replace("，", "、").split("、"):
        names[a.strip()] = r["企业名称"]
c["企业"] = c["物业企业"].astype(str).str.strip().map(names)
c["年"] = c["受理日期"].dt.year
c["月"] = c["受理日期"].dt.month
c["已办结"] = c["办理状态"] == "已办结"
c["处理天数"] = (c["办结日期"] - c["受理日期"]).dt.days
c["按期"] = c["已办结"] & (c["处理天数"] <= 15)
c["满意"] = c["满意度"].isin(["满意", "基本满意"])
c["已评价"] = c["满意度"].isin(["满意", "基本满意", "不满意"])
c["重复"] = c["是否重复信访"] == "是"
cur = c[c["年"] == year].groupby("企业").agg(
    信访量=("信访编号", "size"), 办结=("已办结", "sum"), 按期=("按期", "sum"),
    满意=("满意", "sum"), 已评价=("已评价", "sum"), 重复=("重复", "sum"))
prev = c[c["年"] == year - 1].groupby("企业").size().rename("上年")
m = reg.set_index("企业名称")[["管理户数"]].join(cur).join(prev).fillna(0)
m["千户信访量"] = m["信访量"] / m["管理户数"] * 1000
m["同比"] = (m["信访量"] - m["上年"]) / m["上年"].where(m["上年"] > 0)
m["办结率"] = m["办结"] / m["信访量"]
m["按期办结率"] = m["按期"] / m["信访量"]
m["满意率"] = m["满意"] / m["已评价"]
m["重复信访率"] = m["重复"] / m["信访量"]
monthly = c.pivot_table(index="年", columns="月", values="信访编号", aggfunc="size", fill_value=0)
with pd.ExcelWriter(out, engine="openpyxl") as w:
    m.to_excel(w, sheet_name="企业")
    monthly.to_excel(w, sheet_name="月度")
print(f"pandas_openpyxl: {len(c)} complaints")
