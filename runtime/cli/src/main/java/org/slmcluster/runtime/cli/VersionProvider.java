package org.slmcluster.runtime.cli;

import picocli.CommandLine;

/** Version from the jar manifest when packaged, else the development marker. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = SlmCli.class.getPackage().getImplementationVersion();
        return new String[] {"slm-cluster " + (version == null ? "development build" : version)};
    }
}
