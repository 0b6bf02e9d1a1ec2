package org.slmcluster.evaluators.mt;

import java.util.Arrays;

/**
 * The number of edits of TER, ported from sacreBLEU's lib_ter.py (itself following Tercom): greedy block
 * shifts chosen by Tercom's ranking, each evaluated with a beam-limited Levenshtein distance, within
 * Tercom's limits (shift size 10, distance 50, beam 25) and sacreBLEU's cap of 1000 candidates. Words are
 * int ids; a hypothesis word no reference contains may share one id since hypothesis words are only
 * ever compared with reference words. Results equal lib_ter.py's; its row cache only saves time, and here
 * rows are reused from the shared prefix with the current hypothesis instead.
 */
final class TranslationEditRate {

    private static final int MAX_SHIFT_SIZE = 10;
    private static final int MAX_SHIFT_DIST = 50;
    private static final int BEAM_WIDTH = 25;
    private static final int MAX_SHIFT_CANDIDATES = 1000;
    private static final int INF = Integer.MAX_VALUE / 4;

    private static final byte OP_NOP = 0;
    private static final byte OP_SUB = 1;
    private static final byte OP_INS = 2;
    private static final byte OP_DEL = 3;
    private static final byte OP_UNDEF = 4;

    private final int[] ref;
    private final int nRef;
    private final int nHyp;
    private final int[] minJ;
    private final int[] maxJ;

    /** Full matrix of {@link #baseWords}: rows 0..nHyp of nRef + 1 cells. */
    private final int[][] cost;

    private final byte[][] ops;
    private int[] baseWords;

    private final int[] rowA;
    private final int[] rowB;

    // Alignment of the base words, as trace_to_alignment derives it from the flipped trace.
    private final int[] align;
    private final int[] hypErrPrefix;
    private final int[] refErrPrefix;

    private TranslationEditRate(int[] ref, int nHyp) {
        this.ref = ref;
        this.nRef = ref.length;
        this.nHyp = nHyp;
        double lengthRatio = nHyp > 0 ? (double) nRef / nHyp : 1;
        int beamWidth = BEAM_WIDTH < lengthRatio / 2 ? (int) Math.ceil(lengthRatio / 2 + BEAM_WIDTH) : BEAM_WIDTH;
        minJ = new int[nHyp + 1];
        maxJ = new int[nHyp + 1];
        for (int i = 1; i <= nHyp; i++) {
            int pseudoDiag = (int) Math.floor(i * lengthRatio);
            minJ[i] = Math.max(0, pseudoDiag - beamWidth);
            maxJ[i] = i == nHyp ? nRef + 1 : Math.min(nRef + 1, pseudoDiag + beamWidth);
        }
        cost = new int[nHyp + 1][nRef + 1];
        ops = new byte[nHyp + 1][nRef + 1];
        for (int j = 0; j <= nRef; j++) {
            cost[0][j] = j;
            ops[0][j] = OP_INS;
        }
        rowA = new int[nRef + 1];
        rowB = new int[nRef + 1];
        align = new int[nRef];
        hypErrPrefix = new int[nHyp + 1];
        refErrPrefix = new int[nRef + 1];
    }

    /** lib_ter.py's {@code translation_edit_rate}: the number of edits (shifts included). */
    static int edits(int[] hyp, int[] ref) {
        if (ref.length == 0) {
            return hyp.length;
        }
        TranslationEditRate ter = new TranslationEditRate(ref, hyp.length);
        int shifts = 0;
        int[] input = hyp;
        int[] checked = {0};
        while (true) {
            int[] shifted = ter.bestShift(input, checked);
            if (checked[0] >= MAX_SHIFT_CANDIDATES) {
                break;
            }
            if (shifted == null) {
                break;
            }
            shifts++;
            input = shifted;
        }
        return shifts + ter.fullDistance(input);
    }

