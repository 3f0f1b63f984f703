using System.Text;
using System.Text.RegularExpressions;
using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Outlets;
using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.Ingestion;

/// <summary>Where the text named its outlet: the phrase, its offsets in the source text, and the name in it.</summary>
/// <param name="Name">The outlet name as written in the cue ("الميادين نت").</param>
/// <param name="Known">The catalog entry the name matched, or null for an outlet the catalog does not know.</param>
public sealed record OutletCue(string Name, OutletEntry? Known, string Evidence, int Start, int End);

/// <summary>The cleaned article: paragraphs covering the source, the headline, the body as Markdown.</summary>
public sealed record CleanedArticle(
    IReadOnlyList<Paragraph> Paragraphs,
    string Title,
    int? TitleStart,
    int? TitleEnd,
    bool TitleIsHeadline,
    string BodyMarkdown,
    OutletCue? Outlet);

/// <summary>
/// Splits a source text into paragraphs (one per non-blank line; runs of blank lines form one blank paragraph),
/// tells web furniture from the article, finds the headline, dateline and outlet cues, and writes the body as
/// escaped Markdown. The rules are general, not tied to line numbers; they are listed in docs/ingestion.md.
/// </summary>
public static partial class ArticleCleaner
{
    /// <summary>A first line longer than this is a paragraph, not a headline.</summary>
    public const int MaxHeadlineLength = 150;

    /// <summary>A derived title (no headline line) is cut at a word boundary near this length.</summary>
    public const int MaxDerivedTitleLength = 120;

    /// <summary>A stand-alone line of at most this many words (and no closing punctuation) is a subheading.</summary>
    public const int MaxHeadingWords = 6;

    public static CleanedArticle Clean(string articleId, string source, OutletCatalog outlets, bool markdown = false, FrontMatter? frontMatter = null)
    {
        var bodyStart = frontMatter?.End ?? 0;
        var lines = SourceLine.Split(source, bodyStart, (frontMatter?.LineCount ?? 0) + 1);
        var texts = lines.Select(l => Tidy(source[l.Start..l.ContentEnd])).ToArray();
        var kinds = new ParagraphKind?[lines.Count];
        var reasons = new string?[lines.Count];

        for (var i = 0; i < lines.Count; i++)
        {
            if (texts[i].Length == 0)
            {
                kinds[i] = ParagraphKind.Blank;
            }
            else if (BoilerplateReason(texts[i]) is { } reason)
            {
                (kinds[i], reasons[i]) = (ParagraphKind.Boilerplate, reason);
            }
        }

        KeepBulletBody(texts, kinds, reasons);
        MarkRepeatedLines(texts, kinds, reasons);

        OutletCue? cue = null;
        int? title = null;
        var firstContent = Array.FindIndex(kinds, k => k is null);
        if (firstContent >= 0 && IsHeadline(texts[firstContent], markdown) && HasContentAfter(kinds, firstContent))
        {
            title = firstContent;
            kinds[firstContent] = ParagraphKind.Title;
        }

        // Datelines ("دبي- الشرق") stand between the headline and the first paragraph of the body.
        for (var i = 0; i < lines.Count; i++)
        {
            if (kinds[i] is not null)
            {
                continue;
            }

            if (DatelineCue(source, lines[i], texts[i], outlets, requireKnown: title is null) is { } dateline)
            {
                kinds[i] = ParagraphKind.Dateline;
                cue = dateline;
            }

            break;
        }

        var firstBody = Array.FindIndex(kinds, k => k is null);
        if (firstBody >= 0 && cue is null)
        {
            cue = LeadingCue(source, lines[firstBody], outlets);
        }

        for (var i = 0; i < lines.Count; i++)
        {
            if (kinds[i] is null)
            {
                kinds[i] = IsHeading(texts[i], markdown) && HasContentAfter(kinds, i) ? ParagraphKind.Heading : ParagraphKind.Body;
            }
        }

        // The trailing "المصدر: ..." line names the outlet when nothing earlier did.
        if (cue is null)
        {
            for (var i = lines.Count - 1; i >= 0 && cue is null; i--)
            {
                if (reasons[i] == SourceLineReason)
                {
                    cue = SourceCue(source, lines[i], outlets);
                }
            }
        }

        var paragraphs = BuildParagraphs(articleId, source, frontMatter, lines, texts, kinds, reasons, firstBody, cue);
        var (titleText, titleStart, titleEnd) = title is { } t
            ? (StripHeadingMarks(texts[t]), lines[t].Start + LeadingWhitespace(source, lines[t]), lines[t].ContentEnd - TrailingWhitespace(source, lines[t]))
            : DeriveTitle(source, paragraphs, cue);

        return new CleanedArticle(paragraphs, titleText, titleStart, titleEnd, title is not null, BodyMarkdownOf(paragraphs), cue);
    }

