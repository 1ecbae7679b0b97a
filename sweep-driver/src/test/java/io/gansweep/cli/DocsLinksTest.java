package io.gansweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.api.Test;

/**
 * The user documentation (README.md, docs/, and the examples' and analysis's Markdown) stays inside the repository: every relative link
 * resolves to a file of this checkout, every anchor to a heading of its page (GitHub's slugs), and
 * the only links that leave it are plain http(s) URLs (papers, projects). A link such as
 * {@code ../shared/DESIGN.md} points at files users do not have and fails here.
 */
class DocsLinksTest {

  /** The README is the front page: what it is, a picture, two commands, a spec, the labels, links. */
  static final int README_MAX_LINES = 200;

  private static final Pattern INLINE_LINK = Pattern.compile("!?\\[(?:[^\\[\\]]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
  private static final Pattern REFERENCE_DEF = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s+.*)?$");
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
  private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");

  @Test
  void readmeIsShort() throws IOException {
    int lines = Files.readAllLines(ReferenceDocs.repoRoot().resolve("README.md")).size();
    assertTrue(lines <= README_MAX_LINES, "README.md has " + lines + " lines (allowed at most " + README_MAX_LINES
        + "; move detail under docs/)");
  }

  @Test
  void everyLinkResolvesInsideTheRepository() throws IOException {
    Path root = ReferenceDocs.repoRoot();
    List<String> problems = new ArrayList<>();
    Map<Path, Set<String>> anchors = new HashMap<>();
    int checked = 0;
    for (Path page : pages(root)) {
      for (Link link : links(Files.readString(page))) {
        checked++;
        String where = root.relativize(page) + ":" + link.line() + ": " + link.target();
        String problem = check(root, page, link.target(), anchors);
        if (problem != null) {
          problems.add(where + " (" + problem + ")");
        }
      }
    }
    assertTrue(checked > 50, "found the docs' links (got " + checked + ")");
    assertEquals(List.of(), problems, "Cannot accept docs links: broken or leaving the repository");
  }

  @Test
  void noPageNamesFilesOutsideTheRepository() throws IOException {
    Path root = ReferenceDocs.repoRoot();
    List<String> problems = new ArrayList<>();
    for (Path page : pages(root)) {
      List<String> lines = Files.readAllLines(page);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains("../shared/")) {
          problems.add(root.relativize(page) + ":" + (i + 1) + ": " + lines.get(i).strip());
        }
      }
    }
    assertEquals(List.of(), problems, "pages that name the maintainers' ../shared/ files, which users do not have");
  }

  @Test
  void slugsFollowGitHub() {
    assertEquals("packing-resourcespack", slug("Packing (`resources.pack`)"));
    assertEquals("your-own-g-and-d-torchscript-model", slug("Your own G and D: TorchScript (`model`)"));
    assertEquals("stores-what-local-hdfs-and-s3-guarantee", slug("Stores: what local, HDFS and S3 guarantee"));
    assertEquals("the-g-only-screen-screen", slug("The G-only screen (`screen`)"));
  }

  /** README.md and every Markdown file under docs/, examples/ and analysis/ (build outputs aside). */
  static List<Path> pages(Path root) throws IOException {
    List<Path> pages = new ArrayList<>();
    pages.add(root.resolve("README.md"));
    for (String dir : List.of("docs", "examples", "analysis")) {
      try (Stream<Path> s = Files.walk(root.resolve(dir))) {
        s.filter(p -> p.toString().endsWith(".md"))
            .filter(p -> !root.relativize(p).toString().matches("(.*/)?(target|node_modules|\\.[^/]*)/.*"))
            .sorted()
            .forEach(pages::add);
      }
    }
    return pages;
  }

  record Link(int line, String target) {}

  /** The link targets of a page, outside fenced code blocks and inline code. */
  static List<Link> links(String markdown) {
    List<Link> links = new ArrayList<>();
    String fence = null;
    String[] lines = markdown.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String t = line.stripLeading();
      if (fence == null && (t.startsWith("```") || t.startsWith("~~~"))) {
        fence = t.substring(0, 3);
        continue;
      }
      if (fence != null) {
        if (t.startsWith(fence)) {
          fence = null;
        }
        continue;
      }
      String text = line.replaceAll("`[^`]*`", "``");
      Matcher m = INLINE_LINK.matcher(text);
      while (m.find()) {
        links.add(new Link(i + 1, m.group(1)));
      }
      Matcher d = REFERENCE_DEF.matcher(text);
      if (d.matches()) {
        links.add(new Link(i + 1, d.group(1)));
      }
    }
    return links;
  }

  /** What is wrong with {@code target} on {@code page}, or null. */
  private static String check(Path root, Path page, String target, Map<Path, Set<String>> anchors) throws IOException {
    if (target.isEmpty()) {
      return "empty link";
    }
    if (SCHEME.matcher(target).find()) {
      String scheme = target.substring(0, target.indexOf(':')).toLowerCase(Locale.ROOT);
      return scheme.equals("http") || scheme.equals("https") ? null
          : "a " + scheme + ": link; allowed: relative paths inside the repository, or http(s) URLs";
    }
    if (target.startsWith("/")) {
      return "an absolute path; allowed: a path relative to the page";
    }
    int hash = target.indexOf('#');
    String path = URLDecoder.decode(hash < 0 ? target : target.substring(0, hash), StandardCharsets.UTF_8);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    Path file = path.isEmpty() ? page : page.getParent().resolve(path).normalize();
    if (!file.startsWith(root)) {
      return "leaves the repository";
    }
    if (!Files.exists(file)) {
      return "no such file";
    }
    if (anchor != null && !anchor.isEmpty() && file.toString().endsWith(".md")) {
      Set<String> known = anchors.computeIfAbsent(file, f -> headingSlugs(read(f)));
      if (!known.contains(anchor)) {
        return "no heading with anchor #" + anchor + " in " + root.relativize(file);
      }
    }
    return null;
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The anchors GitHub gives a page's headings (a repeated heading gets -1, -2 …). */
  static Set<String> headingSlugs(String markdown) {
    Set<String> slugs = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fence = false;
    for (String line : markdown.split("\n", -1)) {
      String t = line.stripLeading();
      if (t.startsWith("```") || t.startsWith("~~~")) {
        fence = !fence;
        continue;
      }
      Matcher m = HEADING.matcher(line);
      if (!fence && m.matches()) {
        String s = slug(m.group(2));
        int n = seen.merge(s, 1, Integer::sum) - 1;
        slugs.add(n == 0 ? s : s + "-" + n);
      }
    }
    return slugs;
  }

  /** GitHub's heading anchor: the text without markup, lower case, punctuation dropped, spaces as hyphens. */
  static String slug(String heading) {
    String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
    StringBuilder b = new StringBuilder();
    text.codePoints().forEach(c -> {
      if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
        b.appendCodePoint(c);
      } else if (c == ' ') {
        b.append('-');
      }
    });
    return b.toString();
  }
}
