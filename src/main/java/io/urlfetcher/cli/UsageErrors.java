package io.urlfetcher.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Prints a usage error: picocli's message (a one-value option given twice says so: inside a section, an
 * {@code @ArgGroup}, picocli would print both matches of the whole section instead), its did-you-mean for an option
 * it nearly knows, then the one-line usage of the command, not its whole help (a screenful that hides the message).
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        String repeated = repeatedOption(command, args);
        err.println(command.getColorScheme().errorText(repeated != null ? repeated : e.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println(shortUsage(command));
        return ExitCodes.USAGE;
    }

    /** {@code Usage: url-fetcher worker [OPTIONS]   (url-fetcher worker --help lists the options)}. */
    static String shortUsage(CommandLine command) {
        String name = command.getCommandSpec().qualifiedName();
        boolean takesUrls = !command.getCommandSpec().positionalParameters().isEmpty();
        return "Usage: " + name + " [OPTIONS]" + (takesUrls ? " [URL...]" : "") + "   (" + name + " --help lists the options)";
    }

    /** "option '--concurrency' (N) should be specified only once", as picocli says outside a section; or null. */
    static String repeatedOption(CommandLine command, String[] args) {
        Map<OptionSpec, Integer> seen = new HashMap<>();
        // A subcommand's own options come after its name; those before it are the parent's.
        int first = command.getParent() == null ? 0 : Arrays.asList(args).indexOf(command.getCommandName()) + 1;
        for (String arg : Arrays.asList(args).subList(first, args.length)) {
            OptionSpec option = arg.startsWith("-") ? command.getCommandSpec().findOption(arg.split("=", 2)[0]) : null;
            if (option != null && !option.isMultiValue() && seen.merge(option, 1, Integer::sum) == 2) {
                return "option '" + option.longestName() + "'" + (option.arity().max() > 0 ? " (" + option.paramLabel() + ")" : "")
                       + " should be specified only once";
            }
        }
        return null;
    }
}