    private const string SourceLineReason = "source line (المصدر)";

    private const string BulletReason = "bullet caption";

    private const string PhotoCreditReason = "image caption (photo credit)";

    /// <summary>Why a line is web furniture rather than article text, or null when it is not.</summary>
    internal static string? BoilerplateReason(string line)
    {
        var n = ArabicNormalizer.Normalize(line).Trim();
        if (ReadingTime().IsMatch(n))
        {
            return "reading-time widget";
        }

        if (RelatedLinks().IsMatch(n))
        {
            return "related link (اقرأ أيضاً)";
        }

        if (Categories().IsMatch(n))
        {
            return "category/tag list";
        }

        if (SourcePrefix().IsMatch(n))
        {
            return SourceLineReason;
        }

        if (line.TrimStart().StartsWith('•'))
        {
            return BulletReason;
        }

        return PhotoCredit().IsMatch(line) ? PhotoCreditReason : null;
    }

    /// <summary>
    /// A bullet line is a picture caption beside a body; when the bullets hold more of the text than the other
    /// lines (the headline aside), they are the body: an article written as a list of points.
    /// </summary>
    private static void KeepBulletBody(string[] texts, ParagraphKind?[] kinds, string?[] reasons)
    {
        var bullets = 0;
        var rest = 0;
        var headlineSkipped = false;
        for (var i = 0; i < texts.Length; i++)
        {
            if (reasons[i] == BulletReason)
            {
                bullets += texts[i].Length;
            }
            else if (kinds[i] is null)
            {
                if (!headlineSkipped)
                {
                    headlineSkipped = true;
                    continue;
                }

                rest += texts[i].Length;
            }
        }

        if (bullets == 0 || bullets <= rest)
        {
            return;
        }

        for (var i = 0; i < texts.Length; i++)
        {
            if (reasons[i] == BulletReason)
            {
                (kinds[i], reasons[i]) = (null, null);
            }
        }
    }

    /// <summary>
    /// A line printed twice in a row (blank lines between allowed) is a picture caption the page repeated:
    /// both copies are furniture, since neither belongs to the article's prose.
    /// </summary>
    private static void MarkRepeatedLines(string[] texts, ParagraphKind?[] kinds, string?[] reasons)
    {
        var previous = -1;
        for (var i = 0; i < texts.Length; i++)
        {
            if (texts[i].Length == 0)
            {
                continue;
            }

            if (previous >= 0 && texts[previous] == texts[i])
            {
                foreach (var j in new[] { previous, i })
                {
                    kinds[j] = ParagraphKind.Boilerplate;
                    if (reasons[j] is null || reasons[j] == PhotoCreditReason)
                    {
                        reasons[j] = "image caption (printed twice)";
                    }
                }
            }

            previous = i;
        }
    }

