package org.slmcluster.topology;

/**
 * Which of several equally short next hops a message takes. Among the neighbours one step closer to the
 * destination (in {@link Labels#ORDER}), a message from {@code source} to {@code destination} takes the one
 * at position {@code mix(31 * source.hashCode() + destination.hashCode()) mod count}, where {@code mix} is
 * MurmurHash3's 64-bit finaliser and labels are hashed as written ({@code root}, {@code 01}, ...).
 *
 * <p>Why the pair and not the destination alone: the coordinator's results all travel to {@code root}, so a
 * rule by destination would send them all over the same root link; by pair they spread over the root's
 * links like the requests do. Why a hash and not a counter: every router, and {@link Topology#route},
 * must make the same choice for the same pair without talking to each other, and messages between two
 * members must keep one path so they stay in order. String hash codes are specified by the JDK, so the
 * choice is the same in every JVM.
 */
final class PairTieBreak {

    private PairTieBreak() {}

    /** The position (0 .. count-1) of the chosen hop among {@code count} candidates in label order. */
    static int pick(String source, String destination, int count) {
        if (count <= 1) {
            return 0;
        }
        return (int) Long.remainderUnsigned(hash(source, destination), count);
    }

    static long hash(String source, String destination) {
        long h = 31L * source.hashCode() + destination.hashCode();
        // MurmurHash3 fmix64: neighbouring labels (which differ in one character) get unrelated hashes
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** The {@code k}-th (from 0) set bit of {@code mask}. */
    static int nthSetBit(long mask, int k) {
        long rest = mask;
        for (int i = 0; i < k; i++) {
            rest &= rest - 1;
        }
        return Long.numberOfTrailingZeros(rest);
    }
}
