package org.slmcluster.runtime.suite;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

final class JsonStrings {

    private JsonStrings() {}

    static String quote(String value) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + '"';
    }
}
