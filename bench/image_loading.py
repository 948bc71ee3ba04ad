"""The Python side of bench/image_loading.sh.

  image_loading.py make DIR          10,000 PNGs of 28x28 (gray) in DIR/png28/<class>/ and 10,000 JPEGs
                                     of 64x64 (RGB) in DIR/jpeg64/<class>/, 10 classes, from a seed
  image_loading.py torchvision DIR SIZE CHANNELS
                                     torchvision's ImageFolder + DataLoader(batch_size=64, num_workers=0)
                                     with Resize(SIZE) (when not "native"), Grayscale when CHANNELS is 1,
                                     ToTensor and Normalize, one epoch in order
  image_loading.py pillow DIR SIZE CHANNELS
                                     the same work without torch: the files in ImageFolder's order,
                                     Pillow open + convert + resize (BILINEAR), numpy float32 / 255,
                                     standardise, stack batches of 64
Each timing prints one JSON object {"seconds": ..., "cpu_seconds": ..., "files": ...} (wall-clock and
processor time of the process).
"""
import json
import os
import sys
import time

import numpy as np
from PIL import Image

EXTENSIONS = (".png", ".jpg", ".jpeg")


def make(root):
    rng = np.random.default_rng(0)
    yy, xx = np.mgrid[0:64, 0:64]
    for kind, count, side, mode, ext in (("png28", 10000, 28, "L", "png"), ("jpeg64", 10000, 64, "RGB", "jpg")):
        for k in range(count):
            label = k % 10
            folder = os.path.join(root, kind, f"class{label}")
            os.makedirs(folder, exist_ok=True)
            # Smooth shapes plus noise, different per class and image, as real photos and clothes are.
            base = (np.sin(xx[:side, :side] / (3 + label) + k) + np.cos(yy[:side, :side] / (4 + k % 7))) * 60 + 128
            channels = 1 if mode == "L" else 3
            pixels = np.stack([base + 30 * c for c in range(channels)], axis=-1)
            pixels = np.clip(pixels + rng.normal(0, 12, pixels.shape), 0, 255).astype(np.uint8)
            image = Image.fromarray(pixels[:, :, 0] if channels == 1 else pixels, mode)
            path = os.path.join(folder, f"{k:05d}.{ext}")
            if ext == "png":
                image.save(path, "PNG")
            else:
                image.save(path, "JPEG", quality=90)


def files_in_order(root):
    """The (path, label) pairs in torchvision ImageFolder's order."""
    classes = sorted(entry.name for entry in os.scandir(root) if entry.is_dir() and not entry.name.startswith("."))
    pairs = []
    for label, name in enumerate(classes):
        for folder, _, names in sorted(os.walk(os.path.join(root, name), followlinks=True)):
            for file in sorted(names):
                if file.lower().endswith(EXTENSIONS):
                    pairs.append((os.path.join(folder, file), label))
    return pairs


def parse_size(text):
    if text == "native":
        return None
    parts = [int(p) for p in text.lower().split("x")]
    return (parts[0], parts[-1])  # (height, width)


def timed_torchvision(root, size, channels):
    import torch
    from torchvision import datasets, transforms

    torch.set_num_threads(1)
    steps = []
    if size is not None:
        steps.append(transforms.Resize(size, interpolation=transforms.InterpolationMode.BILINEAR, antialias=True))
    if channels == 1:
        steps.append(transforms.Grayscale(1))
    steps += [transforms.ToTensor(), transforms.Normalize([0.5] * channels, [0.25] * channels)]
    start = time.perf_counter()
    dataset = datasets.ImageFolder(root, transform=transforms.Compose(steps))
    loader = torch.utils.data.DataLoader(dataset, batch_size=64, shuffle=False, num_workers=0)
    count = 0
    for inputs, _ in loader:
        count += inputs.shape[0]
    return time.perf_counter() - start, count


def timed_pillow(root, size, channels):
    start = time.perf_counter()
    pairs = files_in_order(root)
    mode = "L" if channels == 1 else "RGB"
    batch, count = [], 0
    mean, std = np.float32(0.5), np.float32(0.25)
    for path, _ in pairs:
        with Image.open(path) as image:
            image = image.convert("RGB").convert(mode) if mode == "L" else image.convert("RGB")
            if size is not None and image.size != (size[1], size[0]):
                image = image.resize((size[1], size[0]), Image.BILINEAR)
            array = np.asarray(image, dtype=np.float32) / np.float32(255)
        array = array[None, :, :] if array.ndim == 2 else array.transpose(2, 0, 1)
        batch.append((array - mean) / std)
        if len(batch) == 64:
            stacked = np.stack(batch)
            count += stacked.shape[0]
            batch = []
    if batch:
        count += np.stack(batch).shape[0]
    return time.perf_counter() - start, count


def main():
    command = sys.argv[1]
    if command == "make":
        make(sys.argv[2])
        return
    root, size, channels = sys.argv[2], parse_size(sys.argv[3]), int(sys.argv[4])
    cpu = time.process_time()
    seconds, count = (timed_torchvision if command == "torchvision" else timed_pillow)(root, size, channels)
    print(json.dumps({"seconds": seconds, "cpu_seconds": time.process_time() - cpu, "files": count}))


if __name__ == "__main__":
    main()