    /**
     * lib_ter.py's {@code _shift}: the best shift of {@code words}, or null when the best candidate does not
     * reduce the edit distance (or there is none).
     */
    private int[] bestShift(int[] words, int[] checked) {
        int preScore = fullDistance(words);
        computeAlignment();
        boolean hasBest = false;
        int bestDelta = 0;
        int bestLength = 0;
        int bestStart = 0;
        int bestIdx = 0;
        int[] bestWords = null;
        search:
        for (int startH = 0; startH < nHyp; startH++) {
            for (int startR = 0; startR < nRef; startR++) {
                if (Math.abs(startR - startH) > MAX_SHIFT_DIST) {
                    continue;
                }
                int length = 0;
                while (words[startH + length] == ref[startR + length] && length < MAX_SHIFT_SIZE) {
                    length++;
                    if (hypErrPrefix[startH + length] - hypErrPrefix[startH] != 0
                            && refErrPrefix[startR + length] - refErrPrefix[startR] != 0
                            && !(startH <= align[startR] && align[startR] < startH + length)) {
                        int prevIdx = -1;
                        for (int offset = -1; offset < length; offset++) {
                            int idx;
                            if (startR + offset == -1) {
                                idx = 0;
                            } else if (startR + offset < nRef) {
                                idx = align[startR + offset] + 1;
                            } else {
                                break;
                            }
                            if (idx == prevIdx) {
                                continue;
                            }
                            prevIdx = idx;
                            int[] shifted = performShift(words, startH, length, idx);
                            int delta = preScore - distance(shifted);
                            checked[0]++;
                            if (!hasBest
                                    || isBetter(
                                            delta, length, startH, idx, bestDelta, bestLength, bestStart, bestIdx)) {
                                hasBest = true;
                                bestDelta = delta;
                                bestLength = length;
                                bestStart = startH;
                                bestIdx = idx;
                                bestWords = shifted;
                            }
                        }
                        if (checked[0] >= MAX_SHIFT_CANDIDATES) {
                            break search;
                        }
                    }
                    if (nHyp == startH + length || nRef == startR + length) {
                        break;
                    }
                }
            }
        }
        if (!hasBest || bestDelta <= 0) {
            return null;
        }
        return bestWords;
    }

    /** Tercom's ranking: larger gain, then longer, then earlier start, then earlier target. */
    private static boolean isBetter(
            int delta, int length, int start, int idx, int bestDelta, int bestLength, int bestStart, int bestIdx) {
        if (delta != bestDelta) {
            return delta > bestDelta;
        }
        if (length != bestLength) {
            return length > bestLength;
        }
        if (start != bestStart) {
            return start < bestStart;
        }
        return idx < bestIdx;
    }

    /** lib_ter.py's {@code _perform_shift}, with Python's clamped slices. */
    static int[] performShift(int[] words, int start, int length, int target) {
        int n = words.length;
        int[] out = new int[n];
        int k = 0;
        if (target < start) {
            k = copy(words, 0, target, out, k);
            k = copy(words, start, start + length, out, k);
            k = copy(words, target, start, out, k);
            copy(words, start + length, n, out, k);
        } else if (target > start + length) {
            k = copy(words, 0, start, out, k);
            k = copy(words, start + length, target, out, k);
            k = copy(words, start, start + length, out, k);
            copy(words, target, n, out, k);
        } else {
            k = copy(words, 0, start, out, k);
            k = copy(words, start + length, length + target, out, k);
            k = copy(words, start, start + length, out, k);
            copy(words, length + target, n, out, k);
        }
        return out;
    }

    private static int copy(int[] words, int from, int to, int[] out, int k) {
        int n = words.length;
        from = Math.max(0, Math.min(from, n));
        to = Math.max(0, Math.min(to, n));
        if (to > from) {
            System.arraycopy(words, from, out, k, to - from);
            return k + to - from;
        }
        return k;
    }

