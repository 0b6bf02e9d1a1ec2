package org.slmcluster.evaluators.mt;

/**
 * Gives every distinct n-gram seen in the references a dense int id, built as a trie: an n-gram's id is
 * looked up from the id of its (n-1)-gram prefix and its last token, so n-grams of any order are
 * compared as single ints without building strings. Exact (no hashing of whole n-grams), so counts
 * equal those of sacreBLEU's {@code Counter}s. Interning happens while references are prepared; lookups
 * afterwards only read and are safe from several threads.
 */
final class NgramDictionary {

    /** Prefix id of a unigram. */
    static final int ROOT = -1;
    /** Id of an n-gram (or token) no reference contains. */
    static final int UNKNOWN = -2;

    private static final long EMPTY = Long.MIN_VALUE;

    private long[] keys;
    private int[] values;
    private byte[] orders = new byte[1024];
    private int size;

    NgramDictionary() {
        keys = new long[1024];
        values = new int[1024];
        java.util.Arrays.fill(keys, EMPTY);
    }

    int size() {
        return size;
    }

    /** The order (n) of the n-gram with this id. */
    int order(int id) {
        return orders[id];
    }

    /**
     * Ids of every n-gram of order 1..maxOrder in {@code tokens[0..length)}, interning new ones when
     * {@code intern} is set and marking unknown ones {@link #UNKNOWN} otherwise; returns how many ids were
     * written to {@code out} (which must hold length * maxOrder).
     */
    int ngramIds(int[] tokens, int length, int maxOrder, boolean intern, int[] out) {
        int count = 0;
        for (int start = 0; start < length; start++) {
            int prefix = ROOT;
            int end = Math.min(length, start + maxOrder);
            for (int i = start; i < end; i++) {
                int id = intern ? intern(prefix, tokens[i]) : lookup(prefix, tokens[i]);
                out[count++] = id;
                prefix = id;
            }
        }
        return count;
    }

    /** The id of the n-gram (prefix n-gram, token), created if new. */
    int intern(int prefix, int token) {
        long key = key(prefix, token);
        int mask = keys.length - 1;
        int slot = mix(key) & mask;
        while (true) {
            long k = keys[slot];
            if (k == key) {
                return values[slot];
            }
            if (k == EMPTY) {
                int id = size++;
                keys[slot] = key;
                values[slot] = id;
                if (id == orders.length) {
                    orders = java.util.Arrays.copyOf(orders, id * 2);
                }
                orders[id] = (byte) (prefix == ROOT ? 1 : orders[prefix] + 1);
                if (size * 2 > keys.length) {
                    grow();
                }
                return id;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** The id of (prefix n-gram, token), or {@link #UNKNOWN} when the references never contain it. */
    int lookup(int prefix, int token) {
        if (prefix == UNKNOWN || token < 0) {
            return UNKNOWN;
        }
        long key = key(prefix, token);
        long[] ks = keys;
        int mask = ks.length - 1;
        int slot = mix(key) & mask;
        while (true) {
            long k = ks[slot];
            if (k == key) {
                return values[slot];
            }
            if (k == EMPTY) {
                return UNKNOWN;
            }
            slot = (slot + 1) & mask;
        }
    }

    private static long key(int prefix, int token) {
        return ((long) prefix << 32) | (token & 0xFFFFFFFFL);
    }

    private static int mix(long key) {
        key ^= key >>> 33;
        key *= 0xff51afd7ed558ccdL;
        key ^= key >>> 33;
        key *= 0xc4ceb9fe1a85ec53L;
        key ^= key >>> 33;
        return (int) key;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        java.util.Arrays.fill(keys, EMPTY);
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            long k = oldKeys[i];
            if (k != EMPTY) {
                int slot = mix(k) & mask;
                while (keys[slot] != EMPTY) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = k;
                values[slot] = oldValues[i];
            }
        }
    }
}
