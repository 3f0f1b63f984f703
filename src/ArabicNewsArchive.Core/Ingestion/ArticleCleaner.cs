using System.Text;
using System.Text.RegularExpressions;
using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Outlets;
using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.Ingestion;

/// <summary>Where the text named its outlet: the phrase, its offsets in the source text, and the name in it.</summary>
/// <param name="Name">The outlet name as written in the cue ("الميادين نت").</param>
/// <param name="Known">The catalog entry the name matched, or null for an outlet the catalog does not know.</param>
/// <param name="PlaceCountry">The country of the place the dateline named beside the outlet, when it named one.</param>
public sealed record OutletCue(string Name, OutletEntry? Known, string Evidence, int Start, int End, string? PlaceCountry = null);

/// <summary>The cleaned article: paragraphs covering the source, the headline, the body as Markdown.</summary>
public sealed record CleanedArticle(
    IReadOnlyList<Paragraph> Paragraphs,
    string Title,
    int? TitleStart,
    int? TitleEnd,
    bool TitleIsHeadline,
    OutletCue? Outlet)
{
    /// <summary>The news agency the text credits ("(واس)", "بيروت (رويترز) -", "المصدر: وكالات + واس"), if any.</summary>
    public OutletCue? Agency { get; init; }

    /// <summary>
    /// The body as escaped Markdown, written when asked: the store keeps the paragraphs' offsets and the pages write
    /// the Markdown from them (ArticleText.BodyMarkdown), so ingestion, which wrote it for every article and dropped
    /// it, no longer does.
    /// </summary>
    public string BodyMarkdown => ArticleText.BodyMarkdown(Paragraphs.Select(p => (p.Kind, p.Text)));
}

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

        int? title = null;
        var firstContent = Array.FindIndex(kinds, k => k is null);
        if (firstContent >= 0 && IsHeadline(texts[firstContent], markdown) && HasContentAfter(kinds, firstContent))
        {
            title = firstContent;
            kinds[firstContent] = ParagraphKind.Title;
        }

        // Every place the text credits an outlet or an agency, strongest position first: the dateline, the opening
        // of the first paragraph, the closing credit, the "المصدر:" line.
        var cues = new List<OutletCue>();

        // Datelines ("دبي- الشرق", "سبق – الرياض") stand between the headline and the first paragraph of the body.
        for (var i = 0; i < lines.Count; i++)
        {
            if (kinds[i] is not null)
            {
                continue;
            }

            if (DatelineCue(source, lines[i], texts[i], outlets) is { } dateline)
            {
                kinds[i] = ParagraphKind.Dateline;
                cues.Add(dateline);
            }

            break;
        }

        var firstBody = Array.FindIndex(kinds, k => k is null);
        if (firstBody >= 0)
        {
            cues.AddRange(LeadingCues(source, lines[firstBody], outlets));
        }

        for (var i = 0; i < lines.Count; i++)
        {
            if (kinds[i] is null)
            {
                kinds[i] = IsHeading(texts[i], markdown) && HasContentAfter(kinds, i) ? ParagraphKind.Heading : ParagraphKind.Body;
            }
        }

        cues.AddRange(TrailingCues(source, lines, kinds, outlets));
        for (var i = lines.Count - 1; i >= 0; i--)
        {
            if (reasons[i] == SourceLineReason)
            {
                cues.AddRange(SourceCues(source, lines[i], outlets));
            }
        }

        // An agency is a credit of its own, not the outlet: the outlet is the first cue that is not an agency.
        var cue = cues.FirstOrDefault(c => c.Known is not { IsAgency: true });
        var agency = cues.FirstOrDefault(c => c.Known is { IsAgency: true });

        var paragraphs = BuildParagraphs(articleId, source, frontMatter, lines, texts, kinds, reasons, firstBody, cue);
        var (titleText, titleStart, titleEnd) = title is { } t
            ? (StripHeadingMarks(texts[t]), lines[t].Start + LeadingWhitespace(source, lines[t]), lines[t].ContentEnd - TrailingWhitespace(source, lines[t]))
            : DeriveTitle(source, paragraphs, cue);

        return new CleanedArticle(paragraphs, titleText, titleStart, titleEnd, title is not null, cue) { Agency = agency };
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

    /// <summary>
    /// A line that is only "PLACE – OUTLET" or "OUTLET – PLACE" ("دبي- الشرق", "سبق – الرياض"). The outlet side must
    /// be a known outlet that is not a place: an unknown word beside a place is as often a reporter as an outlet.
    /// </summary>
    private static OutletCue? DatelineCue(string source, SourceLine line, string text, OutletCatalog outlets)
    {
        var m = Dateline().Match(text);
        if (!m.Success || PickSide(m.Groups["a"].Value, m.Groups["b"].Value, outlets) is not { } side)
        {
            return null;
        }

        var start = line.Start + LeadingWhitespace(source, line);
        var end = line.ContentEnd - TrailingWhitespace(source, line);
        return new OutletCue(side.Name, side.Entry, source[start..end], start, end, side.Country);
    }

    /// <summary>
    /// Of the two sides of a dateline, the known outlet that is not a place, resolved with the place's country
    /// (الجزيرة beside الرياض is the Saudi daily); the side after the dash first, as Arabic datelines write it.
    /// </summary>
    private static (string Name, OutletEntry Entry, string? Country)? PickSide(string a, string b, OutletCatalog outlets)
    {
        (a, b) = (a.Trim(), b.Trim());
        var (placeA, placeB) = (outlets.Places.CountryOf(a), outlets.Places.CountryOf(b));
        foreach (var (name, otherPlace, isPlace) in new[] { (b, placeA, placeB is not null), (a, placeB, placeA is not null) })
        {
            if (!isPlace && !IsGenericSourceWord(name) && outlets.Resolve(name, null, otherPlace) is { } entry)
            {
                return (name, entry, otherPlace);
            }
        }

        return null;
    }

    /// <summary>
    /// Credits at the opening of the first paragraph: "الرياض – سبق:" / "سبق – الرياض:", "بيروت (رويترز) -",
    /// "الوقت-صرّح ..." (a known outlet glued by a dash), and an agency named among the first words after a place
    /// ("الرياض 12 ربيع الأول 1436 هـ ... واس").
    /// </summary>
    private static List<OutletCue> LeadingCues(string source, SourceLine line, OutletCatalog outlets)
    {
        var cues = new List<OutletCue>();
        var start = line.Start + LeadingWhitespace(source, line);
        var text = source[start..line.ContentEnd];

        if (GluedDateline().Match(text) is { Success: true } pair && PickSide(pair.Groups["a"].Value, pair.Groups["b"].Value, outlets) is { } side)
        {
            cues.Add(new OutletCue(side.Name, side.Entry, text[..pair.Length], start, start + pair.Length, side.Country));
        }
        else if (ParenthesisedCredit().Match(text) is { Success: true } paren && Known(paren.Groups["x"].Value, outlets) is { } credited
            && OpensWithPlace(paren.Groups["a"].Value, paren.Groups["sep"].Success, outlets))
        {
            var place = outlets.Places.CountryOf(paren.Groups["a"].Value.Split('،', ',')[0]);
            var entry = outlets.Resolve(paren.Groups["x"].Value.Trim(), null, place) ?? credited;
            cues.Add(new OutletCue(paren.Groups["x"].Value.Trim(), entry, text[..paren.Length].TrimEnd(), start, start + paren.Length, place));
        }
        else if (outlets.MatchPrefix(text) is { } match && !outlets.Places.IsPlace(text[..match.Length]))
        {
            var after = match.Length;
            while (after < text.Length && text[after] is ' ' or '\t')
            {
                after++;
            }

            if (after < text.Length && text[after] is '-' or '–' or '—')
            {
                // An unknown word before a dash is more often a city ("موسكو- ...") than an outlet: known names only.
                cues.Add(new OutletCue(text[..match.Length], match.Entry, text[..(after + 1)], start, start + after + 1));
            }
        }

        if (cues.Count == 0 || cues[0].Known is not { IsAgency: true })
        {
            if (AgencyAfterPlace(text, outlets) is { } agency)
            {
                cues.Add(agency with { Start = start + agency.Start, End = start + agency.End });
            }
        }

        return cues;
    }

    /// <summary>
    /// What stands before a bracketed credit is a dateline: nothing, or a place ("دبي، الإمارات العربية المتحدة
    /// (CNN) --" names دبي first) followed by a dash or colon; "قالت مراسلة لشبكة (سي إن إن)" is a sentence.
    /// </summary>
    private static bool OpensWithPlace(string before, bool separated, OutletCatalog outlets)
    {
        before = before.Trim();
        return before.Length == 0 || (separated && outlets.Places.IsPlace(before.Split('،', ',')[0].Trim()));
    }

    /// <summary>The words <see cref="AgencyAfterPlace"/> reads: a place of at most two, then sixteen.</summary>
    private const int AgencyWords = 2 + 16;

    /// <summary>"الرياض 12 ربيع الأول 1436 هـ الموافق 03 يناير 2015 م واس ...": an agency among the first words after a place.</summary>
    private static OutletCue? AgencyAfterPlace(string text, OutletCatalog outlets)
    {
        // Only the first words are read (a place of two words, then sixteen): matching every word of the paragraph,
        // each match an object, was 3 % of what ingestion allocated.
        Span<(int Index, int Length)> words = stackalloc (int, int)[AgencyWords];
        var count = 0;
        foreach (var word in WordStarts().EnumerateMatches(text))
        {
            words[count++] = (word.Index, word.Length);
            if (count == AgencyWords)
            {
                break;
            }
        }

        words = words[..count];
        if (words.Length < 2)
        {
            return null;
        }

        // The place is one or two words at the very start.
        string? country = null;
        var first = 0;
        for (var n = 2; n >= 1 && country is null; n--)
        {
            if (words.Length > n)
            {
                var candidate = text[..(words[n - 1].Index + words[n - 1].Length)];
                if (outlets.Places.CountryOf(candidate) is { } c)
                {
                    (country, first) = (c, n);
                }
            }
        }

        if (country is null)
        {
            return null;
        }

        for (var w = first; w < Math.Min(words.Length, first + 16); w++)
        {
            var rest = text[words[w].Index..];
            if (outlets.MatchPrefix(rest) is { } m && m.Entry.IsAgency && !outlets.Places.IsPlace(rest[..m.Length]))
            {
                var entry = outlets.Resolve(rest[..m.Length], null, country) ?? m.Entry;
                return new OutletCue(rest[..m.Length], entry, rest[..m.Length], words[w].Index, words[w].Index + m.Length, country);
            }
        }

        return null;
    }

    /// <summary>
    /// Closing credits of the last body lines: "... المقبل. (واس)", "... – سبق", a line that is only "(واس)" or "سبق".
    /// </summary>
    private static List<OutletCue> TrailingCues(string source, List<SourceLine> lines, ParagraphKind?[] kinds, OutletCatalog outlets)
    {
        var cues = new List<OutletCue>();
        var seen = 0;
        for (var i = lines.Count - 1; i >= 0 && seen < 2; i--)
        {
            if (kinds[i] is not (ParagraphKind.Body or ParagraphKind.Heading))
            {
                continue;
            }

            seen++;
            var start = lines[i].Start + LeadingWhitespace(source, lines[i]);
            var end = lines[i].ContentEnd - TrailingWhitespace(source, lines[i]);
            var text = source[start..end];
            var m = TrailingCredit().Match(text);
            // A closing "(X)" credits an agency; an outlet in brackets at the end of a sentence is the story's
            // source ("... قالت شبكة (سي إن إن)"), not the publisher: only "– سبق" or a line of its own names that.
            var bracketed = m.Success && m.Value.TrimStart().StartsWith('(') && !m.Value.Contains('-', StringComparison.Ordinal);
            if (m.Success && Known(m.Groups["x"].Value, outlets) is { } entry && (entry.IsAgency || !bracketed))
            {
                var x = m.Groups["x"];
                cues.Add(new OutletCue(x.Value.Trim(), entry, text[m.Index..].Trim(), start + m.Index, end));
            }
        }

        return cues;
    }

    /// <summary>The known outlet a credit names, when it is one and not a place or a generic word ("وكالات").</summary>
    private static OutletEntry? Known(string name, OutletCatalog outlets)
    {
        name = name.Trim();
        return name.Length == 0 || outlets.Places.IsPlace(name) || IsGenericSourceWord(name) ? null : outlets.Find(name);
    }

    /// <summary>
    /// "المصدر: الميادين نت + وكالات": every source named (an outlet and an agency may both be), each without a
    /// trailing "نت"/"net". An unknown first name is kept (the line says it is a source); unknown later names are not.
    /// </summary>
    private static List<OutletCue> SourceCues(string source, SourceLine line, OutletCatalog outlets)
    {
        var cues = new List<OutletCue>();
        var start = line.Start + LeadingWhitespace(source, line);
        var text = source[start..line.ContentEnd];
        var colon = text.IndexOfAny([':', '：']);
        if (colon < 0)
        {
            return cues;
        }

        var nameStart = colon + 1;
        while (nameStart < text.Length)
        {
            while (nameStart < text.Length && char.IsWhiteSpace(text[nameStart]))
            {
                nameStart++;
            }

            var nameEnd = text.IndexOfAny(['+', '،', ',', '/', '|', '(', ')', '-'], nameStart);
            if (nameEnd < 0)
            {
                nameEnd = text.Length;
            }

            var name = text[nameStart..nameEnd].TrimEnd();
            if (name.Length > 0 && !IsGenericSourceWord(name) && !outlets.Places.IsPlace(name))
            {
                var known = outlets.Find(name) ?? outlets.Find(NetSuffix().Replace(name, ""));
                if (known is not null || nameStart == FirstName(text, colon))
                {
                    var unknownName = NetSuffix().Replace(name, "").Trim();
                    var evidenceEnd = nameStart + name.Length;
                    cues.Add(new OutletCue(known is null ? unknownName : name, known, text[..evidenceEnd], start, start + evidenceEnd));
                }
            }

            nameStart = nameEnd + 1;
        }

        return cues;
    }

    private static int FirstName(string text, int colon)
    {
        var i = colon + 1;
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
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

        ArticleText.KeepOnlyUnderivable(source, paragraphs);
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

    // PLACE – OUTLET or OUTLET – PLACE: one to three words each side of a dash, nothing else on the line.
    [GeneratedRegex(@"^(?<a>[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}.]*(?:\s+[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}.]*){0,2})\s*[-–—]\s*(?<b>[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}.]*(?:\s+[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}.]*){0,2})$")]
    private static partial Regex Dateline();

    // The same pair opening a paragraph and closed by a colon, comma or dash: "الرياض – سبق: أعلنت ...".
    [GeneratedRegex(@"^(?<a>[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}.]*(?:\s+[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}.]*){0,2})\s*[-–—]\s*(?<b>[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}.]*(?:\s+[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}.]*){0,2})\s*[:：،,\-–—]")]
    private static partial Regex GluedDateline();

    // "بيروت (رويترز) -", "دبي، الإمارات العربية المتحدة (CNN) --", "(واس) -": a credit in brackets opening the paragraph.
    [GeneratedRegex(@"^(?<a>[\p{L}\p{M}]+(?:[\s،,]+[\p{L}\p{M}]+){0,4})?\s*\(\s*(?<x>[^()\n]{1,40}?)\s*\)\s*(?<sep>[-–—:：])?")]
    private static partial Regex ParenthesisedCredit();

    // A closing credit: "(واس)" or "– سبق" at the end of a line, or a line that is only the name.
    [GeneratedRegex(@"(?:\(\s*(?<x>[^()\n]{1,40}?)\s*\)|(?:^|\s)[-–—ـ]\s*(?<x>[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}.]*(?:\s+[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}.]*){0,2})|^(?<x>[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}.]*(?:\s+[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}.]*){0,2}))\s*[.۔]?\s*$")]
    private static partial Regex TrailingCredit();

    [GeneratedRegex(@"[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}.]*")]
    private static partial Regex WordStarts();

    [GeneratedRegex(@"^[\p{L}\p{M}]+(?:\s[\p{L}\p{M}]+)?\s*[-–—]")]
    private static partial Regex OutletDashPrefix();

    [GeneratedRegex(@"\s+(نت|net)$", RegexOptions.IgnoreCase)]
    private static partial Regex NetSuffix();

    [GeneratedRegex(@"^(وكالات|وكاله|مواقع|متابعات|وسائل اعلام|agencies|wires)$")]
    private static partial Regex GenericSources();
}
