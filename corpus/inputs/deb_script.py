# python3 features for the debian case deb_python_script: files, directories, json, hashlib, re.
import collections
import hashlib
import json
import math
import os
import re
import struct
import sys

print("args:", sys.argv[1:])
with open("data.txt", "w") as f:
    for i in range(1, 201):
        f.write(f"{i * 7919 % 1000:03d} {'abcdefghij'[i % 10] * (i % 4 + 1)}\n")
with open("data.txt") as f:
    lines = f.read().splitlines()
print(len(lines), lines[:3])
print(sorted(lines, key=lambda s: (s.split()[1], s))[:3])
print(collections.Counter(l.split()[1][0] for l in lines).most_common(3))
print(hashlib.sha256(open("data.txt", "rb").read()).hexdigest())
print(re.findall(r"(\d)\1", " ".join(lines))[:10])

os.makedirs("d/e/f", exist_ok=True)
for name in ("b", "a", "c"):
    with open(os.path.join("d", name + ".txt"), "w") as f:
        f.write(name * 3)
os.rename("d/a.txt", "d/e/moved.txt")
os.symlink("e/moved.txt", "d/link")
print(sorted(os.listdir("d")), os.readlink("d/link"), open("d/link").read())
for root, dirs, files in sorted(os.walk("d")):
    print(root, sorted(dirs), sorted(files))
st = os.stat("data.txt")
print(st.st_size, oct(st.st_mode & 0o7777), os.path.isdir("d/e"), os.path.exists("d/a.txt"))
print(json.dumps({"pi": round(math.pi, 6), "list": [1, 2.5, None, True], "s": "é"}, sort_keys=True))
print(struct.pack("<IhQ", 1, -2, 3).hex(), f"{math.e:>10.4f}|{255:#x}|{1e21:g}")
os.remove("d/b.txt")
print(sorted(os.listdir("d")))
sys.exit(4)