    private static bool IsHeadline(string text, bool markdown)
    {
        if (markdown && text.StartsWith("# ", StringComparison.Ordinal))
        {
            return true;
        }

        return text.Length <= MaxHeadlineLength
            && WordCount(text) <= 25
            && !EndsClause(text)
            && !LeadsWithOutletDash(text);
    }

    private static bool LeadsWithOutletDash(string text) => OutletDashPrefix().IsMatch(text) && text.Length > 40;

    private static bool IsHeading(string text, bool markdown) =>
        (markdown && text.StartsWith('#'))
        || (WordCount(text) <= MaxHeadingWords && text.Length <= 50 && !EndsClause(text));

    /// <summary>Lines ending like this continue or close a sentence: not headlines or headings.</summary>
    private static bool EndsClause(string text) => text[^1] is '.' or ':' or '،' or ',' or ';' or '؛' or '…';

    private static bool HasContentAfter(ParagraphKind?[] kinds, int index)
    {
        for (var i = index + 1; i < kinds.Length; i++)
        {
            if (kinds[i] is null or ParagraphKind.Body or ParagraphKind.Heading)
            {
                return true;
            }
        }

        return false;
    }

    private static OutletCue? DatelineCue(string source, SourceLine line, string text, OutletCatalog outlets, bool requireKnown)
    {
        var m = Dateline().Match(text);
        if (!m.Success)
        {
            return null;
        }

        var name = m.Groups["outlet"].Value.Trim();
        var known = outlets.Find(name);
        if (known is null && (requireKnown || IsGenericSourceWord(name)))
        {
            return null;
        }

        var start = line.Start + LeadingWhitespace(source, line);
        var end = line.ContentEnd - TrailingWhitespace(source, line);
        return new OutletCue(name, known, source[start..end], start, end);
    }

    /// <summary>"الوقت-صرّح ...": a known outlet name glued to the first paragraph by a dash.</summary>
    private static OutletCue? LeadingCue(string source, SourceLine line, OutletCatalog outlets)
    {
        var start = line.Start + LeadingWhitespace(source, line);
        var text = source[start..line.ContentEnd];
        if (outlets.MatchPrefix(text) is not { } match)
        {
            // An unknown word before a dash is more often a city ("موسكو- ...") than an outlet: not a cue.
            return null;
        }

        var after = match.Length;
        while (after < text.Length && text[after] is ' ' or '\t')
        {
            after++;
        }

        if (after >= text.Length || text[after] is not ('-' or '–' or '—'))
        {
            return null;
        }

        return new OutletCue(text[..match.Length], match.Entry, text[..(after + 1)], start, start + after + 1);
    }

    /// <summary>"المصدر: الميادين نت + وكالات": the first source named, without a trailing "نت"/"net".</summary>
    private static OutletCue? SourceCue(string source, SourceLine line, OutletCatalog outlets)
    {
        var start = line.Start + LeadingWhitespace(source, line);
        var text = source[start..line.ContentEnd];
        var colon = text.IndexOfAny([':', '：']);
        if (colon < 0)
        {
            return null;
        }

        var nameStart = colon + 1;
        while (nameStart < text.Length && char.IsWhiteSpace(text[nameStart]))
        {
            nameStart++;
        }

        var nameEnd = text.IndexOfAny(['+', '،', ',', '/', '|', '(', '-'], nameStart);
        if (nameEnd < 0)
        {
            nameEnd = text.Length;
        }

        var name = text[nameStart..nameEnd].TrimEnd();
        if (name.Length == 0 || IsGenericSourceWord(name))
        {
            return null;
        }

        var known = outlets.Find(name) ?? outlets.Find(NetSuffix().Replace(name, ""));
        var unknownName = NetSuffix().Replace(name, "").Trim();
        var evidenceEnd = nameStart + name.Length;
        return new OutletCue(known is null ? unknownName : name, known, text[..evidenceEnd], start, start + evidenceEnd);
    }

    private static bool IsGenericSourceWord(string name) =>
        GenericSources().IsMatch(ArabicNormalizer.Normalize(name).Trim());

