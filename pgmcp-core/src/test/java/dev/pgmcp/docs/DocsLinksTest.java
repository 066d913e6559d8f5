package dev.pgmcp.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks the relative links of the documentation: {@code README.md}, every {@code docs/*.md} and
 * {@code benchmarks/README.md}.
 *
 * <p>For every inline Markdown link {@code [text](path)}, {@code [text](path#anchor)} or
 * {@code [text](#anchor)} outside fenced code blocks (images {@code ![alt](path)} included):
 * <ul>
 *   <li>{@code http:}, {@code https:} and {@code mailto:} links are skipped;</li>
 *   <li>the path, resolved against the linking file's directory (percent-escapes decoded), must stay
 *       inside the repository and name an existing file or directory;</li>
 *   <li>an anchor must be the slug of a heading of the target Markdown file (the linking file itself for
 *       {@code (#anchor)}), with GitHub's rules: the heading's text (ATX headings, outside fenced code;
 *       a link in it counts as its text) in lower case, every character other than a letter, a digit, a
 *       space, a hyphen or an underscore removed, spaces turned into hyphens, and the second, third ...
 *       heading with the same slug suffixed {@code -1}, {@code -2} ...; an anchor on a file that is not
 *       Markdown is an error, except GitHub's line anchors ({@code #L10}, {@code #L10-L20}).</li>
 * </ul>
 * It also checks that the README's documentation list links every {@code docs/*.md} page, so no page
 * is out of reach. The repository root is the nearest ancestor of {@code user.dir} holding {@code .git};
 * the search never goes above it.
 */
class DocsLinksTest {

    private static final Pattern LINK = Pattern.compile("!?\\[((?:[^\\[\\]]|\\[[^\\[\\]]*\\])*)\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})[ \\t]+(.*?)(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern FENCE = Pattern.compile("^\\s*(`{3,}|~{3,})");
    private static final Pattern EXTERNAL = Pattern.compile("^(?i)(https?|mailto):.*");
    private static final Pattern LINE_ANCHOR = Pattern.compile("L\\d+(-L\\d+)?");

    @Test
    void everyRelativeLinkOfTheDocumentationResolves() throws IOException {
        Path root = repositoryRoot();
        List<Path> files = documentationFiles(root);
        assertTrue(files.size() > 3, "documentation files found: " + files);
        List<String> problems = problems(root, files);
        assertTrue(problems.isEmpty(), problems.size() + " broken link(s):\n" + String.join("\n", problems));
    }

    @Test
    void theReadmeLinksEveryDocsPage() throws IOException {
        Path root = repositoryRoot();
        Set<Path> linked = new LinkedHashSet<>();
        Path readme = root.resolve("README.md");
        for (String target : links(Files.readString(readme))) {
            String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
            if (!path.isEmpty() && !EXTERNAL.matcher(target).matches()) {
                linked.add(root.resolve(decode(path)).normalize());
            }
        }
        List<Path> unlinked = new ArrayList<>();
        try (Stream<Path> pages = Files.list(root.resolve("docs"))) {
            pages.filter(p -> p.toString().endsWith(".md")).sorted().forEach(p -> {
                if (!linked.contains(p.normalize())) {
                    unlinked.add(root.relativize(p));
                }
            });
        }
        assertTrue(unlinked.isEmpty(), "docs pages the README does not link: " + unlinked);
    }

    /** The checker itself finds what it must: a missing file, a missing anchor, a same-page anchor. */
    @Test
    void brokenLinksAreReported(@TempDir Path repo) throws IOException {
        Files.createDirectory(repo.resolve(".git"));
        Files.createDirectories(repo.resolve("docs"));
        Files.writeString(repo.resolve("docs/guide.md"), String.join("\n",
                "# Guide", "", "## Set-up: `PGMCP_X` (optional)", "", "## Notes", "", "## Notes", "",
                "```bash", "# not a heading", "```", "", "[home](../README.md#pgmcp)"));
        Files.writeString(repo.resolve("README.md"), String.join("\n",
                "# pgmcp", "",
                "[ok](docs/guide.md#set-up-pgmcp_x-optional) [ok](docs/guide.md#notes-1) [ok](#pgmcp)",
                "[web](https://example.com/x.md#nowhere) [mail](mailto:a@example.com)",
                "[gone](docs/missing.md) [bad anchor](docs/guide.md#notes-2) [here](#nowhere)",
                "[code](docs/guide.md#not-a-heading) [outside](../elsewhere.md)",
                "```", "[in a fence](docs/missing-too.md)", "```"));
        List<String> problems = problems(repo, List.of(repo.resolve("README.md"), repo.resolve("docs/guide.md")));
        assertEquals(5, problems.size(), String.join("\n", problems));
        assertTrue(problems.get(0).contains("docs/missing.md"), problems.get(0));
        assertTrue(problems.get(1).contains("#notes-2"), problems.get(1));
        assertTrue(problems.get(2).contains("#nowhere"), problems.get(2));
        assertTrue(problems.get(3).contains("#not-a-heading"), problems.get(3));
        assertTrue(problems.get(4).contains("../elsewhere.md"), problems.get(4));
    }

    @Test
    void slugsFollowGitHubsRules() {
        assertEquals("embedding-in-a-host-applications-jetty-or-any-servlet-6-container",
                slug("Embedding in a host application's Jetty (or any Servlet 6 container)"));
        assertEquals("customer-success-questions-answered-on-the-demo-data",
                slug("Customer-success questions, answered on the demo data"));
        assertEquals("pgmcp_validationrole-switch", slug("`PGMCP_VALIDATION=role` switch"));
        assertEquals("see-settings", slug("See [Settings](configuration.md#settings)"));
        assertEquals("café-ü", slug("Café Ü"));
    }

    /** The problems found in {@code files}, one line each: file, link, and what is wrong. */
    static List<String> problems(Path root, List<Path> files) {
        Path realRoot = root.toAbsolutePath().normalize();
        List<String> problems = new ArrayList<>();
        Map<Path, Set<String>> anchorsCache = new HashMap<>();
        for (Path file : files) {
            String text = read(file);
            for (String target : links(text)) {
                if (EXTERNAL.matcher(target).matches()) {
                    continue;
                }
                String where = realRoot.relativize(file.toAbsolutePath().normalize()) + ": (" + target + ")";
                int hash = target.indexOf('#');
                String path = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path resolved = path.isEmpty() ? file.toAbsolutePath().normalize()
                        : file.toAbsolutePath().getParent().resolve(decode(path)).normalize();
                if (!resolved.startsWith(realRoot)) {
                    problems.add(where + " points outside the repository");
                    continue;
                }
                if (!Files.exists(resolved)) {
                    problems.add(where + " names no file: " + realRoot.relativize(resolved));
                    continue;
                }
                if (anchor == null) {
                    continue;
                }
                if (!resolved.toString().endsWith(".md")) {
                    if (!Files.isRegularFile(resolved) || !LINE_ANCHOR.matcher(anchor).matches()) {
                        problems.add(where + " has an anchor on a file that is not Markdown");
                    }
                    continue;
                }
                Set<String> anchors = anchorsCache.computeIfAbsent(resolved, p -> anchors(read(p)));
                if (!anchors.contains(decode(anchor))) {
                    problems.add(where + " names no heading of " + realRoot.relativize(resolved)
                            + " (#" + anchor + "); its anchors: " + anchors);
                }
            }
        }
        return problems;
    }

    /** The targets of the inline links of a Markdown text, outside fenced code blocks, in order. */
    static List<String> links(String markdown) {
        List<String> targets = new ArrayList<>();
        for (String line : proseLines(markdown)) {
            Matcher m = LINK.matcher(line);
            while (m.find()) {
                targets.add(m.group(2));
            }
        }
        return targets;
    }

    /** The anchors GitHub gives the headings of a Markdown text. */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : proseLines(markdown)) {
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                String slug = slug(h.group(2));
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? slug : slug + "-" + n);
            }
        }
        return anchors;
    }

    /** GitHub's slug of a heading's text. */
    static String slug(String heading) {
        String text = LINK.matcher(heading).replaceAll(r -> Matcher.quoteReplacement(r.group(1)));
        StringBuilder slug = new StringBuilder();
        text.toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        });
        return slug.toString();
    }

    /** The lines of a Markdown text that are not inside a fenced code block (nor its fences). */
    private static List<String> proseLines(String markdown) {
        List<String> lines = new ArrayList<>();
        String fence = null;
        for (String line : markdown.split("\n", -1)) {
            Matcher f = FENCE.matcher(line);
            if (fence == null && f.find()) {
                fence = f.group(1);
            } else if (fence != null) {
                if (f.find() && f.group(1).charAt(0) == fence.charAt(0) && f.group(1).length() >= fence.length()
                        && line.strip().equals(f.group(1))) {
                    fence = null;
                }
            } else {
                lines.add(line);
            }
        }
        return lines;
    }

    private static List<Path> documentationFiles(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(root.resolve("README.md"));
        try (Stream<Path> pages = Files.list(root.resolve("docs"))) {
            pages.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        files.add(root.resolve("benchmarks/README.md"));
        for (Path f : files) {
            assertTrue(Files.isRegularFile(f), f + " is missing");
        }
        return files;
    }

    /** The nearest ancestor of {@code user.dir} (itself included) that holds {@code .git}. */
    private static Path repositoryRoot() {
        for (Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(".git"))) {
                assertTrue(Files.isRegularFile(dir.resolve("README.md")), "no README.md at " + dir);
                return dir;
            }
        }
        return fail("no repository root (a directory holding .git) above " + System.getProperty("user.dir"));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
