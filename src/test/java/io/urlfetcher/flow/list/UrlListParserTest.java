package io.urlfetcher.flow.list;

import io.urlfetcher.Outcome;
import io.urlfetcher.core.UrlLine;

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
        assertThat(lines.get(2).reason())
                .isEqualTo("line 3: no scheme: add http:// or https:// (http://www.no-scheme.example)");
        assertThat(lines.get(5).reason()).startsWith("line 6: contains control characters or bytes that are not UTF-8");
    }

    @Test
    void aHostWithoutASchemeIsRefusedWithTheFixWhereJavaWouldReadItsHostAsAScheme() {
        List<UrlLine> lines = parser.parse("127.0.0.1:8080/x\nexample.org:8080/prices?q=1\nlocalhost:9000\n[::1]:8080/\n"
                                           + "b\u00fccher.example/\nmailto:someone@example.org\n/relative/path\n");

        assertThat(lines.subList(0, 5)).allSatisfy(line -> assertThat(line.reason()).contains(": no scheme: add http://"));
        assertThat(lines.get(0).reason()).isEqualTo("line 1: no scheme: add http:// or https:// (http://127.0.0.1:8080/x)");
        assertThat(lines.get(5).rejection()).as("a scheme of its own").isEqualTo(Outcome.UNSUPPORTED_SCHEME);
        assertThat(lines.get(6).reason()).isEqualTo("line 7: not an absolute URL (expected http:// or https://)");
    }

    @Test
    void emptyInputGivesNoLines() {
        assertThat(parser.parse("")).isEmpty();
        assertThat(parser.parse("# only a comment\n\n")).isEmpty();
    }

    @Test
    void internationalHostsAreFetchedInPunycode() {
        UrlLine line = parser.parse("http://www.bücher.example/straße?q=ä").get(0);

        assertThat(line.isFetchable()).isTrue();
        assertThat(line.uri().toString()).isEqualTo("http://www.xn--bcher-kva.example/stra%C3%9Fe?q=%C3%A4");
        assertThat(line.text()).isEqualTo("http://www.bücher.example/straße?q=ä");
    }

    @Test
    void aHostThatStartsWithAPunycodeLabelIsReportedAsUnsupported() {
        UrlLine line = parser.parse("http://bücher.example/").get(0);

        assertThat(line.rejection()).isEqualTo(Outcome.UNSUPPORTED_HOST);
        assertThat(line.reason()).startsWith("line 1: host xn--bcher-kva.example starts with an internationalised");
    }

    @Test
    void overlongLinesNulBytesAndSpacesAreRejectedWithTheirLineNumbers() {
        String longLine = "http://a.example/" + "x".repeat(100_000);
        List<UrlLine> lines = parser.parse(longLine + "\nhttp://a.example/\u0000x\nhttp://a.example/with space\n");

        assertThat(lines).extracting(UrlLine::rejection).containsOnly(Outcome.INVALID_URL);
        assertThat(lines.get(0).reason()).isEqualTo("line 1: URL is 100017 characters long; the limit is 8192");
        assertThat(lines.get(0).text()).hasSizeLessThan(300);
        assertThat(lines.get(1).reason()).startsWith("line 2: contains control characters");
        assertThat(lines.get(2).reason()).startsWith("line 3: not a valid URL: Illegal character in path");
    }

    @Test
    void duplicatesAreFetchedPerLineUnlessDeduped() {
        String list = "http://a.example/x\nHTTP://A.example/./x\nhttp://a.example/x\n";

        assertThat(parser.parse(list)).allMatch(UrlLine::isFetchable);
        List<UrlLine> deduped = new UrlListParser(true).parse(list);
        assertThat(deduped).extracting(UrlLine::rejection).containsExactly(null, Outcome.DUPLICATE, Outcome.DUPLICATE);
        assertThat(deduped.get(2).reason()).isEqualTo("line 3: same URL as line 1, fetched once (fetch.dedupe)");
    }

    @Test
    void aLoneCarriageReturnStaysInItsLineAndLaterLineNumbersStayTrue() {
        List<UrlLine> lines = parser.parse("http://a.example/1\nhttp://a.example/2\rhttp://a.example/3\r\nhttp://a.example/4\n");

        assertThat(lines).extracting(UrlLine::line).containsExactly(1, 2, 3);
        assertThat(lines).extracting(UrlLine::rejection).containsExactly(null, Outcome.INVALID_URL, null);
        assertThat(lines.get(1).reason()).startsWith("line 2: contains control characters");
        assertThat(lines.get(2).text()).isEqualTo("http://a.example/4");
    }

    @Test
    void aLineLongerThanTheReaderKeepsIsReportedWithItsFullLength() {
        String longLine = "http://a.example/" + "x".repeat(3_000_000);
        List<UrlLine> lines = parser.parse(longLine + "\r\nhttp://a.example/next\n");

        assertThat(lines).extracting(UrlLine::rejection).containsExactly(Outcome.INVALID_URL, null);
        assertThat(lines.get(0).reason()).isEqualTo("line 1: URL is 3000017 characters long; the limit is 8192");
        assertThat(lines.get(1).line()).isEqualTo(2);
        assertThat(parser.parse("http://a.example/" + " ".repeat(2_000_000)).get(0).reason())
                .isEqualTo("line 1: URL is 2000017 characters long; the limit is 8192"); // what is kept is short once trimmed
    }

    @Test
    void aPortOutOfRangeIsAnInvalidUrlWithItsLineNumber() {
        List<UrlLine> lines = parser.parse("http://a.example:99999/\nhttp://a.example:65536/\nhttp://a.example:0/\n"
                                           + "http://a.example:65535/\nhttp://a.example:1/\n");

        assertThat(lines).extracting(UrlLine::rejection)
                .containsExactly(Outcome.INVALID_URL, Outcome.INVALID_URL, Outcome.INVALID_URL, null, null);
        assertThat(lines.get(0).reason()).isEqualTo("line 1: port 99999 is out of range; a port is 1 to 65535");
        assertThat(lines.get(2).reason()).startsWith("line 3: port 0 is out of range");
    }

    @Test
    void theProgressCountReadsLinesAsTheParserDoes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        String list = "\uFEFF# urls\r\nhttp://a.example/1\r\nhttp://a.example/2\rhttp://a.example/3\n\nhttp://a.example/4\n";
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("urls.txt"), list);

        assertThat(UrlListFile.countUrlLines(file)).isEqualTo((long) parser.parse(list).size()).isEqualTo(3L);
    }
}
