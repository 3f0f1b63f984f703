using System.Text;

namespace ArabicNewsArchive.Ingestion;

/// <summary>Writes plain text as Markdown that renders as exactly that text: no markup, links or HTML can slip in.</summary>
public static class MarkdownText
{
    /// <summary>
    /// Backslash-escapes the ASCII punctuation that Markdown or HTML could read as syntax anywhere in a line, and the
    /// block markers that only count at the start of one. Arabic punctuation needs no escaping.
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length + 8);
        Escape(sb, text);
        return sb.ToString();
    }

    /// <summary>As <see cref="Escape(string)"/>, appended to <paramref name="sb"/> (a body's paragraphs go into one builder).</summary>
    public static void Escape(StringBuilder sb, string text)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(text);
        var atLineStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                sb.Append(c);
                atLineStart = true;
                continue;
            }

            if (atLineStart && c is ' ' or '\t')
            {
                // Leading indentation would make an indented code block.
                continue;
            }

            var escape = c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '&' or '|' or '~' or '#' or '!'
                || (atLineStart && c is '-' or '+' or '=')
                || (c is '.' or ')' && IsOrderedListMarker(text, i));
            if (escape)
            {
                sb.Append('\\');
            }

            sb.Append(c);
            atLineStart = false;
        }
    }

    /// <summary>"12." or "3)" at the start of a line starts an ordered list.</summary>
    private static bool IsOrderedListMarker(string text, int index)
    {
        var start = index;
        while (start > 0 && char.IsAsciiDigit(text[start - 1]))
        {
            start--;
        }

        return start < index && (start == 0 || text[start - 1] == '\n');
    }
}
