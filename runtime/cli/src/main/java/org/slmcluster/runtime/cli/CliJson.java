package org.slmcluster.runtime.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/** The JSON the commands print ({@code --json}) and read from users' files: one mapper, pretty for listings. */
final class CliJson {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

    private CliJson() {}
}