    private static List<Paragraph> BuildParagraphs(
        string articleId, string source, FrontMatter? frontMatter, List<SourceLine> lines, string[] texts,
        ParagraphKind?[] kinds, string?[] reasons, int firstBody, OutletCue? cue)
    {
        var paragraphs = new List<Paragraph>();
        if (frontMatter is not null)
        {
            paragraphs.Add(new Paragraph
            {
                ArticleId = articleId,
                Kind = ParagraphKind.Boilerplate,
                Reason = "YAML front matter",
                SourceStart = 0,
                SourceEnd = frontMatter.End,
                FirstLine = 1,
                LastLine = frontMatter.LineCount,
                Text = source[..frontMatter.End].Normalize(NormalizationForm.FormC).Replace("\r\n", "\n").Replace('\r', '\n').Trim(),
            });
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var kind = kinds[i]!.Value;
            var last = i;
            if (kind == ParagraphKind.Blank)
            {
                while (last + 1 < lines.Count && kinds[last + 1] == ParagraphKind.Blank)
                {
                    last++;
                }
            }

            var text = kind == ParagraphKind.Heading ? StripHeadingMarks(texts[i]) : texts[i];
            if (i == firstBody && cue is not null && cue.Start >= lines[i].Start && cue.End <= lines[i].ContentEnd)
            {
                // The outlet cue glued to the first paragraph is attribution, not prose: the reader gets the prose.
                text = Tidy(source[cue.End..lines[i].ContentEnd]);
            }

            paragraphs.Add(new Paragraph
            {
                ArticleId = articleId,
                Kind = kind,
                Reason = reasons[i],
                SourceStart = lines[i].Start,
                SourceEnd = lines[last].End,
                FirstLine = lines[i].Number,
                LastLine = lines[last].Number,
                Text = text,
            });
            i = last;
        }

        for (var i = 0; i < paragraphs.Count; i++)
        {
            paragraphs[i].Ordinal = i;
        }

        return paragraphs;
    }

    /// <summary>
    /// With no headline line, the title is the first sentence of the body (its outlet cue left out), cut at a word
    /// boundary when longer than <see cref="MaxDerivedTitleLength"/>; its offsets are those of the words used.
    /// </summary>
    private static (string Title, int? Start, int? End) DeriveTitle(string source, List<Paragraph> paragraphs, OutletCue? cue)
    {
        var first = paragraphs.FirstOrDefault(p => p.Kind == ParagraphKind.Body);
        if (first is null)
        {
            return ("", null, null);
        }

        var start = cue is not null && cue.Start >= first.SourceStart && cue.End <= first.SourceEnd ? cue.End : first.SourceStart;
        while (start < first.SourceEnd && char.IsWhiteSpace(source[start]))
        {
            start++;
        }

        var end = first.SourceEnd;
        while (end > start && char.IsWhiteSpace(source[end - 1]))
        {
            end--;
        }

        for (var i = start; i < end; i++)
        {
            if (source[i] is '.' or '؟' or '?' or '!' && (i + 1 == end || char.IsWhiteSpace(source[i + 1])))
            {
                end = i;
                break;
            }
        }

        var cut = false;
        if (end - start > MaxDerivedTitleLength)
        {
            var space = source.LastIndexOf(' ', start + MaxDerivedTitleLength, MaxDerivedTitleLength);
            end = space > start ? space : start + MaxDerivedTitleLength;
            cut = true;
        }

        while (end > start && source[end - 1] is '،' or ',' or ':' or '-' or '–' or ' ' or ';' or '؛')
        {
            end--;
        }

        var title = Tidy(source[start..end]);
        if (cut)
        {
            title += "…";
            // Close a quotation the cut left open, so the title never reads as a broken quote.
            if (title.Count(c => c == '"') % 2 == 1)
            {
                title += "\"";
            }
        }

        return (title, start, end);
    }

