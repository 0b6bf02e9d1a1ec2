#!/usr/bin/env python3
"""Marks a copy of de.kherud:llama's Linux/aarch64 libjllama.so DF_SYMBOLIC (binds its own symbols first).

Why: that library (built with GCC 8.5) exports some 140 weak std::filesystem symbols compiled against
GCC 8's pre-stable filesystem ABI (a 64-byte `path`). Debian's arm64 JVM has loaded the system libstdc++
(GCC 12, 40-byte `path`) before it, so without -Bsymbolic part of those symbols bind to the system copy:
two layouts of `path` meet and ggml_backend_load_best crashes in std::filesystem::path::~path.
DF_SYMBOLIC makes the dynamic linker resolve the library's references to its own definitions first.

usage: arm64-patch-jllama.py IN OUT             (IN: the .so taken from the jar; OUT: the patched copy)
       arm64-patch-jllama.py --from-jar JAR OUT   (takes de/kherud/llama/Linux/aarch64/libjllama.so from JAR)

The dynamic section gets DT_FLAGS |= DF_SYMBOLIC: an existing DT_FLAGS is updated; otherwise a spare
DT_NULL after the terminator, else DT_RELACOUNT (a relocation-count hint that ld.so only uses as a
shortcut), else DT_HASH when DT_GNU_HASH is present (ld.so uses the GNU hash then) becomes DT_FLAGS.
"""
import os
import struct
import sys
import zipfile

PT_DYNAMIC = 2
DT_NULL, DT_HASH, DT_FLAGS, DT_GNU_HASH, DT_RELACOUNT = 0, 4, 30, 0x6FFFFEF5, 0x6FFFFFF9
DF_SYMBOLIC = 0x2


def patch(data: bytearray) -> str:
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise SystemExit("not a little-endian 64-bit ELF file")
    (e_phoff,) = struct.unpack_from("<Q", data, 0x20)
    e_phentsize, e_phnum = struct.unpack_from("<HH", data, 0x36)
    for i in range(e_phnum):
        p_type, _, p_offset, _, _, p_filesz = struct.unpack_from("<IIQQQQ", data, e_phoff + i * e_phentsize)
        if p_type == PT_DYNAMIC:
            break
    else:
        raise SystemExit("no PT_DYNAMIC segment")
    entries = []
    for offset in range(p_offset, p_offset + p_filesz, 16):
        tag, value = struct.unpack_from("<qQ", data, offset)
        entries.append((offset, tag, value))
    tags = [tag for _, tag, _ in entries]
    end = tags.index(DT_NULL)

    def write(offset, tag, value):
        struct.pack_into("<qQ", data, offset, tag, value)

    for offset, tag, value in entries[:end]:
        if tag == DT_FLAGS:
            write(offset, DT_FLAGS, value | DF_SYMBOLIC)
            return "DT_FLAGS updated"
    if end + 1 < len(entries):
        # the terminator moves one slot on; the old terminator becomes DT_FLAGS
        write(entries[end + 1][0], DT_NULL, 0)
        write(entries[end][0], DT_FLAGS, DF_SYMBOLIC)
        return "spare DT_NULL turned into DT_FLAGS"
    for offset, tag, _ in entries[:end]:
        if tag == DT_RELACOUNT:
            write(offset, DT_FLAGS, DF_SYMBOLIC)
            return "DT_RELACOUNT replaced by DT_FLAGS"
    if DT_GNU_HASH in tags[:end]:
        for offset, tag, _ in entries[:end]:
            if tag == DT_HASH:
                write(offset, DT_FLAGS, DF_SYMBOLIC)
                return "DT_HASH replaced by DT_FLAGS (DT_GNU_HASH remains)"
    raise SystemExit("no room in the dynamic section for DT_FLAGS")


def main():
    args = sys.argv[1:]
    if len(args) == 3 and args[0] == "--from-jar":
        with zipfile.ZipFile(args[1]) as jar:
            data = bytearray(jar.read("de/kherud/llama/Linux/aarch64/libjllama.so"))
        out = args[2]
    elif len(args) == 2:
        with open(args[0], "rb") as source:
            data = bytearray(source.read())
        out = args[1]
    else:
        raise SystemExit("usage: arm64-patch-jllama.py IN OUT | --from-jar JAR OUT")
    how = patch(data)
    # written next to OUT first: a member starting at the same time never loads a half-written file
    temp = out + ".part-" + str(os.getpid())
    with open(temp, "wb") as target:
        target.write(data)
    os.replace(temp, out)
    print(f"{out}: DF_SYMBOLIC set ({how})")


if __name__ == "__main__":
    main()
