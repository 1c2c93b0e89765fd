package lxrun.translator.ops;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

import lxrun.runtime.cpu.X87State;

/**
 * Software 80-bit extended floating point, as the x87 computes it. A value is a pair (sign+exponent in
 * 16 bits, 64-bit significand with explicit integer bit). Every operation takes the {@link X87State} as
 * its context: the result goes to {@code f.rse/f.rm}, and the exception flags it raises (IE, DE, ZE, OE,
 * UE, PE) plus C1 when the result was rounded up are ORed into {@code f.exc}, which the caller clears.
 *
 * <p><b>Exact</b> (bit-for-bit with the hardware, status word included; checked by X87HardwareTest against
 * 44,760 cases that src/test/resources/x87/x87gen.c ran on the real CPU, an AMD EPYC): add, sub, mul, div,
 * sqrt under every precision/rounding control, denormals, NaN propagation (SDM table 4-7), unsupported
 * formats; FLD/FST of m32/m64/m80, FILD/FIST/FISTTP/FBLD/FBSTP; compares; FRNDINT, FSCALE, FXTRACT, FPREM,
 * FPREM1; the constants under all four RC modes; stack faults. Rounding follows SoftFloat's x87 model
 * (round once from the exact result); tininess is detected <i>after</i> rounding, as the CPU does. The
 * musl fmt_fp digit loop (scale by 2^28, d = (uint32)y, y = 1e9*(y-d)) is replayed for 216 doubles.
 *
 * <p><b>Approximate</b>: FSIN, FCOS, FSINCOS, FPTAN, FPATAN, F2XM1, FYL2X, FYL2XP1 are evaluated with
 * BigDecimal to ~170 digits and rounded once. Trig arguments are reduced, like the hardware, with its
 * 68-bit pi (0xC90FDAA22168C234C * 2^-66), so fsin(fldpi) etc. agree. In the hardware table, 148 of the
 * ~1100 transcendental cases differ from the CPU by one ulp (and then in C1/PE); all others are
 * bit-exact. Out-of-range F2XM1/FYL2XP1 arguments return the operand with PE, as observed. Unmasked
 * exceptions are not delivered as #MF: the masked response is always produced (ES/B are set).
 */
public final class F80 {
    private F80() {}

    public static final int IE = 1, DE = 2, ZE = 4, OE = 8, UE = 0x10, PE = 0x20, SF = 0x40, ES = 0x80;
    public static final int C0 = 0x100, C1 = 0x200, C2 = 0x400, C3 = 0x4000;
    public static final int RC_NEAREST = 0, RC_DOWN = 1, RC_UP = 2, RC_ZERO = 3;

    static final long INT = 0x8000000000000000L;
    static final long QBIT = 0x4000000000000000L;
    /** Real indefinite: negative QNaN with significand 0xC000000000000000. */
    public static final int IND_SE = 0xffff;
    public static final long IND_M = 0xC000000000000000L;

    public static final int ZERO = 0, NORMAL = 1, DENORMAL = 2, INF = 3, QNAN = 4, SNAN = 5, UNSUPPORTED = 6;

    public static int cls(int se, long m) {
        int e = se & 0x7fff;
        if (e == 0x7fff) {
            if (m >= 0) return UNSUPPORTED;
            if ((m << 1) == 0) return INF;
            return (m & QBIT) != 0 ? QNAN : SNAN;
        }
        if (e == 0) return m == 0 ? ZERO : DENORMAL;
        return m < 0 ? NORMAL : UNSUPPORTED;
    }

    static boolean isNaNOrBad(int c) {
        return c >= QNAN;
    }

    /** Precision in bits selected by the control word's PC field (00 = 24, 10 = 53, 11 = 64). */
    public static int precision(int cw) {
        return switch ((cw >> 8) & 3) {
            case 0 -> 24;
            case 2 -> 53;
            default -> 64;
        };
    }

    public static int rounding(int cw) {
        return (cw >> 10) & 3;
    }

    static void set(X87State f, int se, long m) {
        f.rse = se;
        f.rm = m;
    }

    static void indefinite(X87State f) {
        f.exc |= IE;
        set(f, IND_SE, IND_M);
    }

    /** Result for an operation with one NaN/unsupported operand. */
    static void nan1(X87State f, int se, long m) {
        int c = cls(se, m);
        if (c == UNSUPPORTED) {
            indefinite(f);
            return;
        }
        if (c == SNAN) f.exc |= IE;
        set(f, se, m | QBIT);
    }

    /** Result for an operation where at least one operand is a NaN or unsupported (SDM table 4-7, x87 column). */
    static void nan2(X87State f, int ase, long am, int bse, long bm) {
        int ca = cls(ase, am), cb = cls(bse, bm);
        if (ca == UNSUPPORTED || cb == UNSUPPORTED) {
            indefinite(f);
            return;
        }
        boolean aS = ca == SNAN, bS = cb == SNAN;
        boolean aN = aS || ca == QNAN, bN = bS || cb == QNAN;
        if (aS || bS) f.exc |= IE;
        long qa = am | QBIT, qb = bm | QBIT;
        if (aN && bN) {
            if (aS && !bS) {
                set(f, bse, qb);
            } else if (bS && !aS) {
                set(f, ase, qa);
            } else {
                int cmp = Long.compareUnsigned(qa, qb);
                if (cmp > 0 || (cmp == 0 && ase <= bse)) set(f, ase, qa);
                else set(f, bse, qb);
            }
        } else if (aN) {
            set(f, ase, qa);
        } else {
            set(f, bse, qb);
        }
    }

    static int sign(int se) {
        return (se >>> 15) & 1;
    }

    // ------------------------------------------------------------ rounding

    private static long jam64(long m, int n) {
        if (n <= 0) return m;
        if (n >= 64) return m != 0 ? 1 : 0;
        return (m >>> n) | ((m << (64 - n)) != 0 ? 1 : 0);
    }

