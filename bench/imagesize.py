# SPDX-License-Identifier: GPL-2.0-only
"""Figure 8's image sizes: text, code, data and bss of Xenith (from its ELF)
and of Xen 4.17 (from Debian's arm64 Image alone, which has no ELF).

Xen's boundaries come from the Image itself, each read where the linker
wrote it, never guessed:

  _stext _etext _sinittext _einittext   Xen's own symbol table (below)
  _srodata                              _etext rounded up to a page (xen.lds)
  _erodata                              end of the GNU build-id note, the
                                        last thing of .rodata (xen.lds)
  __init_end_efi                        the PE header's .text SizeOfRawData
  __bss_start __bss_end                 the two literals zero_bss loads
  _end                                  the arm64 header's image_size

Xen's symbol table (xen/tools/symbols.c writes it as assembly into .rodata,
xen/common/symbols.c reads it).  Every array starts on a 256-byte boundary
(`.align 8` on ARM is a power of two):

  symbols_addresses    N little-endian u64, ascending (sorted by --sort)
  symbols_num_syms     u32 N
  symbols_names        N entries: a length byte, then that many token codes
  symbols_markers      ceil(N/256) u32: the names offset of every 256th entry
  symbols_token_table  256 NUL-terminated strings (a code's expansion)
  symbols_token_index  256 u16: where each code's string starts in the table

An expanded name is the nm type letter, then for a local symbol "file#",
then the name.  Without --all-symbols (Debian builds without LIVEPATCH)
only symbols inside [_stext, _etext] and [_sinittext, _einittext] are kept.

  python3 bench/imagesize.py [XEN_IMAGE]    prints the layout it decodes
"""
import os
import struct
import sys

PAGE = 4096
ALIGN = 256


def align_up(x, a):
    return (x + a - 1) // a * a


class ImageError(Exception):
    """The Image is not laid out the way Xen 4.17's build lays it out."""


def check(cond, what):
    if not cond:
        raise ImageError(what)


def u16s(img, off, n):
    return struct.unpack_from("<%dH" % n, img, off)


def u32(img, off):
    return struct.unpack_from("<I", img, off)[0]


def u64(img, off):
    return struct.unpack_from("<Q", img, off)[0]


def find_token_index(img):
    """The only aligned run of 256 u16 that starts at 0 and strictly ascends."""
    found = []
    for off in range(0, len(img) - 512, ALIGN):
        if img[off] or img[off + 1]:
            continue
        idx = u16s(img, off, 256)
        if all(a < b for a, b in zip(idx, idx[1:])):
            found.append(off)
    check(len(found) == 1, "symbols_token_index: %d candidates" % len(found))
    return found[0], u16s(img, found[0], 256)


def tokens_at(img, start, idx, end):
    """The 256 token strings if a table at start fits idx exactly, else None."""
    toks = []
    for i, rel in enumerate(idx):
        nul = img.find(b"\0", start + rel)
        nxt = start + idx[i + 1] - 1 if i < 255 else nul
        if nul != nxt or nul >= end:
            return None
        toks.append(img[start + rel:nul])
    # Only the alignment's zeros between the table and the index.
    return toks if not any(img[nul:end]) else None


def find_token_table(img):
    index, idx = find_token_index(img)
    for start in range(index - ALIGN, -1, -ALIGN):
        toks = tokens_at(img, start, idx, index)
        if toks is not None:
            return start, toks, index
    raise ImageError("symbols_token_table: none fits the index")


def names_end(img, first, count, limit):
    off = first
    for _ in range(count):
        if off >= limit:
            return None
        off += img[off] + 1
    return off


