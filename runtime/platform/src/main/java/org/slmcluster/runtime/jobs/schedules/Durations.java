package org.slmcluster.runtime.jobs.schedules;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Schedule periods as people write them: {@code 30s}, {@code 15m}, {@code 6h}, {@code 1d} (or ISO {@code PT6H}). */
public final class Durations {

    /** Shorter periods would start jobs faster than the scheduler looks (once a second). */
    public static final Duration MINIMUM = Duration.ofSeconds(1);

    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})\\s*(s|m|h|d)");

    private Durations() {}

    /** @throws ScheduleException (bad request) naming the value when it is not a period of at least 1 s */
    public static Duration parse(String value) {
        String text = value == null ? "" : value.trim().toLowerCase(java.util.Locale.ROOT);
        Duration parsed = null;
        Matcher simple = SIMPLE.matcher(text);
        if (simple.matches()) {
            long amount = Long.parseLong(simple.group(1));
            parsed = switch (simple.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        } else if (text.startsWith("p")) {
            try {
                parsed = Duration.parse(text.toUpperCase(java.util.Locale.ROOT));
            } catch (DateTimeParseException e) {
                parsed = null;
            }
        }
        if (parsed == null) {
            throw ScheduleException.badRequest(
                    "'" + value + "' is not a duration (write e.g. 30s, 15m, 6h, 1d or PT6H)");
        }
        if (parsed.compareTo(MINIMUM) < 0) {
            throw ScheduleException.badRequest("'" + value + "' is shorter than the minimum period of 1s");
        }
        return parsed;
    }

    /** The shortest exact form: {@code 6h}, {@code 90m}, {@code 45s}. */
    public static String format(Duration duration) {
        long seconds = duration.getSeconds();
        if (duration.getNano() != 0) {
            return duration.toString();
        }
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