    private static string BodyMarkdownOf(List<Paragraph> paragraphs)
    {
        var sb = new StringBuilder();
        foreach (var p in paragraphs)
        {
            if (p.Kind is not (ParagraphKind.Body or ParagraphKind.Heading) || p.Text.Length == 0)
            {
                continue;
            }

            if (sb.Length > 0)
            {
                sb.Append("\n\n");
            }

            if (p.Kind == ParagraphKind.Heading)
            {
                sb.Append("## ");
            }

            MarkdownText.Escape(sb, p.Text);
        }

        return sb.ToString();
    }

    /// <summary>The reading form of a line: NFC, trimmed, inner runs of spaces kept as written.</summary>
    private static string Tidy(string line) => line.Normalize(NormalizationForm.FormC).Trim();

    private static string StripHeadingMarks(string text) => text.TrimStart('#').Trim();

    /// <summary>Runs of non-white-space, as <c>Split(null, RemoveEmptyEntries)</c> counts them, without making the words.</summary>
    private static int WordCount(string text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                inWord = false;
            }
            else if (!inWord)
            {
                inWord = true;
                count++;
            }
        }

        return count;
    }

    private static int LeadingWhitespace(string source, SourceLine line)
    {
        var n = 0;
        while (line.Start + n < line.ContentEnd && char.IsWhiteSpace(source[line.Start + n]))
        {
            n++;
        }

        return n;
    }

    private static int TrailingWhitespace(string source, SourceLine line)
    {
        var n = 0;
        while (line.ContentEnd - n > line.Start && char.IsWhiteSpace(source[line.ContentEnd - n - 1]))
        {
            n++;
        }

        return n;
    }

    // The patterns run on ArabicNormalizer output (hamza/alef folded, tashkeel and tatweel gone, Latin lower-cased).
    [GeneratedRegex(@"^(time reading icon|reading time\b|\d*\s*(دقيقه|دقايق|دقائق)\s+(لل)?قراءه|(دقايق|دقائق|وقت)\s+القراءه)")]
    private static partial Regex ReadingTime();

    [GeneratedRegex(@"^(اقرا|اقرء|طالع|شاهد)\s+(ايضا|كذلك|المزيد)\b\s*:?")]
    private static partial Regex RelatedLinks();

    [GeneratedRegex(@"^(تصنيفات|التصنيفات|الوسوم|وسوم|كلمات مفتاحيه|الكلمات المفتاحيه|tags|categories)\s*(:.*)?$")]
    private static partial Regex Categories();

    [GeneratedRegex(@"^المصدر\s*:")]
    private static partial Regex SourcePrefix();

    [GeneratedRegex(@"[-–—]\s*(REUTERS|Reuters|AFP|AP|EPA|Getty Images|GETTY|رويترز|أ ف ب|ا ف ب|فرانس برس)\s*\.?\s*$")]
    private static partial Regex PhotoCredit();

    // CITY- OUTLET: one to three words each side of a dash, nothing else on the line.
    [GeneratedRegex(@"^(?<city>[\p{L}\p{M}]+(?:\s+[\p{L}\p{M}]+){0,2})\s*[-–—]\s*(?<outlet>[\p{L}\p{M}]+(?:\s+[\p{L}\p{M}]+){0,2})$")]
    private static partial Regex Dateline();

    [GeneratedRegex(@"^[\p{L}\p{M}]+(?:\s[\p{L}\p{M}]+)?\s*[-–—]")]
    private static partial Regex OutletDashPrefix();

    [GeneratedRegex(@"\s+(نت|net)$", RegexOptions.IgnoreCase)]
    private static partial Regex NetSuffix();

    [GeneratedRegex(@"^(وكالات|وكاله|مواقع|متابعات|وسائل اعلام|agencies|wires)$")]
    private static partial Regex GenericSources();
}
