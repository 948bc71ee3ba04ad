"""Pillow's side of LRLab's image tests: makes image files in every mode, decodes files, and
resizes raw images with fastai's Resize geometry and Pillow's bilinear filter.

Usage: pillow_images.py JOBS.json  -- a JSON list of jobs, each a dict with an "op":
  make:   kind (L, RGB, RGBA, LA, P, PA, 1, I16, JPEG-L, JPEG-RGB, JPEG-CMYK), width, height, seed,
          output (the image file), reference (raw bytes of Pillow's own decoding, converted to
          "L" when the image is gray and "RGB" otherwise, as torchvision's loader does)
  decode: input (an image file), mode ("L" or "RGB"), output (raw bytes)
  resize: input (raw interleaved bytes), width, height, channels, out_width, out_height,
          method (squish, crop, pad), output (raw bytes)
Prints one JSON object per job: {"width": ..., "height": ...} of what it wrote.
"""
import json
import random
import sys

from PIL import Image


def fastai_box(width, height, out_width, out_height, method):
    """fastai's Resize (validation: centred) as a PIL crop box; outside the image is zero padding."""
    if method == "squish":
        return (0, 0, width, height)
    ratio_w, ratio_h = width / out_width, height / out_height
    if method == "crop":
        m = ratio_w if ratio_w < ratio_h else ratio_h
    else:
        m = ratio_w if ratio_w > ratio_h else ratio_h
    box_w, box_h = int(m * out_width), int(m * out_height)
    left, top = int(0.5 * (width - box_w)), int(0.5 * (height - box_h))
    return (left, top, left + box_w, top + box_h)


def make(job):
    rng = random.Random(job["seed"])
    w, h, kind = job["width"], job["height"], job["kind"]
    def noise(channels):
        # Smooth-ish content (gradients plus noise) so that JPEG behaves as on photos.
        values = bytearray()
        for y in range(h):
            for x in range(w):
                for c in range(channels):
                    base = (x * 255 // max(w - 1, 1) + y * 97 // max(h - 1, 1) + c * 60) % 256
                    values.append(max(0, min(255, base + rng.randint(-20, 20))))
        return bytes(values)
    if kind in ("L", "JPEG-L"):
        image = Image.frombytes("L", (w, h), noise(1))
    elif kind in ("RGB", "JPEG-RGB"):
        image = Image.frombytes("RGB", (w, h), noise(3))
    elif kind == "JPEG-CMYK":
        image = Image.frombytes("CMYK", (w, h), noise(4))
    elif kind == "RGBA":
        image = Image.frombytes("RGBA", (w, h), noise(4))
    elif kind == "LA":
        image = Image.frombytes("LA", (w, h), noise(2))
    elif kind == "P":
        image = Image.frombytes("RGB", (w, h), noise(3)).quantize(colors=37)
    elif kind == "PA":
        image = Image.frombytes("RGB", (w, h), noise(3)).quantize(colors=20)
        image.info["transparency"] = 3
    elif kind == "1":
        image = Image.frombytes("L", (w, h), noise(1)).convert("1")
    elif kind == "I16":
        image = Image.frombytes("I;16", (w, h), noise(2))
    else:
        raise ValueError(kind)
    if kind.startswith("JPEG"):
        image.save(job["output"], "JPEG", quality=job.get("quality", 90))
    elif kind == "PA":
        image.save(job["output"], "PNG", transparency=3)
    else:
        image.save(job["output"], "PNG")
    decoded = Image.open(job["output"])
    gray = decoded.mode in ("L", "LA", "1", "I;16", "I")
    reference = decoded.convert("L" if gray else "RGB")
    with open(job["reference"], "wb") as out:
        out.write(reference.tobytes())
    return reference.size


def decode(job):
    image = Image.open(job["input"]).convert(job["mode"])
    with open(job["output"], "wb") as out:
        out.write(image.tobytes())
    return image.size


def resize(job):
    mode = "L" if job["channels"] == 1 else "RGB"
    with open(job["input"], "rb") as source:
        image = Image.frombytes(mode, (job["width"], job["height"]), source.read())
    box = fastai_box(job["width"], job["height"], job["out_width"], job["out_height"], job["method"])
    if box != (0, 0, job["width"], job["height"]):
        image = image.crop(box)
    result = image.resize((job["out_width"], job["out_height"]), Image.BILINEAR)
    with open(job["output"], "wb") as out:
        out.write(result.tobytes())
    return result.size


def main():
    with open(sys.argv[1]) as f:
        jobs = json.load(f)
    ops = {"make": make, "decode": decode, "resize": resize}
    for job in jobs:
        width, height = ops[job["op"]](job)
        print(json.dumps({"width": width, "height": height}))


if __name__ == "__main__":
    main()