    /**
     * Rounds sign * (hi.lo as 0x8000... = 1.0) * 2^(e - 16383) to {@code prec} significant bits with rounding
     * mode {@code rc}, in the extended exponent range (SoftFloat's roundAndPackFloatx80), and stores it.
     * {@code hi} has its integer bit set unless the value is zero; {@code e} may be out of range.
     */
    static void roundPack(X87State f, int prec, int rc, int sign, int e, long hi, long lo) {
        if (prec == 64) {
            roundPack64(f, rc, sign, e, hi, lo);
            return;
        }
        long roundInc, roundMask;
        if (prec == 53) {
            roundInc = 0x400;
            roundMask = 0x7ff;
        } else {
            roundInc = 0x8000000000L;
            roundMask = 0xffffffffffL;
        }
        long z = hi | (lo != 0 ? 1 : 0);
        if (rc != RC_NEAREST) {
            if (rc == RC_ZERO) roundInc = 0;
            else roundInc = (sign != 0 ? rc == RC_DOWN : rc == RC_UP) ? roundMask : 0;
        }
        if (e - 1 >= 0x7ffd || e - 1 < 0) {
            if (e > 0x7ffe || (e == 0x7ffe && Long.compareUnsigned(z + roundInc, z) < 0)) {
                overflow(f, rc, sign, roundMask);
                return;
            }
            if (e <= 0) {
                // x87: tininess after rounding (a result that rounds up to the smallest normal is not tiny)
                boolean tiny = e < 0 || Long.compareUnsigned(z, z + roundInc) <= 0;
                z = jam64(z, 1 - e);
                long roundBits = z & roundMask;
                long trunc = z & ~roundMask;
                if (roundBits != 0) f.exc |= (tiny ? UE : 0) | PE;
                z += roundInc;
                int ze = z < 0 ? 1 : 0;
                long inc = roundMask + 1;
                long mask = roundMask;
                if (rc == RC_NEAREST && (roundBits << 1) == inc) mask |= inc;
                z &= ~mask;
                if (roundBits != 0 && z != trunc) f.exc |= C1;
                set(f, (sign << 15) | ze, z);
                return;
            }
        }
        long roundBits = z & roundMask;
        long trunc = z & ~roundMask;
        if (roundBits != 0) f.exc |= PE;
        z += roundInc;
        boolean carried = false;
        if (Long.compareUnsigned(z, roundInc) < 0) {
            e++;
            z = INT;
            carried = true;
        }
        long inc = roundMask + 1;
        long mask = roundMask;
        if (rc == RC_NEAREST && (roundBits << 1) == inc) mask |= inc;
        z &= ~mask;
        if (z == 0) e = 0;
        if (roundBits != 0 && (carried || z != trunc)) f.exc |= C1;
        set(f, (sign << 15) | e, z);
    }

    private static void overflow(X87State f, int rc, int sign, long roundMask) {
        f.exc |= OE | PE;
        if (rc == RC_ZERO || (sign != 0 && rc == RC_UP) || (sign == 0 && rc == RC_DOWN)) {
            set(f, (sign << 15) | 0x7ffe, ~roundMask);
        } else {
            f.exc |= C1;
            set(f, (sign << 15) | 0x7fff, INT);
        }
    }

    private static boolean incr(int rc, int sign, long lo) {
        return switch (rc) {
            case RC_NEAREST -> lo < 0;
            case RC_ZERO -> false;
            case RC_DOWN -> sign != 0 && lo != 0;
            default -> sign == 0 && lo != 0;
        };
    }

    private static void roundPack64(X87State f, int rc, int sign, int e, long hi, long lo) {
        boolean increment = incr(rc, sign, lo);
        if (e - 1 >= 0x7ffd || e - 1 < 0) {
            if (e > 0x7ffe || (e == 0x7ffe && hi == -1L && increment)) {
                overflow(f, rc, sign, 0);
                return;
            }
            if (e <= 0) {
                boolean tiny = e < 0 || !increment || hi != -1L;
                int n = 1 - e;
                // shift (hi, lo) right by n with the lost bits jammed into lo
                long h, l;
                if (n >= 128) {
                    h = 0;
                    l = (hi | lo) != 0 ? 1 : 0;
                } else if (n >= 64) {
                    h = 0;
                    int k = n - 64;
                    l = k == 0 ? hi : (hi >>> k);
                    long lost = (k == 0 ? 0 : hi << (64 - k)) | lo;
                    if (lost != 0) l |= 1;
                } else {
                    h = hi >>> n;
                    l = (hi << (64 - n)) | (lo >>> n) | ((lo << (64 - n)) != 0 ? 1 : 0);
                }
                if (l != 0) f.exc |= (tiny ? UE : 0) | PE;
                boolean inc = incr(rc, sign, l);
                int ze = 0;
                if (inc) {
                    long h0 = h;
                    h++;
                    if (rc == RC_NEAREST && (l << 1) == 0) h &= ~1L;
                    if (h != h0) f.exc |= C1;
                }
                if (h < 0) ze = 1;
                set(f, (sign << 15) | ze, h);
                return;
            }
        }
        if (lo != 0) f.exc |= PE;
        if (increment) {
            long h0 = hi;
            hi++;
            if (hi == 0) {
                e++;
                hi = INT;
                f.exc |= C1;
            } else {
                if (rc == RC_NEAREST && (lo << 1) == 0) hi &= ~1L;
                if (hi != h0) f.exc |= C1;
            }
        } else if (hi == 0) {
            e = 0;
        }
        set(f, (sign << 15) | e, hi);
    }

    // ------------------------------------------------------------ unpacking helpers

    /** Exponent of a finite nonzero operand after normalizing its significand (may be below 1). */
    static int nexp(int se, long m) {
        int e = se & 0x7fff;
        if (e == 0) e = 1;
        return e - Long.numberOfLeadingZeros(m);
    }

    static long nmant(long m) {
        return m << Long.numberOfLeadingZeros(m);
    }

    // ------------------------------------------------------------ arithmetic

    public static void add(X87State f, int ase, long am, int bse, long bm) {
        addsub(f, ase, am, bse, bm, precision(f.cw), rounding(f.cw));
    }

    public static void sub(X87State f, int ase, long am, int bse, long bm) {
        int cb = cls(bse, bm);
        if (cb >= QNAN) {
            nan2(f, ase, am, bse, bm);
            return;
        }
        addsub(f, ase, am, bse ^ 0x8000, bm, precision(f.cw), rounding(f.cw));
    }

