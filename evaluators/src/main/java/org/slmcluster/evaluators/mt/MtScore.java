package org.slmcluster.evaluators.mt;

import java.util.Map;

/** What every translation metric's score offers: the value, sacreBLEU's text line and its JSON fields. */
public interface MtScore {

    /** The score on sacreBLEU's scale (0-100). */
    double score();

    /** sacreBLEU's text line with {@code width} decimals, named with the signature when one is given. */
    String format(int width, String signature);

    /** The score's fields as sacreBLEU's JSON output names them (a fresh, mutable map). */
    Map<String, Object> toMap();
}
