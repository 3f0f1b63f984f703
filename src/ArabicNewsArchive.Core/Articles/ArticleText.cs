using System.Text;
using ArabicNewsArchive.Ingestion;

namespace ArabicNewsArchive.Articles;

/// <summary>
/// The reading text of an article derived from its source text, so the store holds the text once: a paragraph's
/// reading text is its source range tidied (<c>ParagraphText</c>), and the Markdown body is the body and
/// heading paragraphs escaped (<c>BodyMarkdown</c>). Only a paragraph whose reading text differs from that
/// (the first paragraph with its outlet cue cut off) keeps its text in the store.
/// </summary>
public static class ArticleText
{
    /// <summary>
    /// The reading form of <paramref name="source"/>[<paramref name="start"/>..<paramref name="end"/>]: NFC, line
    /// ends as LF, trimmed; a heading without its leading '#' marks.
    /// </summary>
    public static string ParagraphText(string source, int start, int end, ParagraphKind kind)
    {
        ArgumentNullException.ThrowIfNull(source);
        start = Math.Clamp(start, 0, source.Length);
        end = Math.Clamp(end, start, source.Length);
        var text = source[start..end].Normalize(NormalizationForm.FormC);
        if (text.AsSpan().TrimEnd("\r\n").ContainsAny('\r', '\n'))
        {
            text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        }

        var trimmed = Trimmed(text, kind);
        return trimmed.Length == text.Length ? text : trimmed.ToString();
    }

    // A paragraph's reading text within its normalised range: the spaces around it, a heading's marks.
    private static ReadOnlySpan<char> Trimmed(ReadOnlySpan<char> text, ParagraphKind kind)
    {
        text = text.Trim();
        return kind == ParagraphKind.Heading ? text.TrimStart('#').Trim() : text;
    }

    /// <summary>The reading text of a stored paragraph: its stored text where it has one, else derived from the source.</summary>
    public static string ParagraphText(string source, Paragraph paragraph)
    {
        ArgumentNullException.ThrowIfNull(paragraph);
        return paragraph.StoredText ?? ParagraphText(source, paragraph.SourceStart, paragraph.SourceEnd, paragraph.Kind);
    }

    /// <summary>
    /// Sets <see cref="Paragraph.Text"/> of paragraphs read from the store (which holds it only where the source
    /// range does not give it back).
    /// </summary>
    public static void Fill(string source, IEnumerable<Paragraph> paragraphs)
    {
        ArgumentNullException.ThrowIfNull(paragraphs);
        foreach (var p in paragraphs)
        {
            p.Text = ParagraphText(source, p);
        }
    }

    /// <summary>
    /// Marks which of the cleaner's paragraphs need their text stored: <see cref="Paragraph.StoredText"/> is the text
    /// where deriving it from the source would give something else, null where it would give the same.
    /// </summary>
    public static void KeepOnlyUnderivable(string source, IEnumerable<Paragraph> paragraphs)
    {
        ArgumentNullException.ThrowIfNull(paragraphs);
        foreach (var p in paragraphs)
        {
            p.StoredText = Derives(source, p) ? null : p.Text;
        }
    }

    // Whether ParagraphText gives back the paragraph's text. Compared on the source range itself when that is NFC with
    // no line break inside (nearly every paragraph): the range and its normalised copy were two strings a paragraph
    // of every ingested article.
    private static bool Derives(string source, Paragraph p)
    {
        var start = Math.Clamp(p.SourceStart, 0, source.Length);
        var range = source.AsSpan(start, Math.Clamp(p.SourceEnd, start, source.Length) - start);
        if (!range.IsNormalized(NormalizationForm.FormC) || range.TrimEnd("\r\n").ContainsAny('\r', '\n'))
        {
            return p.Text == ParagraphText(source, p.SourceStart, p.SourceEnd, p.Kind);
        }

        return Trimmed(range, p.Kind).SequenceEqual(p.Text);
    }

    /// <summary>The body as Markdown: the body and heading paragraphs (in order) escaped, so no markup can slip in.</summary>
    public static string BodyMarkdown(IEnumerable<(ParagraphKind Kind, string Text)> paragraphs)
    {
        ArgumentNullException.ThrowIfNull(paragraphs);
        var sb = new StringBuilder();
        foreach (var (kind, text) in paragraphs)
        {
            if (kind is not (ParagraphKind.Body or ParagraphKind.Heading) || text.Length == 0)
            {
                continue;
            }

            if (sb.Length > 0)
            {
                sb.Append("\n\n");
            }

            if (kind == ParagraphKind.Heading)
            {
                sb.Append("## ");
            }

            MarkdownText.Escape(sb, text);
        }

        return sb.ToString();
    }

    /// <summary>The body as Markdown of paragraphs whose <see cref="Paragraph.Text"/> is set (in ordinal order).</summary>
    public static string BodyMarkdown(IEnumerable<Paragraph> paragraphs) =>
        BodyMarkdown(paragraphs.OrderBy(p => p.Ordinal).Select(p => (p.Kind, p.Text)));

    /// <summary>
    /// <paramref name="source"/>[<paramref name="start"/>..<paramref name="end"/>] as it stands (a quote's text, which
    /// the store keeps as offsets only), clamped to the text: offsets past its end give what remains, never a throw.
    /// </summary>
    public static string Slice(string source, int start, int end)
    {
        ArgumentNullException.ThrowIfNull(source);
        var from = Math.Clamp(start, 0, source.Length);
        return source[from..Math.Clamp(end, from, source.Length)];
    }
}