    static void addsub(X87State f, int ase, long am, int bse, long bm, int prec, int rc) {
        int ca = cls(ase, am), cb = cls(bse, bm);
        if (ca >= QNAN || cb >= QNAN) {
            nan2(f, ase, am, bse, bm);
            return;
        }
        int sa = sign(ase), sb = sign(bse);
        if (ca == INF || cb == INF) {
            if (ca == INF && cb == INF && sa != sb) {
                indefinite(f);
                return;
            }
            if (ca == DENORMAL || cb == DENORMAL) f.exc |= DE;
            if (ca == INF) set(f, ase, am);
            else set(f, bse, bm);
            return;
        }
        if (ca == DENORMAL || cb == DENORMAL) f.exc |= DE;
        if (ca == ZERO && cb == ZERO) {
            int s = sa == sb ? sa : (rc == RC_DOWN ? 1 : 0);
            set(f, s << 15, 0);
            return;
        }
        if (ca == ZERO) {
            roundPack(f, prec, rc, sb, nexp(bse, bm), nmant(bm), 0);
            return;
        }
        if (cb == ZERO) {
            roundPack(f, prec, rc, sa, nexp(ase, am), nmant(am), 0);
            return;
        }
        int ea = nexp(ase, am), eb = nexp(bse, bm);
        am = nmant(am);
        bm = nmant(bm);
        if (sa == sb) {
            if (ea < eb) {
                int t = ea; ea = eb; eb = t;
                long u = am; am = bm; bm = u;
            }
            int d = ea - eb;
            long bh = alignedHigh(bm, d), bl = alignedLow(bm, d);
            long hi = am + bh;
            long lo = bl;
            if (Long.compareUnsigned(hi, am) < 0) {
                lo = (lo >>> 1) | (hi << 63) | (lo & 1);
                hi = (hi >>> 1) | INT;
                ea++;
            }
            roundPack(f, prec, rc, sa, ea, hi, lo);
            return;
        }
        // subtraction of magnitudes
        int s = sa;
        if (ea < eb || (ea == eb && Long.compareUnsigned(am, bm) < 0)) {
            int t = ea; ea = eb; eb = t;
            long u = am; am = bm; bm = u;
            s = sb;
        } else if (ea == eb && am == bm) {
            set(f, (rc == RC_DOWN ? 1 : 0) << 15, 0);
            return;
        }
        int d = ea - eb;
        long bh = alignedHigh(bm, d), bl = alignedLow(bm, d);
        long lo = -bl;
        long hi = am - bh - (bl != 0 ? 1 : 0);
        if (hi == 0) {
            hi = lo;
            lo = 0;
            ea -= 64;
        }
        int z = Long.numberOfLeadingZeros(hi);
        if (z > 0) {
            hi = (hi << z) | (lo >>> (64 - z));
            lo <<= z;
            ea -= z;
        }
        roundPack(f, prec, rc, s, ea, hi, lo);
    }

    public static void mul(X87State f, int ase, long am, int bse, long bm) {
        mul(f, ase, am, bse, bm, precision(f.cw), rounding(f.cw));
    }

    static void mul(X87State f, int ase, long am, int bse, long bm, int prec, int rc) {
        int ca = cls(ase, am), cb = cls(bse, bm);
        if (ca >= QNAN || cb >= QNAN) {
            nan2(f, ase, am, bse, bm);
            return;
        }
        int s = sign(ase) ^ sign(bse);
        if (ca == INF || cb == INF) {
            if (ca == ZERO || cb == ZERO) {
                indefinite(f);
                return;
            }
            if (ca == DENORMAL || cb == DENORMAL) f.exc |= DE;
            set(f, (s << 15) | 0x7fff, INT);
            return;
        }
        if (ca == DENORMAL || cb == DENORMAL) f.exc |= DE;
        if (ca == ZERO || cb == ZERO) {
            set(f, s << 15, 0);
            return;
        }
        int e = nexp(ase, am) + nexp(bse, bm) - 16383;
        am = nmant(am);
        bm = nmant(bm);
        long hi = Math.unsignedMultiplyHigh(am, bm), lo = am * bm;
        if (hi < 0) {
            e++;
        } else {
            hi = (hi << 1) | (lo >>> 63);
            lo <<= 1;
        }
        roundPack(f, prec, rc, s, e, hi, lo);
    }

    public static void div(X87State f, int ase, long am, int bse, long bm) {
        div(f, ase, am, bse, bm, precision(f.cw), rounding(f.cw));
    }

    static void div(X87State f, int ase, long am, int bse, long bm, int prec, int rc) {
        int ca = cls(ase, am), cb = cls(bse, bm);
        if (ca >= QNAN || cb >= QNAN) {
            nan2(f, ase, am, bse, bm);
            return;
        }
        int s = sign(ase) ^ sign(bse);
        if ((ca == INF && cb == INF) || (ca == ZERO && cb == ZERO)) {
            indefinite(f);
            return;
        }
        if (ca == DENORMAL || cb == DENORMAL) f.exc |= DE;
        if (ca == INF) {
            set(f, (s << 15) | 0x7fff, INT);
            return;
        }
        if (cb == INF || ca == ZERO) {
            set(f, s << 15, 0);
            return;
        }
        if (cb == ZERO) {
            f.exc = (f.exc & ~DE) | ZE;
            set(f, (s << 15) | 0x7fff, INT);
            return;
        }
        int e = nexp(ase, am) - nexp(bse, bm) + 16383;
        am = nmant(am);
        bm = nmant(bm);
        long nh, nl;
        if (Long.compareUnsigned(am, bm) >= 0) {
            nh = am >>> 1;
            nl = am << 63;
        } else {
            nh = am;
            nl = 0;
            e--;
        }
        // 128/64 restoring division: quotient has its top bit set
        long rem = nh, q = 0;
        for (int i = 0; i < 64; i++) {
            boolean carry = rem < 0;
            rem = (rem << 1) | (nl >>> 63);
            nl <<= 1;
            q <<= 1;
            if (carry || Long.compareUnsigned(rem, bm) >= 0) {
                rem -= bm;
                q |= 1;
            }
        }
        long lo = 0;
        if (rem != 0) {
            // rem < bm; the round bit is 2*rem >= bm, the sticky bit what remains
            boolean half = rem < 0 || Long.compareUnsigned(rem << 1, bm) >= 0;
            long r2 = (rem << 1) - (half ? bm : 0);
            lo = (half ? INT : 0) | (r2 != 0 ? 1 : 0);
        }
        roundPack(f, prec, rc, s, e, q, lo);
    }

