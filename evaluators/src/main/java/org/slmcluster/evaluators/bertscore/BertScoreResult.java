package org.slmcluster.evaluators.bertscore;

import java.util.List;

/**
 * @param corpus mean of the per-segment values (bert_score's {@code P.mean()}, {@code R.mean()},
 *     {@code F.mean()})
 * @param segments one score per candidate, in input order (best over references, rescaled if asked)
 * @param truncatedTexts how many candidate / reference texts were longer than the encoder's maximum
 *     length and were cut
 */
public record BertScoreResult(PrecisionRecallF1 corpus, List<PrecisionRecallF1> segments, int truncatedTexts) {}
