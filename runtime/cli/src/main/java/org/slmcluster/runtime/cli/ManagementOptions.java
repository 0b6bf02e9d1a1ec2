package org.slmcluster.runtime.cli;

import java.net.URI;
import org.slmcluster.runtime.client.ManagementClient;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Where {@code slm cluster members|leave|down} reach Pekko Management, plus the common client options. */
final class ManagementOptions {

    @Option(
            names = "--management-url",
            paramLabel = "URL",
            defaultValue = "http://127.0.0.1:8558",
            description = "Pekko Management of any member (default: the coordinator's, ${DEFAULT-VALUE}).")
    URI managementUrl;

    @CommandLine.Mixin
    ClientOptions client;

    ManagementClient management() {
        return client.management(managementUrl);
    }
}