def find_num_syms(img, table):
    """(offset of symbols_num_syms, N): the only N whose names and markers
    exactly fill the space up to the token table."""
    found = []
    for off in range(ALIGN, table, ALIGN):
        n = u32(img, off)
        if not 0 < n < off // 8:
            continue
        end = names_end(img, off + ALIGN, n, table)
        if end is not None and \
                align_up(align_up(end, ALIGN) + 4 * ((n + 255) // 256), ALIGN) == table:
            found.append((off, n))
    check(len(found) == 1, "symbols_num_syms: %d candidates" % len(found))
    return found[0]


def read_symbols(img):
    """([(address, nm type, name)] in the table's order, local names with
    their "file#" prefix; the table's size in bytes)."""
    table, toks, index = find_token_table(img)
    num_off, n = find_num_syms(img, table)
    addr_off = num_off - align_up(8 * n, ALIGN)
    addrs = struct.unpack_from("<%dQ" % n, img, addr_off)
    markers_off = align_up(names_end(img, num_off + ALIGN, n, table), ALIGN)
    syms, off = [], num_off + ALIGN
    for i in range(n):
        if i % 256 == 0:
            check(u32(img, markers_off + 4 * (i // 256)) == off - num_off - ALIGN,
                  "symbols_markers[%d] does not point at symbol %d" % (i // 256, i))
        name = b"".join(toks[c] for c in img[off + 1:off + 1 + img[off]]).decode("ascii")
        check(len(name) > 1, "symbol %d has no name" % i)
        syms.append((addrs[i], name[0], name[1:]))
        off += img[off] + 1
    return syms, index + 2 * 256 - addr_off


def symbol_map(syms):
    """name -> address, local names without their file; ambiguous ones left out."""
    seen = {}
    for addr, _, name in syms:
        seen.setdefault(name.split("#")[-1], set()).add(addr)
    return {k: v.pop() for k, v in seen.items() if len(v) == 1}


def check_symbols(syms, sym, base):
    """The table is Xen's: ordered, only text symbols, anchored to the header."""
    addrs = [a for a, _, _ in syms]
    check(all(a <= b for a, b in zip(addrs, addrs[1:])), "addresses not ascending")
    for name in ("_start", "_stext", "_etext", "_sinittext", "_einittext",
                 "real_start", "efi_start", "zero_bss"):
        check(name in sym, "symbol %s missing" % name)
    check(addrs[0] == sym["_stext"] == sym["_start"] == base, "_stext is not the image start")
    check(sym["_stext"] < sym["_etext"] < sym["_sinittext"] < sym["_einittext"],
          "text and init text out of order")
    text = (sym["_stext"], sym["_etext"])
    init = (sym["_sinittext"], sym["_einittext"])
    check(all(text[0] <= a <= text[1] or init[0] <= a <= init[1] for a in addrs),
          "a symbol outside text and init text: built with --all-symbols?")
    check(all(t in "TtWw" for _, t, _ in syms), "a symbol that is not code")


def b_target(img, off):
    """Where the unconditional branch (B imm26) at off goes, as an offset."""
    ins = u32(img, off)
    check(ins >> 26 == 0b000101, "no B instruction at %#x" % off)
    imm = ins & 0x3ffffff
    return off + 4 * (imm - (1 << 26) if imm >> 25 else imm)


def ldr_literals(img, off, count):
    """The values of the first count `LDR Xt, =literal` from off on."""
    vals = []
    while len(vals) < count and off < len(img):
        ins = u32(img, off)
        if ins >> 24 == 0x58:   # LDR (literal), 64-bit
            imm = (ins >> 5) & 0x7ffff
            vals.append(u64(img, off + 4 * (imm - (1 << 19) if imm >> 18 else imm)))
        off += 4
    return vals


def pe_raw_end(img):
    """End offset of the PE section's raw data (__init_end_efi - _start)
    and the PE entry point."""
    pe = u32(img, 0x3c)
    check(img[pe:pe + 4] == b"PE\0\0", "no PE header")
    nsect, optsize = struct.unpack_from("<H", img, pe + 6)[0], \
        struct.unpack_from("<H", img, pe + 20)[0]
    entry = u32(img, pe + 24 + 16)
    for s in range(pe + 24 + optsize, pe + 24 + optsize + 40 * nsect, 40):
        if img[s:s + 8].rstrip(b"\0") == b".text":
            _, vaddr, raw, _ = struct.unpack_from("<4I", img, s + 8)
            return vaddr + raw, entry
    raise ImageError("no .text in the PE section table")


def build_id_end(img):
    """Offset just past the GNU build-id note (namesz 4, type 3, "GNU")."""
    hits = []
    off = img.find(b"\x04\0\0\0", 0)
    while off >= 0:
        if img[off + 8:off + 16] == b"\x03\0\0\0GNU\0":
            hits.append(off + 16 + align_up(u32(img, off + 4), 4))
        off = img.find(b"\x04\0\0\0", off + 4)
    check(len(hits) == 1, "GNU build-id note: %d found" % len(hits))
    return hits[0]


def xen_layout(img):
    """Xen's boundaries (virtual addresses), the number of symbols and the
    symbol table's size, all checked against each other."""
    check(img[0x38:0x3c] == b"ARMd", "no arm64 Image header")
    syms, symtab = read_symbols(img)
    sym = symbol_map(syms)
    base = syms[0][0]
    check_symbols(syms, sym, base)
    check(b_target(img, 4) == sym["real_start"] - base, "header branch misses real_start")
    raw_end, entry = pe_raw_end(img)
    check(entry == sym["efi_start"] - base, "PE entry point is not efi_start")
    check(raw_end == len(img), "PE raw data does not end at the file's end")
    bss_start, bss_end = ldr_literals(img, sym["zero_bss"] - base, 2)
    b = {"_stext": base, "_etext": sym["_etext"], "_srodata": align_up(sym["_etext"], PAGE),
         "_erodata": base + build_id_end(img), "_sinittext": sym["_sinittext"],
         "_einittext": sym["_einittext"], "__init_end_efi": base + raw_end,
         "__bss_start": bss_start, "__bss_end": bss_end, "_end": base + u64(img, 16)}
    check(b["_srodata"] < b["_erodata"] < b["_sinittext"], "build-id note not after the text")
    check(b["__init_end_efi"] <= bss_start < bss_end == b["_end"], "bss not at the image end")
    return b, len(syms), symtab


def corrupted(img):
    """(what, copy of img with that broken) for each check self_test tries."""
    index = find_token_index(img)[0]
    table = find_token_table(img)[0]
    num_off, n = find_num_syms(img, table)
    addr_off = num_off - align_up(8 * n, ALIGN)
    markers_off = align_up(names_end(img, num_off + ALIGN, n, table), ALIGN)
    mid = addr_off + 8 * (n // 2)
    yield "two addresses swapped", img[:mid] + img[mid + 8:mid + 16] + img[mid:mid + 8] + \
        img[mid + 16:]
    yield "a marker moved", img[:markers_off + 4] + \
        struct.pack("<I", u32(img, markers_off + 4) + 1) + img[markers_off + 8:]
    yield "a token code's index moved", img[:index + 2] + b"\x01\x00" + img[index + 4:]
    yield "header branch moved", img[:4] + struct.pack("<I", u32(img, 4) + 1) + img[8:]
    yield "image_size grown", img[:16] + struct.pack("<Q", u64(img, 16) + 8) + img[24:]


def self_test(img):
    """The checks of xen_layout hold on img and catch each corruption."""
    xen_layout(img)
    for what, bad in corrupted(img):
        try:
            xen_layout(bad)
        except ImageError:
            continue
        raise ImageError("the decoder's checks missed: %s" % what)


def xen_sizes(path):
    """Figure 8 for Xen, in bytes: text = code + read-only data + init code
    (what size(1) calls text), code, data = writable and init-only data
    (up to each region's page end), bss; symtab: the symbol table's part of
    text."""
    with open(path, "rb") as f:
        img = f.read()
    self_test(img)
    b, _, symtab = xen_layout(img)
    code = b["_etext"] - b["_stext"] + b["_einittext"] - b["_sinittext"]
    rodata = b["_erodata"] - b["_srodata"]
    data = (b["_sinittext"] - align_up(b["_erodata"], PAGE) +
            b["__init_end_efi"] - b["_einittext"])
    return {"text": code + rodata, "code": code, "data": data,
            "bss": b["__bss_end"] - b["__bss_start"], "symtab": symtab}


def elf_sizes(path):
    """Figure 8 for an ELF (Xenith), in bytes, by section flags as size(1)
    counts them: text = allocated and read-only or executable, code =
    executable, data = allocated and writable with contents, bss = NOBITS."""
    with open(path, "rb") as f:
        elf = f.read()
    check(elf[:5] == b"\x7fELF\x02", "not a 64-bit ELF")
    shoff = u64(elf, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", elf, 0x3a)
    sizes = {"text": 0, "code": 0, "data": 0, "bss": 0}
    for s in range(shoff, shoff + shentsize * shnum, shentsize):
        stype, flags = u32(elf, s + 4), u64(elf, s + 8)
        size = u64(elf, s + 0x20)
        if not flags & 0x2:             # SHF_ALLOC
            continue
        if flags & 0x4:                 # SHF_EXECINSTR
            sizes["code"] += size
        if stype == 8:                  # SHT_NOBITS
            sizes["bss"] += size
        elif (flags & 0x5) != 0x1:      # executable, or not SHF_WRITE
            sizes["text"] += size
        else:
            sizes["data"] += size
    return sizes


def main(argv):
    path = argv[1] if len(argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", ".deps", "xen-4.17-arm64",
        "boot", "xen-4.17-arm64")
    with open(path, "rb") as f:
        img = f.read()
    self_test(img)
    b, n, symtab = xen_layout(img)
    print("%s: %d symbols (%d bytes) decoded, consistent" % (path, n, symtab))
    for name, addr in sorted(b.items(), key=lambda kv: kv[1]):
        print("  %-15s %#x" % (name, addr))
    for name, size in xen_sizes(path).items():
        print("  %-5s %8d bytes" % (name, size))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
