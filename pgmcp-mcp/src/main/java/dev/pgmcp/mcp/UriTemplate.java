package dev.pgmcp.mcp;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 6570 level-1 templates: each {@code {name}} matches one path segment (no {@code /}, {@code ?}
 * or {@code #}), so {@code schema://{database}} and {@code schema://{database}/{table}} never match
 * each other's URIs. Values are percent-decoded as UTF-8.
 */
final class UriTemplate {
    private final Pattern pattern;
    private final List<String> names = new ArrayList<>();

    UriTemplate(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher m = Pattern.compile("\\{([a-zA-Z_][a-zA-Z0-9_]*)}").matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/?#]+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        this.pattern = Pattern.compile(regex.toString());
    }

    /**
     * @return the template's variables, percent-decoded, by name (in template order); {@code null} when
     *         {@code uri} does not match, or a value's percent-encoding is not valid UTF-8 escapes
     */
    Map<String, String> match(String uri) {
        Matcher m = pattern.matcher(uri);
        if (!m.matches()) {
            return null;
        }
        Map<String, String> vars = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            try {
                // URLDecoder decodes forms, where '+' is a space; in a URI it is itself (RFC 3986).
                vars.put(names.get(i), URLDecoder.decode(m.group(i + 1).replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return null; // "%zz": no value this template could have expanded to
            }
        }
        return vars;
    }
}
