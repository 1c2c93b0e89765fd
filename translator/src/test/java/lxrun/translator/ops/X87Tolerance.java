package lxrun.translator.ops;

import java.util.Set;

/**
 * The one rule by which an x87 result may differ from this CPU's (X87HardwareTest and the ISA harness):
 * the transcendental instructions, where the hardware is within 1 ulp and we are correctly rounded, may
 * differ by 1 ulp in every register and in the status flags that follow the rounding (PE, UE, C1).
 */
public final class X87Tolerance {
    private X87Tolerance() {}

    /** Helper (and mnemonic) names of the transcendental instructions. */
    public static final Set<String> APPROX = Set.of("fsin", "fcos", "fsincos", "fptan", "fpatan", "f2xm1", "fyl2x", "fyl2xp1");
    /** Status-word bits that may differ for them: PE, UE, C1. */
    static final int ROUNDING_STATUS = 0x0230;
    static final long INT_BIT = 0x8000000000000000L;

    /** Equal status words apart from the bits that follow the rounding of an approximate result. */
    public static boolean statusMatches(int a, int b) {
        return (a & ~ROUNDING_STATUS) == (b & ~ROUNDING_STATUS);
    }

    /** Distance in ulps between two finite values of the same sign (large when not comparable). */
    public static long ulps(int ase, long am, int bse, long bm) {
        if (ase == bse) return Math.abs(am - bm) < 0 ? Long.MAX_VALUE : Math.abs(am - bm);
        if (Math.abs((ase & 0x7fff) - (bse & 0x7fff)) == 1 && (ase & 0x8000) == (bse & 0x8000)) {
            // adjacent binades (bfff and bffe as well as bffe and bffd): ulps of the lower one
            if ((ase & 0x7fff) < (bse & 0x7fff)) {
                return (bm - INT_BIT) * 2 + (-1 - am) + 1;
            }
            return (am - INT_BIT) * 2 + (-1 - bm) + 1;
        }
        return Long.MAX_VALUE;
    }
}
