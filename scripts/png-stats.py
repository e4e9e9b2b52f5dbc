#!/usr/bin/env python3
"""Pixel statistics of a PNG, with the standard library only (zlib), to check a rendered page.

Usage: png-stats.py FILE [--rect NAME X Y W H]... [--colour HEX]...

Prints one JSON object: width, height, the background colour (the most common pixel), the
fraction of pixels that differ from it, and for each --rect the same fraction inside the
rectangle plus, for each --colour, how many pixels are within 12 per channel of that colour.

Decodes 8-bit greyscale, grey+alpha, RGB, RGBA and palette PNGs, non-interlaced (what Chromium
writes), following the PNG specification (W3C, 2003), section 9 (filters) and 11 (chunks).
"""
import json
import struct
import sys
import zlib
from collections import Counter

TOLERANCE = 12


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG file")
    pos, idat, palette = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"PLTE":
            palette = [tuple(body[i:i + 3]) for i in range(0, len(body), 3)]
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    if depth != 8 or interlace != 0:
        raise SystemExit(f"{path}: only 8-bit non-interlaced PNGs are supported (depth {depth}, interlace {interlace})")
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour_type]
    raw = zlib.decompress(idat)
    stride = width * channels
    # "Up" rows add the row above byte by byte (mod 256); done on whole rows as big integers:
    # a + b per byte without carries = ((a & low7) + (b & low7)) ^ ((a ^ b) & high).
    high = int.from_bytes(b"\x80" * stride, "big")
    low7 = int.from_bytes(b"\x7f" * stride, "big")
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 0 or kind == 2:
            if kind == 2:
                a, b = int.from_bytes(line, "big"), int.from_bytes(previous, "big")
                line = bytearray((((a & low7) + (b & low7)) ^ ((a ^ b) & high)).to_bytes(stride, "big"))
            rows.append(line)
            previous = line
            continue
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = previous[i]
            c = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        previous = line

    def pixel(line, x):
        v = line[x * channels:(x + 1) * channels]
        if colour_type == 0 or colour_type == 4:
            return (v[0], v[0], v[0])
        if colour_type == 3:
            return palette[v[0]]
        return (v[0], v[1], v[2])

    if colour_type in (2, 6):  # RGB(A): slice the channels out of each row at once
        return width, height, [list(zip(line[0::channels], line[1::channels], line[2::channels])) for line in rows]
    return width, height, [[pixel(line, x) for x in range(width)] for line in rows]


def hex_colour(rgb):
    return "#%02x%02x%02x" % rgb


def parse_hex(text):
    text = text.lstrip("#")
    return tuple(int(text[i:i + 2], 16) for i in (0, 2, 4))


def close(a, b):
    return all(abs(x - y) <= TOLERANCE for x, y in zip(a, b))


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    path, args, rects, colours = argv[1], argv[2:], [], []
    while args:
        if args[0] == "--rect" and len(args) >= 6:
            rects.append((args[1], *[int(float(v)) for v in args[2:6]]))
            args = args[6:]
        elif args[0] == "--colour" and len(args) >= 2:
            colours.append(args[1])
            args = args[2:]
        else:
            raise SystemExit(f"png-stats.py: unknown argument {args[0]}\n{__doc__}")
    width, height, pixels = read_png(path)
    counts = Counter(p for row in pixels for p in row)
    background = counts.most_common(1)[0][0]
    result = {
        "width": width, "height": height, "background": hex_colour(background),
        "nonBackground": round(1 - counts[background] / (width * height), 6),
        "distinctColours": len(counts), "rects": {},
    }
    for name, x, y, w, h in rects:
        x0, y0 = max(x, 0), max(y, 0)
        x1, y1 = min(x + w, width), min(y + h, height)
        region = [pixels[j][i] for j in range(y0, y1) for i in range(x0, x1)]
        area = max(len(region), 1)
        result["rects"][name] = {
            "x": x0, "y": y0, "width": max(x1 - x0, 0), "height": max(y1 - y0, 0),
            "nonBackground": round(sum(1 for p in region if p != background) / area, 6),
            "colours": {c: sum(1 for p in region if close(p, parse_hex(c))) for c in colours},
            "top": [[hex_colour(c), n] for c, n in Counter(region).most_common(6)],
        }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main(sys.argv)
