namespace ArabicNewsArchive.Articles;

/// <summary>
/// A long article cut into parts for reading: each part whole lines of the source, at most <see cref="MaxLines"/>
/// lines and, past its first line, at most <see cref="MaxChars"/> characters. The article page shows one part at a
/// time, so a 100,000-line file costs one part's rendering per view, not the whole file's.
/// </summary>
public static class ArticleParts
{
    /// <summary>Most source lines in one part.</summary>
    public const int MaxLines = 400;

    /// <summary>Most characters in one part, unless its first line alone is longer (a line is never cut).</summary>
    public const int MaxChars = 40_000;

    /// <summary>The offset where each part starts (the first is 0) and its first line (1-based).</summary>
    public static IReadOnlyList<(int Start, int FirstLine)> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<(int, int)> { (0, 1) };
        var (partStart, lines, line) = (0, 0, 1);
        for (var i = 0; i < text.Length; i++)
        {
            // Lines end at LF (CRLF included), as the source pane numbers them.
            if (text[i] != '\n')
            {
                continue;
            }

            lines++;
            line++;
            var next = i + 1;
            if (next >= text.Length)
            {
                break;
            }

            if (lines >= MaxLines || NextLineEnd(text, next) - partStart > MaxChars)
            {
                parts.Add((next, line));
                (partStart, lines) = (next, 0);
            }
        }

        return parts;
    }

    private static int NextLineEnd(string text, int from)
    {
        var end = text.AsSpan(from).IndexOf('\n');
        return end < 0 ? text.Length : from + end + 1;
    }
}

/// <summary>Which part of a long article is shown (see <see cref="ArticleParts"/>).</summary>
/// <param name="Index">0-based.</param>
/// <param name="Starts">Where every part starts, so a link to any offset can name its part.</param>
public sealed record ArticlePart(int Index, int Start, int End, int FirstLine, IReadOnlyList<int> Starts)
{
    public int Count => Starts.Count;

    /// <summary>The part holding <paramref name="offset"/>.</summary>
    public int PartOf(int offset)
    {
        var i = 0;
        var (lo, hi) = (0, Starts.Count - 1);
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (Starts[mid] <= offset)
            {
                i = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return i;
    }
}
