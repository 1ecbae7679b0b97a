#!/usr/bin/env python3
"""Writes the RGB image-folder fixture that sweep-driver's ImageFolderSweepTest trains on (run once; the PNGs are committed).

  pip install scikit-image pillow
  python3 make_photos.py            # writes photos/ beside this script

Crops of three colour photographs that scikit-image ships (skimage.data: astronaut, coffee, chelsea),
one class subfolder per photograph, 8 crops each, at fixed positions (no randomness), saved as 8-bit
RGB PNG by Pillow:
  astronaut/  24x24 crops, taken every 48 pixels along the diagonal from (40, 40)
  coffee/     16x16 crops, every 40 pixels along row 150 from column 60
  chelsea/    32x20 crops (wider than tall: gansweep crops them to their centred square), every 30
              pixels along row 100 from column 80
so that with image_size 16 every size path runs: a resize down (24, and 20 after the square crop),
and none (16). 24 files, about 30 KB together.
"""
import os

from PIL import Image
from skimage import data


def crops(img, starts, h, w):
    return [img[r:r + h, c:c + w] for r, c in starts]


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "photos")
    sets = {
        "astronaut": crops(data.astronaut(), [(40 + 48 * i, 40 + 48 * i) for i in range(8)], 24, 24),
        "coffee": crops(data.coffee(), [(150, 60 + 40 * i) for i in range(8)], 16, 16),
        "chelsea": crops(data.chelsea(), [(100, 80 + 30 * i) for i in range(8)], 20, 32),
    }
    for name, images in sets.items():
        os.makedirs(os.path.join(out, name), exist_ok=True)
        for i, img in enumerate(images):
            Image.fromarray(img).save(os.path.join(out, name, "%d.png" % i))
    print("wrote", sum(len(v) for v in sets.values()), "crops under", out)


if __name__ == "__main__":
    main()
