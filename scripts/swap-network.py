#!/usr/bin/env python3
"""Keeps one network of a PackSfM weights file, or puts it into another file.

    python3 scripts/swap-network.py extract pose FULL.safetensors OUT.safetensors
    python3 scripts/swap-network.py insert BASE.safetensors PART.safetensors OUT.safetensors

`extract` writes only the tensors whose names start with `pose.` (or `depth.`), with the
file's metadata; `insert` writes BASE with every tensor of PART in place of BASE's tensor of
the same name (names and shapes must match; BASE's metadata is kept, with `inserted_from`
naming PART). A candidate pose network stored alone (docs/candidates/) is a quarter of the size
of a whole model; `insert` makes it loadable with `--weights` again. Needs only the standard
library. Not used by any test.
"""
import json
import struct
import sys


def read(path):
    with open(path, "rb") as file:
        header_size = struct.unpack("<Q", file.read(8))[0]
        header = json.loads(file.read(header_size))
        data = file.read()
    metadata = header.pop("__metadata__", {})
    tensors = {name: (entry["dtype"], entry["shape"], data[entry["data_offsets"][0]:entry["data_offsets"][1]])
               for name, entry in header.items()}
    return metadata, tensors


def write(path, metadata, tensors):
    header, offset, blobs = {"__metadata__": metadata}, 0, []
    for name in sorted(tensors):
        dtype, shape, blob = tensors[name]
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    encoded = json.dumps(header, separators=(",", ":")).encode()
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as file:
        file.write(struct.pack("<Q", len(encoded)) + encoded + b"".join(blobs))


def main(arguments):
    if len(arguments) == 4 and arguments[0] == "extract" and arguments[1] in ("pose", "depth"):
        metadata, tensors = read(arguments[2])
        kept = {name: value for name, value in tensors.items() if name.startswith(arguments[1] + ".")}
        if not kept:
            sys.exit(f"{arguments[2]}: no tensor named {arguments[1]}.*")
        write(arguments[3], metadata, kept)
    elif len(arguments) == 4 and arguments[0] == "insert":
        metadata, tensors = read(arguments[1])
        _, part = read(arguments[2])
        for name, (dtype, shape, _) in part.items():
            if name not in tensors:
                sys.exit(f"{arguments[2]}: tensor {name} is not in {arguments[1]}")
            if (dtype, shape) != tensors[name][:2]:
                sys.exit(f"{arguments[2]}: tensor {name} is {dtype} {shape}, {arguments[1]} has {tensors[name][0]} {tensors[name][1]}")
        tensors.update(part)
        metadata = dict(metadata, inserted_from=arguments[2].split("/")[-1])
        write(arguments[3], metadata, tensors)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
