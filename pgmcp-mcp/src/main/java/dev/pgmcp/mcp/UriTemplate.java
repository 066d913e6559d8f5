package dev.pgmcp.mcp;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** RFC 6570 level-1 templates ({@code {name}} matches one path segment). */
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

    /** @return whether {@code uri} matches the template */
    boolean matches(String uri) {
        return pattern.matcher(uri).matches();
    }

    /**
     * @return the template's variables, URL-decoded, by name
     * @throws IllegalArgumentException when {@code uri} does not match
     */
    Map<String, String> match(String uri) {
        Matcher m = pattern.matcher(uri);
        if (!m.matches()) {
            throw new IllegalArgumentException("resource URI " + uri + " does not match the template");
        }
        Map<String, String> vars = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            vars.put(names.get(i), URLDecoder.decode(m.group(i + 1), StandardCharsets.UTF_8));
        }
        return vars;
    }
}