    public static void sqrt(X87State f, int ase, long am) {
        int ca = cls(ase, am);
        if (ca >= QNAN) {
            nan1(f, ase, am);
            return;
        }
        int s = sign(ase);
        if (ca == ZERO) {
            set(f, ase, am);
            return;
        }
        if (s != 0) {
            indefinite(f);
            return;
        }
        if (ca == INF) {
            set(f, ase, am);
            return;
        }
        if (ca == DENORMAL) f.exc |= DE;
        int e = nexp(ase, am);
        long m = nmant(am);
        int u = e - 16383;
        int sh = ((u - 63) & 1) == 0 ? 64 : 63; // sh + u - 63 even
        // root of m * 2^(sh + 128), 128 bits
        BigInteger n = new BigInteger(1, toBytes(m)).shiftLeft(sh + 128);
        BigInteger[] r = n.sqrtAndRemainder();
        BigInteger root = r[0];
        long lo = root.longValue();
        long hi = root.shiftRight(64).longValue();
        if (r[1].signum() != 0) lo |= 1;
        int ez = (u - 63 - sh) / 2 + 16383 + 63;
        roundPack(f, precision(f.cw), rounding(f.cw), 0, ez, hi, lo);
    }

    static byte[] toBytes(long m) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) b[i] = (byte) (m >>> (56 - 8 * i));
        return b;
    }

    /** The high 64 bits of significand {@code m} shifted right by {@code d} into a 128-bit window. */
    private static long alignedHigh(long m, int d) {
        return d < 64 ? m >>> d : 0;
    }

    /** The low 64 bits of that window, with everything shifted past it kept as a sticky bit. */
    private static long alignedLow(long m, int d) {
        if (d == 0) return 0;
        if (d < 64) return m << (64 - d);
        if (d == 64) return m;
        if (d < 128) return (m >>> (d - 64)) | ((m << (128 - d)) != 0 ? 1 : 0);
        return 1;
    }

    // ------------------------------------------------------------ conversions

    /** float bits to extended (FLD m32): exact; SNaN raises IE and is quieted, denormals raise DE. */
    public static void fromFloat(X87State f, int bits) {
        fromIeee(f, bits >>> 31, (bits >>> 23) & 0xff, bits & 0x7fffffL, 0xff, 23, 127);
    }

    public static void fromDouble(X87State f, long bits) {
        fromIeee(f, (int) (bits >>> 63), (int) (bits >>> 52) & 0x7ff, bits & 0xfffffffffffffL, 0x7ff, 52, 1023);
    }

    /** An IEEE binary value (sign, biased exponent, fraction of {@code fracBits} bits) to extended. */
    private static void fromIeee(X87State f, int s, int e, long frac, int emax, int fracBits, int bias) {
        int shift = 63 - fracBits;
        if (e == emax) {
            if (frac == 0) {
                set(f, (s << 15) | 0x7fff, INT);
            } else {
                long m = INT | (frac << shift);
                if ((m & QBIT) == 0) f.exc |= IE;
                set(f, (s << 15) | 0x7fff, m | QBIT);
            }
        } else if (e == 0) {
            if (frac == 0) {
                set(f, s << 15, 0);
            } else {
                f.exc |= DE;
                int z = Long.numberOfLeadingZeros(frac);
                // frac * 2^-(bias + fracBits - 1) with its top bit at 63 - z
                set(f, (s << 15) | ((63 - z) - (bias + fracBits - 1) + 16383), frac << z);
            }
        } else {
            set(f, (s << 15) | (e - bias + 16383), INT | (frac << shift));
        }
    }

    /**
     * Rounds an extended value to a binary interchange format with {@code mbits} fraction bits and
     * exponent bias {@code bias} (FST m32/m64), returning the bits.
     */
    static long toFormat(X87State f, int se, long m, int mbits, int ebits, int rc) {
        int bias = (1 << (ebits - 1)) - 1;
        int emax = (1 << ebits) - 1;
        int c = cls(se, m);
        long s = sign(se);
        long sbit = s << (mbits + ebits);
        switch (c) {
            case ZERO:
                return sbit;
            case INF:
                return sbit | ((long) emax << mbits);
            case UNSUPPORTED:
                f.exc |= IE;
                return (1L << (mbits + ebits)) | ((long) emax << mbits) | (1L << (mbits - 1));
            case SNAN:
            case QNAN:
                if (c == SNAN) f.exc |= IE;
                return sbit | ((long) emax << mbits) | (((m | QBIT) << 1) >>> (64 - mbits));
            default:
                break;
        }
        int e = nexp(se, m) - 16383 + bias; // biased target exponent
        m = nmant(m);
        int p = mbits + 1;
        int shift = 64 - p; // bits below the last kept bit
        boolean tiny = false;
        if (e < 1) {
            // tininess after rounding: not tiny if rounding to p bits with unbounded exponent reaches 2^emin
            long rb = m & ((1L << shift) - 1), half0 = 1L << (shift - 1);
            boolean inc0 = switch (rc) {
                case RC_NEAREST -> rb > half0 || (rb == half0 && ((m >>> shift) & 1) != 0);
                case RC_ZERO -> false;
                case RC_DOWN -> s != 0 && rb != 0;
                default -> s == 0 && rb != 0;
            };
            tiny = e < 0 || !(inc0 && (m >>> shift) == (1L << p) - 1);
            int extra = 1 - e;
            m = jam64(m, extra);
            e = 0; // denormal (exponent field 0, with value scaled as e=1)
        }
        long roundMask = (1L << shift) - 1;
        long roundBits = m & roundMask;
        long kept = m >>> shift;
        boolean inc;
        long half = 1L << (shift - 1);
        switch (rc) {
            case RC_NEAREST -> inc = roundBits > half || (roundBits == half && (kept & 1) != 0);
            case RC_ZERO -> inc = false;
            case RC_DOWN -> inc = s != 0 && roundBits != 0;
            default -> inc = s == 0 && roundBits != 0;
        }
        if (roundBits != 0) {
            f.exc |= PE;
            if (tiny) f.exc |= UE;
        }
        if (inc) {
            kept++;
            f.exc |= C1;
        }
        // kept has p bits with integer bit (bit mbits) for normals; for denormals it may have carried into it
        long bits;
        if (e == 0) {
            // denormal: field = kept (integer bit becoming set means it rounded up to the smallest normal)
            bits = kept;
        } else {
            if ((kept >>> p) != 0) {
                kept >>>= 1;
                e++;
            }
            if (e >= emax) {
                f.exc = (f.exc & ~C1) | OE | PE;
                if (rc == RC_ZERO || (s != 0 && rc == RC_UP) || (s == 0 && rc == RC_DOWN)) {
                    return sbit | (((long) emax - 1) << mbits) | ((1L << mbits) - 1);
                }
                f.exc |= C1;
                return sbit | ((long) emax << mbits);
            }
            bits = ((long) e << mbits) | (kept & ((1L << mbits) - 1));
        }
        return sbit | bits;
    }

    public static int toFloat(X87State f, int se, long m) {
        return (int) toFormat(f, se, m, 23, 8, rounding(f.cw));
    }

    public static long toDouble(X87State f, int se, long m) {
        return toFormat(f, se, m, 52, 11, rounding(f.cw));
    }

    public static void fromLong(X87State f, long v) {
        if (v == 0) {
            set(f, 0, 0);
            return;
        }
        int s = v < 0 ? 1 : 0;
        long a = v < 0 ? -v : v; // -MIN = MIN, fine as unsigned
        int z = Long.numberOfLeadingZeros(a);
        set(f, (s << 15) | (16383 + 63 - z), a << z);
    }

    /**
     * Converts to an integer of {@code bits} bits (16/32/64) rounding by {@code rc}; out of range, NaN or
     * infinity give IE and the integer indefinite (only the low {@code bits} bits are meaningful).
     */
    public static long toInt(X87State f, int se, long m, int bits, int rc) {
        int c = cls(se, m);
        long indefinite = 1L << (bits - 1);
        if (c >= INF) {
            f.exc |= IE;
            return indefinite;
        }
        if (c == ZERO) return 0;
        int s = sign(se);
        int u = nexp(se, m) - 16383;
        m = nmant(m);
        long ip, frac;
        if (u < 0) {
            ip = 0;
            frac = u == -1 ? m : (u < -64 ? 1 : (m >>> (-1 - u)) | ((m << (64 + 1 + u)) != 0 ? 1 : 0));
            if (u < -64) frac = 1;
        } else if (u < 63) {
            ip = m >>> (63 - u);
            frac = m << (u + 1);
        } else if (u == 63) {
            ip = m;
            frac = 0;
        } else {
            f.exc |= IE;
            return indefinite;
        }
        boolean inc = switch (rc) {
            case RC_NEAREST -> frac < 0 && ((frac << 1) != 0 || (ip & 1) != 0);
            case RC_ZERO -> false;
            case RC_DOWN -> s != 0 && frac != 0;
            default -> s == 0 && frac != 0;
        };
        if (inc) ip++;
        // range: positive ip <= 2^(bits-1)-1, negative ip <= 2^(bits-1) (unsigned)
        long lim = s != 0 ? indefinite : indefinite - 1;
        if ((inc && ip == 0) || Long.compareUnsigned(ip, lim) > 0) {
            f.exc |= IE;
            return indefinite;
        }
        if (frac != 0) {
            f.exc |= PE;
            if (inc) f.exc |= C1;
        }
        return s != 0 ? -ip : ip;
    }

    /** FRNDINT: rounds to an integral value by the control word's RC. */
    public static void roundInt(X87State f, int se, long m) {
        int c = cls(se, m);
        if (c >= QNAN) {
            nan1(f, se, m);
            return;
        }
        if (c == ZERO || c == INF) {
            set(f, se, m);
            return;
        }
        if (c == DENORMAL) f.exc |= DE;
        int s = sign(se);
        int u = nexp(se, m) - 16383;
        if (u >= 63) {
            set(f, se, m);
            return;
        }
        long mm = nmant(m);
        long ip, frac;
        if (u < 0) {
            ip = 0;
            frac = u == -1 ? mm : (u < -63 ? 1 : (mm >>> (-1 - u)) | ((mm << (64 + 1 + u)) != 0 ? 1 : 0));
        } else {
            ip = mm >>> (63 - u);
            frac = mm << (u + 1);
        }
        int rc = rounding(f.cw);
        boolean inc = switch (rc) {
            case RC_NEAREST -> frac < 0 && ((frac << 1) != 0 || (ip & 1) != 0);
            case RC_ZERO -> false;
            case RC_DOWN -> s != 0 && frac != 0;
            default -> s == 0 && frac != 0;
        };
        if (frac != 0) f.exc |= PE;
        if (inc) {
            ip++;
            f.exc |= C1;
        }
        if (ip == 0) {
            set(f, s << 15, 0);
        } else if (ip == 0 && inc) {
            set(f, (s << 15) | (16383 + 63), INT); // unreachable
        } else {
            if (ip == 0x8000000000000000L && u == 62) {
                set(f, (s << 15) | (16383 + 63), INT);
            } else {
                int z = Long.numberOfLeadingZeros(ip);
                set(f, (s << 15) | (16383 + 63 - z), ip << z);
            }
        }
    }

    /** Compare result: 0 less, 1 equal, 2 greater, 3 unordered. */
    public static final int LT = 0, EQ = 1, GT = 2, UN = 3;

    public static int compare(X87State f, int ase, long am, int bse, long bm, boolean quiet) {
        int ca = cls(ase, am), cb = cls(bse, bm);
        if (ca >= QNAN || cb >= QNAN) {
            if (!quiet || ca != QNAN && ca >= SNAN || cb != QNAN && cb >= SNAN) f.exc |= IE;
            return UN;
        }
        if (ca == DENORMAL || cb == DENORMAL) f.exc |= DE;
        if (ca == ZERO && cb == ZERO) return EQ;
        int sa = sign(ase), sb = sign(bse);
        if (ca == ZERO) return sb != 0 ? GT : LT;
        if (cb == ZERO) return sa != 0 ? LT : GT;
        if (sa != sb) return sa != 0 ? LT : GT;
        int mag;
        if (ca == INF || cb == INF) {
            mag = ca == cb ? 0 : (ca == INF ? 1 : -1);
        } else {
            int ea = nexp(ase, am), eb = nexp(bse, bm);
            mag = ea != eb ? Integer.compare(ea, eb) : Long.compareUnsigned(nmant(am), nmant(bm));
        }
        if (mag == 0) return EQ;
        return (mag > 0) != (sa != 0) ? GT : LT;
    }

    // ------------------------------------------------------------ scale, extract, remainder

    public static void scale(X87State f, int ase, long am, int bse, long bm) {
        int ca = cls(ase, am), cb = cls(bse, bm);
        if (ca >= QNAN || cb >= QNAN) {
            nan2(f, ase, am, bse, bm);
            return;
        }
        int sb = sign(bse);
        if (cb == INF) {
            if ((ca == ZERO && sb == 0) || (ca == INF && sb != 0)) {
                indefinite(f);
                return;
            }
            if (ca == DENORMAL) f.exc |= DE;
            if (ca == ZERO || ca == INF) {
                set(f, ase, am);
            } else if (sb == 0) {
                set(f, (ase & 0x8000) | 0x7fff, INT);
            } else {
                set(f, ase & 0x8000, 0);
            }
            return;
        }
        if (ca == DENORMAL || cb == DENORMAL) f.exc |= DE;
        if (ca == ZERO || ca == INF) {
            set(f, ase, am);
            return;
        }
        long n;
        if (cb == ZERO) {
            n = 0;
        } else {
            int u = nexp(bse, bm) - 16383;
            if (u < 0) n = 0;
            else if (u > 30) n = 1 << 30;
            else n = nmant(bm) >>> (63 - u);
            if (sb != 0) n = -n;
        }
        int e = (int) Math.max(-(1 << 30), Math.min(1 << 30, nexp(ase, am) + n));
        roundPack(f, 64, rounding(f.cw), sign(ase), e, nmant(am), 0);
    }

    /** FXTRACT: returns the exponent in f.rse/f.rm, and the significand through {@code out[0..1]}. */
    public static void extract(X87State f, int se, long m, long[] sig) {
        int c = cls(se, m);
        if (c >= QNAN) {
            nan1(f, se, m);
            sig[0] = f.rse;
            sig[1] = f.rm;
            return;
        }
        if (c == ZERO) {
            f.exc |= ZE;
            sig[0] = se;
            sig[1] = m;
            set(f, 0xffff, INT);
            return;
        }
        if (c == INF) {
            sig[0] = se;
            sig[1] = m;
            set(f, 0x7fff, INT);
            return;
        }
        if (c == DENORMAL) f.exc |= DE;
        int e = nexp(se, m);
        sig[0] = (se & 0x8000) | 0x3fff;
        sig[1] = nmant(m);
        fromLong(f, e - 16383);
    }

    /**
     * FPREM (round = false) / FPREM1 (round = true) of a by b; result in f.rse/f.rm; returns the
     * C0/C1/C2/C3 bits, or -1 when a NaN or an invalid operation leaves no quotient.
     */
    public static int prem(X87State f, int ase, long am, int bse, long bm, boolean round) {
        int ca = cls(ase, am), cb = cls(bse, bm);
        if (ca >= QNAN || cb >= QNAN) {
            nan2(f, ase, am, bse, bm);
            return -1;
        }
        if (ca == INF || cb == ZERO) {
            indefinite(f);
            return -1;
        }
        if (ca == DENORMAL || cb == DENORMAL) f.exc |= DE;
        if (ca == ZERO || cb == INF) {
            if (ca == DENORMAL) {
                roundPack(f, 64, RC_NEAREST, sign(ase), nexp(ase, am), nmant(am), 0);
            } else {
                set(f, ase, am);
            }
            return 0;
        }
        int ea = nexp(ase, am), eb = nexp(bse, bm);
        long a = nmant(am), b = nmant(bm);
        int sa = sign(ase);
        int d = ea - eb;
        if (d < 0) {
            if (round && d == -1 && Long.compareUnsigned(a, b) > 0) {
                // |a| > |b|/2: a - sign(a)*b
                long r = b - a; // exact: b*2^eb - a*2^(eb-1) = (2b - a) 2^(eb-1)
                // compute (2b - a) at exponent eb-1
                long hi2 = (b >>> 63); // 2b needs 65 bits
                long lo2 = b << 1;
                long rl = lo2 - a;
                long rh = hi2 - (Long.compareUnsigned(lo2, a) < 0 ? 1 : 0);
                packExact(f, sa ^ 1, eb - 1 + 64, rh, rl);
                return C1; // quotient 1
            }
            roundPack(f, 64, RC_NEAREST, sa, ea, a, 0);
            return 0;
        }
        if (d >= 64) {
            int n = partialN(d);
            int k = d - n; // reduce by b * 2^k, truncating
            long rem = remShift(a, b, n);
            // rem < b at exponent ea - n
            packRem(f, sa, eb + k, rem);
            return C2;
        }
        // exact division of a*2^d by b
        long rem = a, q = 0;
        if (Long.compareUnsigned(rem, b) >= 0) {
            rem -= b;
            q = 1;
        }
        for (int i = 0; i < d; i++) {
            boolean carry = rem < 0;
            rem <<= 1;
            q <<= 1;
            if (carry || Long.compareUnsigned(rem, b) >= 0) {
                rem -= b;
                q |= 1;
            }
        }
        int s = sa;
        if (round && rem != 0) {
            boolean more = rem < 0 || Long.compareUnsigned(rem << 1, b) > 0;
            boolean tie = rem >= 0 && (rem << 1) == b;
            if (more || (tie && (q & 1) != 0)) {
                rem = b - rem;
                q++;
                s ^= 1;
            }
        }
        int cc = ((q & 4) != 0 ? C0 : 0) | ((q & 2) != 0 ? C3 : 0) | ((q & 1) != 0 ? C1 : 0);
        if (rem == 0) {
            set(f, sa << 15, 0);
        } else {
            packRem(f, s, eb, rem);
        }
        return cc;
    }

    static int partialN(int d) {
        return 32 + ((d - 32) & 31);
    }

    /** Remainder of a * 2^n by b (n < 64... any), both 64-bit. */
    private static long remShift(long a, long b, int n) {
        long rem = a;
        if (Long.compareUnsigned(rem, b) >= 0) rem -= b;
        for (int i = 0; i < n; i++) {
            boolean carry = rem < 0;
            rem <<= 1;
            if (carry || Long.compareUnsigned(rem, b) >= 0) rem -= b;
        }
        return rem;
    }

    /** Packs rem * 2^(e - 16383 - 63) exactly (may be denormal). */
    private static void packRem(X87State f, int s, int e, long rem) {
        if (rem == 0) {
            set(f, s << 15, 0);
            return;
        }
        int z = Long.numberOfLeadingZeros(rem);
        roundPack(f, 64, RC_NEAREST, s, e - z, rem << z, 0);
    }

    /** Packs (hi:lo) * 2^(e - 16383 - 127) exactly. */
    private static void packExact(X87State f, int s, int e, long hi, long lo) {
        if (hi == 0) {
            packRem(f, s, e - 64, lo);
            return;
        }
        int z = Long.numberOfLeadingZeros(hi);
        long h = z == 0 ? hi : (hi << z) | (lo >>> (64 - z));
        long l = lo << z;
        roundPack(f, 64, RC_NEAREST, s, e - z, h, l);
    }

    // ------------------------------------------------------------ constants

    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    private static final MathContext MC = new MathContext(160, RoundingMode.HALF_EVEN);

    /** Constants as 128-bit significands [hi, lo] with exponent: pi, l2t, l2e, lg2, ln2. */
    static void constant(X87State f, int which) {
        BigDecimal v = switch (which) {
            case 0 -> Trans.PI;
            case 1 -> Trans.ln(BigDecimal.TEN).divide(Trans.LN2, MC);
            case 2 -> BigDecimal.ONE.divide(Trans.LN2, MC);
            case 3 -> Trans.LN2.divide(Trans.ln(BigDecimal.TEN), MC);
            default -> Trans.LN2;
        };
        fromBig(f, v, 64, rounding(f.cw));
    }

    /** Rounds a positive or negative BigDecimal (nonzero) to an extended value. */
    static void fromBig(X87State f, BigDecimal v, int prec, int rc) {
        if (v.signum() == 0) {
            set(f, 0, 0);
            return;
        }
        int s = v.signum() < 0 ? 1 : 0;
        v = v.abs();
        // find exponent u with 2^u <= v < 2^(u+1)
        BigInteger unscaled = v.unscaledValue();
        int scale = v.scale();
        // v * 2^k as integer with at least 130 bits
        int approx = (int) Math.floor((unscaled.bitLength() - scale * 3.321928094887362));
        int k = 130 - approx;
        BigDecimal scaled = k >= 0 ? v.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(k)))
                : v.divide(new BigDecimal(BigInteger.ONE.shiftLeft(-k)));
        BigInteger ip = scaled.setScale(0, RoundingMode.DOWN).toBigInteger();
        boolean inexact = scaled.compareTo(new BigDecimal(ip)) != 0;
        int bl = ip.bitLength();
        // keep top 128 bits
        int drop = bl - 128;
        BigInteger top = ip.shiftRight(drop);
        boolean sticky = inexact || ip.getLowestSetBit() < drop;
        long hi = top.shiftRight(64).longValue();
        long lo = top.longValue() | (sticky ? 1 : 0);
        int u = bl - 1 - k; // value's binary exponent
        roundPack(f, prec, rc, s, u + 16383, hi, lo);
    }

    /** The value of a finite extended number as a BigDecimal (exact). */
    static BigDecimal toBig(int se, long m) {
        if (m == 0) return BigDecimal.ZERO;
        int e = se & 0x7fff;
        if (e == 0) e = 1;
        BigDecimal v = new BigDecimal(new BigInteger(1, toBytes(m)));
        int p = e - 16383 - 63;
        v = p >= 0 ? v.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(p)))
                : v.divide(new BigDecimal(BigInteger.ONE.shiftLeft(-p)));
        return (se & 0x8000) != 0 ? v.negate() : v;
    }

    // ------------------------------------------------------------ transcendental functions

    /** High-precision elementary functions on BigDecimal (about 160 digits). */
    static final class Trans {
        static final MathContext M = new MathContext(170, RoundingMode.HALF_EVEN);
        static final BigDecimal PI = pi();
        static final BigDecimal LN2 = ln2();

        private static BigDecimal atanInv(int x) {
            // atan(1/x) = sum (-1)^k / ((2k+1) x^(2k+1))
            BigDecimal xx = BigDecimal.valueOf((long) x * x);
            BigDecimal term = BigDecimal.ONE.divide(BigDecimal.valueOf(x), M);
            BigDecimal sum = term;
            BigDecimal eps = BigDecimal.ONE.movePointLeft(175);
            for (int k = 1; ; k++) {
                term = term.divide(xx, M);
                BigDecimal t = term.divide(BigDecimal.valueOf(2L * k + 1), M);
                if (t.compareTo(eps) < 0) break;
                sum = (k & 1) != 0 ? sum.subtract(t, M) : sum.add(t, M);
            }
            return sum;
        }

        private static BigDecimal pi() {
            return atanInv(5).multiply(BigDecimal.valueOf(16)).subtract(atanInv(239).multiply(BigDecimal.valueOf(4)), M);
        }

        /** atanh series: ln(x) for x near 1. */
        private static BigDecimal lnNear1(BigDecimal x) {
            BigDecimal t = x.subtract(BigDecimal.ONE).divide(x.add(BigDecimal.ONE), M);
            return atanhSeries(t).multiply(TWO, M);
        }

        static BigDecimal atanhSeries(BigDecimal t) {
            BigDecimal t2 = t.multiply(t, M);
            BigDecimal term = t, sum = t;
            BigDecimal eps = BigDecimal.ONE.movePointLeft(175);
            for (int k = 1; ; k++) {
                term = term.multiply(t2, M);
                BigDecimal q = term.divide(BigDecimal.valueOf(2L * k + 1), M);
                if (q.abs().compareTo(eps) < 0 || q.signum() == 0) break;
                sum = sum.add(q, M);
            }
            return sum;
        }

        private static BigDecimal ln2() {
            // ln2 = 2 atanh(1/3)
            return atanhSeries(BigDecimal.ONE.divide(BigDecimal.valueOf(3), M)).multiply(TWO, M);
        }

        /** Natural log of a positive value. */
        static BigDecimal ln(BigDecimal x) {
            // x = y * 2^k with y in [0.75, 1.5)
            int k = 0;
            BigDecimal y = x;
            BigDecimal hi = new BigDecimal("1.5"), lo = new BigDecimal("0.75");
            int bits = y.unscaledValue().bitLength() - (int) Math.ceil(y.scale() * 3.321928094887362);
            if (bits > 4 || bits < -4) {
                k = bits;
                y = k > 0 ? y.divide(new BigDecimal(BigInteger.ONE.shiftLeft(k)), M)
                        : y.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(-k)), M);
            }
            while (y.compareTo(hi) >= 0) {
                y = y.divide(TWO, M);
                k++;
            }
            while (y.compareTo(lo) < 0) {
                y = y.multiply(TWO, M);
                k--;
            }
            return lnNear1(y).add(LN2.multiply(BigDecimal.valueOf(k), M), M);
        }

        /** ln(1 + x) for small x, without cancellation. */
        static BigDecimal ln1p(BigDecimal x) {
            if (x.abs().compareTo(new BigDecimal("0.25")) > 0) return ln(BigDecimal.ONE.add(x, M));
            BigDecimal t = x.divide(TWO.add(x), M);
            return atanhSeries(t).multiply(TWO, M);
        }

        /** e^x - 1 for |x| <= 1. */
        static BigDecimal expm1(BigDecimal x) {
            // halve the argument r times: expm1(2y) = expm1(y) * (expm1(y) + 2)
            int r = 8;
            BigDecimal y = x.divide(BigDecimal.valueOf(1 << r), M);
            BigDecimal term = y, sum = y;
            BigDecimal eps = BigDecimal.ONE.movePointLeft(180);
            for (int k = 2; ; k++) {
                term = term.multiply(y, M).divide(BigDecimal.valueOf(k), M);
                if (term.abs().compareTo(eps) < 0 || term.signum() == 0) break;
                sum = sum.add(term, M);
            }
            for (int i = 0; i < r; i++) sum = sum.multiply(sum.add(TWO, M), M);
            return sum;
        }

        /** sin and cos of |x| <= pi/4. */
        static BigDecimal[] sincosSmall(BigDecimal x) {
            BigDecimal x2 = x.multiply(x, M);
            BigDecimal eps = BigDecimal.ONE.movePointLeft(180);
            BigDecimal term = x, sin = x;
            for (int k = 1; ; k++) {
                term = term.multiply(x2, M).divide(BigDecimal.valueOf((2L * k) * (2L * k + 1)), M).negate();
                if (term.abs().compareTo(eps) < 0 || term.signum() == 0) break;
                sin = sin.add(term, M);
            }
            term = BigDecimal.ONE;
            BigDecimal cos = BigDecimal.ONE;
            for (int k = 1; ; k++) {
                term = term.multiply(x2, M).divide(BigDecimal.valueOf((2L * k - 1) * (2L * k)), M).negate();
                if (term.abs().compareTo(eps) < 0 || term.signum() == 0) break;
                cos = cos.add(term, M);
            }
            return new BigDecimal[] {sin, cos};
        }

        /** sin and cos of x (|x| < 2^63), reduced by pi/2 with a 560-bit pi. */
        static BigDecimal[] sincos(BigDecimal x) {
            BigDecimal halfPi = PI.divide(TWO, M);
            BigDecimal q = x.divide(halfPi, M).setScale(0, RoundingMode.HALF_EVEN);
            BigDecimal r = x.subtract(halfPi.multiply(q, M), M);
            BigDecimal[] sc = sincosSmall(r);
            int n = q.remainder(BigDecimal.valueOf(4)).intValue() & 3;
            return switch (n) {
                case 0 -> sc;
                case 1 -> new BigDecimal[] {sc[1], sc[0].negate()};
                case 2 -> new BigDecimal[] {sc[0].negate(), sc[1].negate()};
                default -> new BigDecimal[] {sc[1].negate(), sc[0]};
            };
        }

        /** The 68-bit pi the hardware reduces trig arguments with (0xC90FDAA22168C234C * 2^-66). */
        static final BigDecimal PI_HW = new BigDecimal(new BigInteger("C90FDAA22168C234C", 16))
                .divide(new BigDecimal(BigInteger.ONE.shiftLeft(66)));

        /** sin and cos as the hardware computes them: reduction by pi/2 using {@link #PI_HW}, exactly. */
        static BigDecimal[] sincosHw(BigDecimal x) {
            BigDecimal halfPi = PI_HW.divide(TWO);
            BigDecimal q = x.divide(halfPi, M).setScale(0, RoundingMode.HALF_EVEN);
            BigDecimal r = x.subtract(halfPi.multiply(q)); // exact
            BigDecimal[] sc = sincosSmall(r.round(M));
            int n = q.remainder(BigDecimal.valueOf(4)).intValue() & 3;
            return switch (n) {
                case 0 -> sc;
                case 1 -> new BigDecimal[] {sc[1], sc[0].negate()};
                case 2 -> new BigDecimal[] {sc[0].negate(), sc[1].negate()};
                default -> new BigDecimal[] {sc[1].negate(), sc[0]};
            };
        }

        /** atan(y/x) in (-pi, pi], both finite, not both zero. */
        static BigDecimal atan2(BigDecimal y, BigDecimal x) {
            if (x.signum() == 0) return y.signum() > 0 ? PI.divide(TWO, M) : PI.divide(TWO, M).negate();
            BigDecimal a = atan(y.abs().divide(x.abs(), M));
            if (x.signum() < 0) a = PI.subtract(a, M);
            return y.signum() < 0 ? a.negate() : a;
        }

        /** atan of t >= 0. */
        static BigDecimal atan(BigDecimal t) {
            boolean inv = t.compareTo(BigDecimal.ONE) > 0;
            if (inv) t = BigDecimal.ONE.divide(t, M);
            // t <= 1: halve twice: atan(t) = 2 atan(t / (1 + sqrt(1 + t^2)))
            int h = 3;
            for (int i = 0; i < h; i++) {
                t = t.divide(BigDecimal.ONE.add(BigDecimal.ONE.add(t.multiply(t, M)).sqrt(M), M), M);
            }
            BigDecimal t2 = t.multiply(t, M);
            BigDecimal term = t, sum = t;
            BigDecimal eps = BigDecimal.ONE.movePointLeft(180);
            for (int k = 1; ; k++) {
                term = term.multiply(t2, M).negate();
                BigDecimal q = term.divide(BigDecimal.valueOf(2L * k + 1), M);
                if (q.abs().compareTo(eps) < 0 || q.signum() == 0) break;
                sum = sum.add(q, M);
            }
            sum = sum.multiply(BigDecimal.valueOf(1 << h), M);
            return inv ? PI.divide(TWO, M).subtract(sum, M) : sum;
        }
    }
}
