package io.urlfetcher;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UrlListParserTest {

    private final UrlListParser parser = new UrlListParser();

    @Test
    void skipsBlankLinesAndCommentsAndKeepsLineNumbers() {
        List<UrlLine> lines = parser.parse("# prices\n\nhttp://a.example/1\n   \n  https://b.example/2?x=1  \n");

        assertThat(lines).extracting(UrlLine::index, UrlLine::line, UrlLine::text)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, 3, "http://a.example/1"),
                        org.assertj.core.groups.Tuple.tuple(1, 5, "https://b.example/2?x=1"));
        assertThat(lines).allMatch(UrlLine::isFetchable);
    }

    @Test
    void handlesByteOrderMarkAndCrLf() {
        List<UrlLine> lines = parser.parse("\uFEFFhttp://a.example/\r\nhttp://b.example/\r\n");

        assertThat(lines).extracting(UrlLine::text).containsExactly("http://a.example/", "http://b.example/");
        assertThat(lines).extracting(UrlLine::line).containsExactly(1, 2);
    }

    @Test
    void rejectsNonHttpSchemesWithTheirLineNumber() {
        List<UrlLine> lines = parser.parse("ftp://files.example/a\nfile:///etc/passwd\njavascript:alert(1)\n");

        assertThat(lines).extracting(UrlLine::rejection).containsOnly(Outcome.UNSUPPORTED_SCHEME);
        assertThat(lines.get(1).reason()).startsWith("line 2: scheme 'file'");
    }

    @Test
    void rejectsMalformedLinesAndGoesOn() {
        List<UrlLine> lines = parser.parse("http://ok.example/\nnot a url\nwww.no-scheme.example\nhttp://\n"
                                           + "http://bad host/\nhttp://x.example/\uFFFD\nhttp://last.example/");

        assertThat(lines).extracting(UrlLine::rejection).containsExactly(null, Outcome.INVALID_URL,
                Outcome.INVALID_URL, Outcome.INVALID_URL, Outcome.INVALID_URL, Outcome.INVALID_URL, null);
        assertThat(lines.get(1).reason()).startsWith("line 2: not a valid URL");
        assertThat(lines.get(2).reason()).isEqualTo("line 3: not an absolute URL (expected http:// or https://)");
        assertThat(lines.get(5).reason()).startsWith("line 6: contains control characters or bytes that are not UTF-8");
    }

    @Test
    void emptyInputGivesNoLines() {
        assertThat(parser.parse("")).isEmpty();
        assertThat(parser.parse("# only a comment\n\n")).isEmpty();
    }
}