    /** The edit distance of {@code words}, keeping its full matrix (for the trace) as the new base. */
    private int fullDistance(int[] words) {
        int start = baseWords == null ? 0 : commonPrefix(baseWords, words);
        for (int i = start + 1; i <= nHyp; i++) {
            computeRow(i, words, cost[i - 1], cost[i], ops[i]);
        }
        baseWords = words;
        return cost[nHyp][nRef];
    }

    /** The edit distance of {@code words}, reusing the base matrix rows of their common prefix. */
    private int distance(int[] words) {
        int start = commonPrefix(baseWords, words);
        if (start == nHyp) {
            return cost[nHyp][nRef];
        }
        int[] prev = cost[start];
        int[] cur = rowA;
        for (int i = start + 1; i <= nHyp; i++) {
            computeRow(i, words, prev, cur, null);
            prev = cur;
            cur = cur == rowA ? rowB : rowA;
        }
        return prev[nRef];
    }

    private static int commonPrefix(int[] a, int[] b) {
        int n = Math.min(a.length, b.length);
        int i = 0;
        while (i < n && a[i] == b[i]) {
            i++;
        }
        return i;
    }

    /** One row of lib_ter.py's beam edit distance; ties prefer substitution/match, then deletion, then insertion. */
    private void computeRow(int i, int[] words, int[] prev, int[] cur, byte[] curOps) {
        Arrays.fill(cur, INF);
        if (curOps != null) {
            Arrays.fill(curOps, OP_UNDEF);
        }
        int word = words[i - 1];
        int from = minJ[i];
        int to = maxJ[i];
        for (int j = from; j < to; j++) {
            if (j == 0) {
                cur[0] = prev[0] + 1;
                if (curOps != null) {
                    curOps[0] = OP_DEL;
                }
                continue;
            }
            int best = cur[j];
            byte op = OP_UNDEF;
            boolean match = word == ref[j - 1];
            int c = prev[j - 1] + (match ? 0 : 1);
            if (best > c) {
                best = c;
                op = match ? OP_NOP : OP_SUB;
            }
            c = prev[j] + 1;
            if (best > c) {
                best = c;
                op = OP_DEL;
            }
            c = cur[j - 1] + 1;
            if (best > c) {
                best = c;
                op = OP_INS;
            }
            cur[j] = best;
            if (curOps != null) {
                curOps[j] = op;
            }
        }
    }

    /**
     * trace_to_alignment over the flipped trace of the base matrix: deletions of the hypothesis-to-reference
     * trace are hypothesis errors, insertions are reference errors aligned to the current hypothesis position.
     */
    private void computeAlignment() {
        int length = 0;
        byte[] trace = new byte[nHyp + nRef];
        int i = nHyp;
        int j = nRef;
        while (i > 0 || j > 0) {
            byte op = ops[i][j];
            trace[length++] = op;
            if (op == OP_SUB || op == OP_NOP) {
                i--;
                j--;
            } else if (op == OP_INS) {
                j--;
            } else if (op == OP_DEL) {
                i--;
            } else {
                throw new IllegalStateException("TER: undefined edit operation at (" + i + ", " + j + ")");
            }
        }
        int posHyp = -1;
        int posRef = -1;
        for (int k = length - 1; k >= 0; k--) {
            byte op = trace[k];
            if (op == OP_NOP || op == OP_SUB) {
                posHyp++;
                posRef++;
                align[posRef] = posHyp;
                int err = op == OP_SUB ? 1 : 0;
                hypErrPrefix[posHyp + 1] = hypErrPrefix[posHyp] + err;
                refErrPrefix[posRef + 1] = refErrPrefix[posRef] + err;
            } else if (op == OP_DEL) {
                posHyp++;
                hypErrPrefix[posHyp + 1] = hypErrPrefix[posHyp] + 1;
            } else {
                posRef++;
                align[posRef] = posHyp;
                refErrPrefix[posRef + 1] = refErrPrefix[posRef] + 1;
            }
        }
    }
}
