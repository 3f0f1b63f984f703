using System.Net;
using ArabicNewsArchive.Articles;
using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace ArabicNewsArchive.Web.Components.Pages.Articles;

/// <summary>
/// Renders one reading paragraph with Markdig (raw HTML in the text disabled: it shows as text), then wraps person
/// mentions, quotes and search hits found in its literal text. The wrappers are the only HTML that is not escaped,
/// and they carry nothing but slugs this code encodes.
/// </summary>
/// <remarks>
/// Article text is written by whoever wrote the file, so its links are hostile until shown otherwise: DisableHtml does
/// not cover link URLs, and <c>[x](javascript:…)</c> or <c>&lt;javascript:…&gt;</c> would run script when clicked.
/// Only absolute http(s) and mailto links stay links; every other link, and every image (it would fetch from a third
/// party as the page opens), is rendered as its text.
/// </remarks>
public static class ReadingRenderer
{
    private static readonly MarkdownPipeline s_pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePreciseSourceLocation()
        .Build();

    /// <param name="offset">Where <paramref name="sourceText"/> starts in the source (a part of a long article).</param>
    public static string Render(ParagraphView paragraph, string sourceText, IReadOnlyList<TextMark> sourceMarks, QueryTerms query, int offset = 0)
    {
        var text = paragraph.Text;
        var marks = MapToParagraph(paragraph, sourceText, sourceMarks, offset);
        foreach (var (s, e) in query.Find(text))
        {
            marks.Add(new TextMark(s, e, MarkKind.Hit));
        }

        var doc = Markdown.Parse(text, s_pipeline);
        DisarmLinks(doc);
        if (marks.Count > 0)
        {
            foreach (var literal in doc.Descendants<LiteralInline>().ToList())
            {
                Wrap(literal, text, marks);
            }
        }

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        s_pipeline.Setup(renderer);
        renderer.Render(doc);
        writer.Flush();
        var html = writer.ToString();
        return paragraph.Kind == ParagraphKind.Heading ? AsHeading(html) : html;
    }

    /// <summary>
    /// A heading paragraph (a cross-head such as "توترات أميركية") is one line that Markdig reads as a paragraph; under
    /// the page's h1 and the pane's h2 it is an h3, so the outline and screen readers see the article's sections.
    /// </summary>
    private static string AsHeading(string html)
    {
        var trimmed = html.TrimEnd();
        return trimmed.StartsWith("<p>", StringComparison.Ordinal) && trimmed.EndsWith("</p>", StringComparison.Ordinal)
               && trimmed.IndexOf("<p>", 3, StringComparison.Ordinal) < 0
            ? "<h3 class=\"reading-heading\">" + trimmed[3..^4] + "</h3>\n"
            : html;
    }

    /// <summary>Unsafe links and images become their text; safe links get a rel that gives the target no hold on the page.</summary>
    internal static void DisarmLinks(MarkdownDocument doc)
    {
        foreach (var link in doc.Descendants<LinkInline>().ToList())
        {
            if (link.IsImage || !IsSafeUrl(link.Url))
            {
                Unwrap(link);
            }
            else
            {
                link.GetAttributes().AddProperty("rel", "noopener noreferrer nofollow");
            }
        }

        foreach (var autolink in doc.Descendants<AutolinkInline>().ToList())
        {
            if (autolink.IsEmail || IsSafeUrl(autolink.Url))
            {
                autolink.GetAttributes().AddProperty("rel", "noopener noreferrer nofollow");
                continue;
            }

            autolink.ReplaceBy(new LiteralInline(autolink.Url) { Span = autolink.Span });
        }
    }

    /// <summary>An absolute http, https or mailto address; anything else (javascript:, data:, relative, malformed) is not.</summary>
    internal static bool IsSafeUrl(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeMailto);

    /// <summary>Replaces a link by its children, so its text stays where it was and keeps its source spans.</summary>
    private static void Unwrap(LinkInline link)
    {
        var child = link.FirstChild;
        while (child is not null)
        {
            var next = child.NextSibling;
            child.Remove();
            link.InsertBefore(child);
            child = next;
        }

        link.Remove();
    }

    /// <summary>
    /// Source offsets to offsets in the paragraph's cleaned text. The text is normally the trimmed source slice, so
    /// one shift maps everything; where cleaning changed it, each mark is looked up by its own text instead.
    /// </summary>
    internal static List<TextMark> MapToParagraph(ParagraphView p, string sourceText, IReadOnlyList<TextMark> sourceMarks, int offset = 0)
    {
        var result = new List<TextMark>();
        var inside = sourceMarks.Where(m => m.Start >= p.SourceStart && m.End <= p.SourceEnd).ToList();
        if (inside.Count == 0 || p.SourceStart < offset || p.SourceEnd - offset > sourceText.Length)
        {
            return result;
        }
        var slice = sourceText[(p.SourceStart - offset)..(p.SourceEnd - offset)];
        var at = slice.IndexOf(p.Text, StringComparison.Ordinal);
        foreach (var m in inside)
        {
            if (at >= 0)
            {
                var s = m.Start - p.SourceStart - at;
                var e = m.End - p.SourceStart - at;
                if (s >= 0 && e <= p.Text.Length)
                {
                    result.Add(m with { Start = s, End = e });
                }
                continue;
            }
            var needle = sourceText[(m.Start - offset)..(m.End - offset)];
            var found = p.Text.IndexOf(needle, StringComparison.Ordinal);
            if (found >= 0)
            {
                result.Add(m with { Start = found, End = found + needle.Length });
            }
        }
        return result;
    }

    private static void Wrap(LiteralInline literal, string text, List<TextMark> marks)
    {
        var start = literal.Span.Start;
        var end = literal.Span.End + 1;
        // Escapes and entities make the literal differ from its source span; those rare runs stay unmarked.
        if (start < 0 || end > text.Length || literal.Content.ToString() != text[start..end])
        {
            return;
        }
        var segments = TextMarks.Split(text, start, end, marks);
        if (segments.Count == 1 && segments[0].Marks.Count == 0)
        {
            return;
        }
        Inline anchor = literal;
        foreach (var seg in segments)
        {
            var open = string.Concat(seg.Marks.Select(Open));
            var close = string.Concat(seg.Marks.Reverse().Select(Close));
            foreach (var node in new Inline?[]
                     {
                         open.Length > 0 ? new HtmlInline(open) : null,
                         new LiteralInline(seg.Text),
                         close.Length > 0 ? new HtmlInline(close) : null,
                     })
            {
                if (node is not null)
                {
                    anchor.InsertAfter(node);
                    anchor = node;
                }
            }
        }
        literal.Remove();
    }

    private static string Open(TextMark m) => m.Kind switch
    {
        MarkKind.Person => $"<a class=\"person-mention\" data-testid=\"person-mention\" data-person=\"{Enc(m.Key)}\" href=\"/people/{Enc(m.Key)}\">",
        MarkKind.Quote => $"<span class=\"quote\" data-testid=\"quote\" data-person=\"{Enc(m.Key)}\"{Title(m.Label)}>",
        MarkKind.Hit => "<mark class=\"hit\">",
        _ => "<span>",
    };

    private static string Close(TextMark m) => m.Kind switch
    {
        MarkKind.Person => "</a>",
        MarkKind.Hit => "</mark>",
        _ => "</span>",
    };

    private static string Title(string? label) => string.IsNullOrEmpty(label) ? "" : $" title=\"{WebUtility.HtmlEncode(label)}\"";

    private static string Enc(string? value) => WebUtility.HtmlEncode(Uri.EscapeDataString(value ?? ""));
}
