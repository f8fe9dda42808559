package io.urlfetcher;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads a setting that takes one of a few words (a mode, a format), as users write them: any case. A word that is none
 * of them is refused with the words it takes and, for a near miss (a typo, a prefix), the one that was probably meant,
 * never with the Java enum's name.
 */
public final class Choices {

    private Choices() {
    }

    /** The constant whose lower-case name is {@code text}. */
    public static <E extends Enum<E>> E parse(String text, Class<E> type) {
        String word = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(word)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(refusal(word, Arrays.stream(type.getEnumConstants())
                .map(constant -> constant.name().toLowerCase(Locale.ROOT)).toList()));
    }

    /** Like {@code use sequential, parallel or compare; did you mean parallel?}. */
    public static String refusal(String word, List<String> words) {
        String listed = words.size() == 1 ? words.get(0)
                : String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
        String meant = nearest(word, words);
        return "use " + listed + (meant == null ? "" : "; did you mean " + meant + "?");
    }

    /** The word {@code typed} is a prefix of, or at most two edits from; null when none is, or two are as near. */
    static String nearest(String typed, List<String> words) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        boolean tie = false;
        for (String word : words) {
            int distance = !typed.isEmpty() && word.startsWith(typed) ? 1 : distance(typed, word);
            if (distance < bestDistance) {
                best = word;
                bestDistance = distance;
                tie = false;
            } else if (distance == bestDistance) {
                tie = true;
            }
        }
        return bestDistance <= 2 && !tie ? best : null;
    }

    /** Levenshtein's edit distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
