#!/usr/bin/env python3
"""Measure src/ (non-test code) for issue 13: file lengths, function lengths, stage imports,
import circles between files. Usage: python3 scripts/structure.py [--max-fn 80] [--max-file 600]"""
import os, re, sys, itertools

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")
MAX_FN = 80
MAX_FILE = 600

def strip_tests(text):
    """Drop `#[cfg(test)] mod ... { ... }` blocks; return the non-test lines."""
    lines = text.split("\n")
    out, i = [], 0
    while i < len(lines):
        if lines[i].strip() == "#[cfg(test)]" and i + 1 < len(lines) and re.match(r"\s*(pub(\(\w+\))? )?mod \w+", lines[i+1]):
            if lines[i+1].rstrip().endswith(";"):
                i += 2; continue
            depth, j, started = 0, i + 1, False
            while j < len(lines):
                depth += lines[j].count("{") - lines[j].count("}")
                if "{" in lines[j]: started = True
                j += 1
                if started and depth <= 0: break
            i = j; continue
        out.append(lines[i]); i += 1
    return out

FN = re.compile(r"^\s*(pub(\([\w:]+\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+(\w+)")

def functions(lines):
    res = []
    for i, l in enumerate(lines):
        m = FN.match(l)
        if not m: continue
        depth, j, started = 0, i, False
        while j < len(lines):
            s = re.sub(r'"(\\.|[^"\\])*"', '""', lines[j])
            s = re.sub(r"'(\\.|[^'\\])'", "''", s)
            depth += s.count("{") - s.count("}")
            if "{" in s: started = True
            if not started and s.rstrip().endswith(";"): break
            if started and depth <= 0: break
            j += 1
        if started: res.append((m.group(6), i + 1, j - i + 1))
    return res

def module_of(path):
    rel = os.path.relpath(path, ROOT)[:-3]
    parts = rel.split(os.sep)
    if parts[-1] == "mod": parts = parts[:-1]
    if parts in (["lib"], ["main"]): return []
    return parts

files = {}
for d, _, fs in os.walk(ROOT):
    for f in fs:
        if f.endswith(".rs"):
            p = os.path.join(d, f)
            files[tuple(module_of(p))] = (p, strip_tests(open(p, encoding="utf-8").read()))

def resolve(mod, path):
    """Longest prefix of `path` that is a file module."""
    for k in range(len(path), 0, -1):
        if tuple(path[:k]) in files: return tuple(path[:k])
    return None

USE = re.compile(r"\b(crate|super)((?:::\w+)+)")
def imports(mod, lines):
    deps = set()
    text = "\n".join(l for l in lines if not l.strip().startswith("//"))
    # expand `use crate::a::{b, c::d}` one level
    for m in re.finditer(r"\b(crate|super(?:::super)*)::((?:\w+::)*)\{([^}]*)\}", text):
        base = m.group(1); pre = m.group(2).strip(":").split("::") if m.group(2) else []
        for item in m.group(3).split(","):
            item = item.strip().split(" as ")[0]
            if not item: continue
            deps.add(target(mod, base, pre + item.split("::")))
    for m in USE.finditer(text):
        base = m.group(1); rest = m.group(2).strip(":").split("::")
        while rest and rest[0] == "super": base += "::super"; rest = rest[1:]
        deps.add(target(mod, base, rest))
    deps.discard(None); deps.discard(tuple(mod))
    return deps

def target(mod, base, rest):
    if base == "crate": full = rest
    else:
        n = base.count("super")
        p = files[tuple(mod)][0]
        here = list(mod) if p.endswith("mod.rs") else list(mod)
        full = here[: len(here) - n] + rest
    return resolve(mod, full)

fail = 0
long_files = [(m, len(l)) for m, (p, l) in files.items() if len(l) > MAX_FILE]
print(f"files over {MAX_FILE} non-test lines: {len(long_files)}")
for m, n in sorted(long_files, key=lambda x: -x[1]): print(f"  {'/'.join(m)} {n}")
long_fns = []
for m, (p, l) in files.items():
    for name, line, n in functions(l):
        if n > MAX_FN: long_fns.append(("/".join(m) or os.path.basename(p), name, n))
print(f"functions over {MAX_FN} lines: {len(long_fns)}")
for f, name, n in sorted(long_fns, key=lambda x: -x[2]): print(f"  {f}::{name} {n}")

graph = {m: imports(m, l) for m, (p, l) in files.items()}
RULES = [("report", "cli"), ("report", "ingest"), ("score", "ingest"), ("metrics", "score"), ("ingest", "metrics")]
bad = []
for m, ds in graph.items():
    for d in ds:
        for a, b in RULES:
            if m and d and m[0] == a and d[0] == b: bad.append(("/".join(m), "/".join(d)))
print(f"forbidden stage imports: {len(bad)}")
for a, b in sorted(bad): print(f"  {a} -> {b}")

# file-level cycles (Tarjan)
index, low, stack, on, sccs, c = {}, {}, [], set(), [], [0]
sys.setrecursionlimit(10000)
def strong(v):
    index[v] = low[v] = c[0]; c[0] += 1; stack.append(v); on.add(v)
    for w in graph.get(v, ()):
        if w not in graph: continue
        if w not in index: strong(w); low[v] = min(low[v], low[w])
        elif w in on: low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v: break
        if len(comp) > 1: sccs.append(comp)
for v in graph:
    if v not in index: strong(v)
print(f"import circles: {len(sccs)}")
for comp in sccs: print("  " + " <-> ".join(sorted("/".join(m) or "crate" for m in comp)))

# closed-list words (fields.rs): each written as a string literal in one place only
fields_src = "\n".join(files[("fields",)][1])
words = set()
for m in re.finditer(r'w\("([^"]+)",\s*&\[([^\]]*)\]', fields_src):
    words.add(m.group(1))
    words.update(re.findall(r'"([^"]+)"', m.group(2)))
seen = {}
for mod, (p, lines) in files.items():
    for l in lines:
        if l.strip().startswith("//"):
            continue
        for lit in re.findall(r'"((?:[^"\\]|\\.)*)"', l):
            if lit in words:
                seen.setdefault(lit, set()).add("/".join(mod) or "crate")
multi = {w: sorted(ms) for w, ms in seen.items() if len(ms) > 1 or ms != {"fields"}}
multi = {w: ms for w, ms in multi.items() if ms != ["fields"]}
# 无 is also the everyday word for "none" (无明显变化, 异常提示 无): not the 佐证材料 word there
multi.pop("无", None)
print(f"closed-list words written outside fields.rs: {len(multi)}")
for w, ms in sorted(multi.items()):
    print(f"  {w}: {', '.join(ms)}")

# metric codes (metrics/table.rs, issue 24): written as a string literal there only
table_src = "\n".join(files[("metrics", "table")][1])
codes = set(re.findall(r'm\(\s*X::\w+,\s*"(\w+)"', table_src))
stray = {}
for mod, (p, lines) in files.items():
    if mod == ("metrics", "table"):
        continue
    for l in lines:
        if l.strip().startswith("//"):
            continue
        for lit in re.findall(r'"((?:[^"\\]|\\.)*)"', l):
            if lit in codes:
                stray.setdefault(lit, set()).add("/".join(mod))
print(f"metric codes written outside metrics/table.rs: {len(stray)} (of {len(codes)} codes)")
for w, ms in sorted(stray.items()):
    print(f"  {w}: {', '.join(sorted(ms))}")

failed = len(long_files) + len(long_fns) + len(bad) + len(sccs) + len(multi) + len(stray) + (len(codes) == 0)
sys.exit(1 if failed else 0)
