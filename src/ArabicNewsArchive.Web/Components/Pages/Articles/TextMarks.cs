namespace ArabicNewsArchive.Web.Components.Pages.Articles;

/// <summary>What a marked run of text is: a search hit, a person mention, a quote, date or topic evidence.</summary>
/// <remarks>The order is the nesting order: a quote wraps the mentions inside it, a hit is innermost.</remarks>
public enum MarkKind
{
    Quote,
    DateEvidence,
    TopicEvidence,
    Outlet,
    Shared,
    Person,
    Hit,
}

/// <param name="Start">Offset (inclusive) in the text the marks refer to.</param>
/// <param name="End">Offset (exclusive).</param>
/// <param name="Key">Person slug for mentions and quotes, evidence number for date evidence.</param>
/// <param name="Label">What a reader is told on hover (a quote's speaker), in the interface language.</param>
public sealed record TextMark(int Start, int End, MarkKind Kind, string? Key = null, string? Label = null);

/// <summary>A run of text and the marks that cover all of it.</summary>
/// <param name="StartsMark">Marks that begin at this segment (where an anchor for a link target goes).</param>
public sealed record Segment(string Text, int Start, IReadOnlyList<TextMark> Marks, IReadOnlyList<TextMark> StartsMark);

public static class TextMarks
{
    /// <summary>
    /// Cuts <c>text[start..end)</c> at every mark boundary, so overlapping marks (a hit inside a quote inside a
    /// line) render as nested spans without crossing tags.
    /// </summary>
    /// <param name="offset">Where <paramref name="text"/> starts in the source the offsets refer to (a part of a long article).</param>
    public static IReadOnlyList<Segment> Split(string text, int start, int end, IReadOnlyList<TextMark> marks, int offset = 0)
    {
        var inRange = marks.Where(m => m.End > start && m.Start < end && m.End > m.Start).ToList();
        var cuts = new SortedSet<int> { start, end };
        foreach (var m in inRange)
        {
            cuts.Add(Math.Clamp(m.Start, start, end));
            cuts.Add(Math.Clamp(m.End, start, end));
        }
        var points = cuts.ToList();
        var result = new List<Segment>(points.Count);
        for (var i = 0; i + 1 < points.Count; i++)
        {
            var (s, e) = (points[i], points[i + 1]);
            var covering = inRange.Where(m => m.Start <= s && m.End >= e).OrderBy(m => m.Kind).ToList();
            var starting = covering.Where(m => m.Start == s).ToList();
            result.Add(new Segment(text[(s - offset)..(e - offset)], s, covering, starting));
        }
        return result;
    }

    /// <summary>Line start offsets and lengths (terminator excluded) of a text, as the source pane numbers them.</summary>
    public static IReadOnlyList<(int Start, int End)> Lines(string text)
    {
        var lines = new List<(int, int)>();
        var lineStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                var lineEnd = i > lineStart && text[i - 1] == '\r' ? i - 1 : i;
                lines.Add((lineStart, lineEnd));
                lineStart = i + 1;
            }
        }
        if (lineStart < text.Length)
        {
            lines.Add((lineStart, text.Length));
        }
        return lines;
    }
}
