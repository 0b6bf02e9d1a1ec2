package org.slmcluster.runtime.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code slm models list|pull|verify}: the model catalogue and local model files. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List, pull and verify models (catalogue in models/catalogue.conf; files searched in SLM_MODEL_PATH, then ~/.slm/models).",
        subcommands = {ModelsListCommand.class, ModelsPullCommand.class, ModelsVerifyCommand.class})
public final class ModelsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: list, pull or verify; see 'slm models --help'.");
    }
}
