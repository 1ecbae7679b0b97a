#!/usr/bin/env python3
"""Writes scikit-learn's bundled handwritten digits as a PNG folder in torchvision's ImageFolder layout.

  pip install scikit-learn pillow
  python3 make_digits.py [OUT]        # OUT defaults to digits/ beside this script

sklearn.datasets.load_digits(): 1,797 real 8x8 greyscale images of the digits 0-9 (UCI "Optical
Recognition of Handwritten Digits", 16 grey levels, 0 = background). Each is written as an 8-bit
greyscale PNG, white digit on black, with its 0..16 levels scaled to 0..255 (v * 255 / 16, rounded),
into OUT/<digit>/<index>.png: ten class subfolders, so gansweep's class coverage applies. The bytes
are the same on every run (no randomness; PNG written by Pillow without metadata).
"""
import os
import sys

import numpy as np
from PIL import Image
from sklearn.datasets import load_digits


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "digits")
    digits = load_digits()
    images = np.rint(digits.images * (255.0 / 16.0)).astype(np.uint8)
    for k in range(10):
        os.makedirs(os.path.join(out, str(k)), exist_ok=True)
    for i, (img, label) in enumerate(zip(images, digits.target)):
        Image.fromarray(img).save(os.path.join(out, str(label), "%04d.png" % i), optimize=False)
    print("wrote %d images of %dx%d in %d class folders under %s" % (len(images), images.shape[1], images.shape[2], 10, out))


if __name__ == "__main__":
    main()
