#!/usr/bin/python3
"""An independent reference for minima's random draws (include/minima/core/random.hpp): the 64-bit
Mersenne Twister written from Nishimura's reference code, and the draws written from their papers,
in plain Python (integers of any size, IEEE doubles, the C library's log and sqrt). Prints the first
draws for seed 42 that tests/core/random_test.cpp pins. Usage: /usr/bin/python3 scripts/random_reference.py
"""
import math

MASK = (1 << 64) - 1


class MT19937_64:
    def __init__(self, seed=5489):
        self.mt = [seed & MASK]
        for i in range(1, 312):
            prev = self.mt[-1]
            self.mt.append((6364136223846793005 * (prev ^ (prev >> 62)) + i) & MASK)
        self.index = 312

    def __call__(self):
        if self.index >= 312:
            mt = self.mt
            for i in range(312):
                x = (mt[i] & 0xFFFFFFFF80000000) | (mt[(i + 1) % 312] & 0x7FFFFFFF)
                y = x >> 1
                if x & 1:
                    y ^= 0xB5026F5AA96619E9
                mt[i] = mt[(i + 156) % 312] ^ y
            self.index = 0
        x = self.mt[self.index]
        self.index += 1
        x ^= (x >> 29) & 0x5555555555555555
        x ^= (x << 17) & 0x71D67FFFEDA60000
        x ^= (x << 37) & 0xFFF7EEE000000000
        x ^= x >> 43
        return x & MASK


def uniform01(rng):
    return (rng() >> 11) * 2.0**-53


def uniform_below(n, rng):
    # Lemire (2019), with Python's exact integers for the 128-bit product.
    m = rng() * n
    if m & MASK < n:
        threshold = (2**64 - n) % n
        while m & MASK < threshold:
            m = rng() * n
    return m >> 64


def standard_normal(rng):
    # Marsaglia & Bray's polar method; one normal per accepted pair.
    while True:
        u = 2.0 * uniform01(rng) - 1.0
        v = 2.0 * uniform01(rng) - 1.0
        s = u * u + v * v
        if 0.0 < s < 1.0:
            return u * math.sqrt(-2.0 * math.log(s) / s)


def shuffle(items, rng):
    for i in range(len(items) - 1, 0, -1):
        j = uniform_below(i + 1, rng)
        items[i], items[j] = items[j], items[i]
    return items


def main():
    rng = MT19937_64()
    for _ in range(9999):
        rng()
    assert rng() == 9981545732273789042, "the standard's check value of mt19937_64"
    print("engine check value: ok")
    rng = MT19937_64(42)
    print("raw:", [rng() for _ in range(3)])
    rng = MT19937_64(42)
    print("uniform01:", [repr(uniform01(rng)) for _ in range(4)])
    rng = MT19937_64(42)
    print("uniform_below(10):", [uniform_below(10, rng) for _ in range(8)])
    rng = MT19937_64(42)
    print("uniform(-3, 5):", [repr(-3.0 + (5.0 - -3.0) * uniform01(rng)) for _ in range(3)])
    rng = MT19937_64(42)
    print("uniform_below(2^63 + 1):", [uniform_below(2**63 + 1, rng) for _ in range(5)])
    fresh = MT19937_64(42)
    outputs = [fresh() for _ in range(100)]
    print("  outputs used by those five draws:", outputs.index(rng()))
    rng = MT19937_64(42)
    [standard_normal(rng) for _ in range(4)]
    print("  outputs used by the four normals:", outputs.index(rng()))
    rng = MT19937_64(42)
    print("standard_normal:", [repr(standard_normal(rng)) for _ in range(4)])
    rng = MT19937_64(42)
    print("shuffle(0..9):", shuffle(list(range(10)), rng))


if __name__ == "__main__":
    main()
