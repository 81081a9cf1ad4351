package io.paynotify.logging;

/**
 * A log field as one line: much of what paynotify logs comes from outside (user ids, payment ids,
 * request ids, paths), and a CR, LF or escape sequence in it could forge log lines or rewrite a
 * terminal. Control characters and line separators become {@code \r}, {@code \n} or {@code \\uXXXX}.
 */
public final class Escaped {

  private Escaped() {
  }

  public static String line(String text) {
    if (text == null || text.codePoints().noneMatch(Escaped::needsEscape)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    text.codePoints().forEach(c -> {
      if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (needsEscape(c)) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }

  private static boolean needsEscape(int c) {
    int type = Character.getType(c);
    return Character.isISOControl(c) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
  }
}
