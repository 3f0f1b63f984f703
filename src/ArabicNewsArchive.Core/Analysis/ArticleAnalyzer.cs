using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Dates;
using ArabicNewsArchive.People;
using ArabicNewsArchive.Search;
using ArabicNewsArchive.Stories;
using ArabicNewsArchive.Text;
using ArabicNewsArchive.Topics;

namespace ArabicNewsArchive.Analysis;

/// <summary>
/// Runs every analysis (people, quotes, dates, topics) over one article's source text. Pure: it reads the article
/// and the reference data and returns facts; ingestion and re-analysis persist them.
/// </summary>
public sealed class ArticleAnalyzer(ReferenceData reference)
{
    private readonly PersonRecognizer _people = new(reference.People);
    private readonly PublicationDateInference _dates = new(reference.DatedEvents);
    private Workspace? _workspace = new();

    private PersonLinker? _linker;

    private readonly TopicClassifier? _topics = reference.TopicCatalog is { } catalog ? new TopicClassifier(catalog) : null;

    public ReferenceData Reference { get; } = reference;

    /// <summary>Analyses an article whose <see cref="Article.SourceText"/> and paragraphs are set.</summary>
    public ArticleFacts Analyze(Article article) => Analyze(article, withTerms: false, out _);

    /// <summary>
    /// As <see cref="Analyze(Article)"/>, and the article's search index terms (<see cref="SearchIndex.Terms(Article)"/>)
    /// from the same tokens: ingestion needs both, and the tokens hold every word normalised and stemmed.
    /// </summary>
    internal ArticleFacts Analyze(Article article, out SearchIndex.IndexTerms terms)
    {
        var facts = Analyze(article, withTerms: true, out var made);
        terms = made!;
        return facts;
    }

    private ArticleFacts Analyze(Article article, bool withTerms, out SearchIndex.IndexTerms? terms)
    {
        ArgumentNullException.ThrowIfNull(article);
        var text = article.SourceText;
        // Boilerplate is blanked, not cut, so every offset still points into the source text. Web furniture names
        // people and topics of other articles ("اقرأ أيضاً"); a picture caption, though, dates the event it shows.
        var prose = ProseOf(text, article.Paragraphs);
        // The dated text differs from the prose only where a caption was blanked. Most articles have none, but
        // front matter is boilerplate too, so masking twice gave two equal strings and tokenised both.
        var dated = article.Paragraphs.Any(IsCaption) ? DatedTextOf(text, article.Paragraphs) : prose;
        // The word cache is taken for the call, so two threads sharing an analyser never share one (the second
        // gets a new one; one of them is kept).
        var workspace = Interlocked.Exchange(ref _workspace, null) ?? new Workspace();
        var words = workspace.Words;
        var entries = workspace.Entries;
        entries.Clear();
        var tokens = ArabicTokenizer.Tokenize(prose, words, entries);
        terms = withTerms ? SearchIndex.Terms(article.Title, text, article.TitleStart, article.Paragraphs, tokens) : null;
        // Recognised once: mentions, discovered people and quotes all start from the same matches.
        // The tagger first: a curated one-word name matches by its phonetic key only inside a tagged name.
        var tagged = TaggedSpans(prose, tokens, entries);
        bool[]? personTokens = null;
        if (tagged is not null)
        {
            personTokens = new bool[tokens.Count];
            foreach (var span in tagged)
            {
                personTokens.AsSpan(span.FirstToken, span.LastToken - span.FirstToken + 1).Fill(true);
            }
        }

        var matches = _people.Recognize(prose, tokens, queryMode: false, personTokens, entries);
        _linker ??= new PersonLinker(Reference.Names, Reference.OutletCatalog.Places, _people.FirstNameWords, Reference.OutletCatalog);
        var linked = _linker.Link(prose, tokens, matches, tagged ?? CueSpans(prose, tokens, matches));
        var date = ReferenceEquals(dated, prose) ? _dates.Infer(dated, tokens, entries) : _dates.Infer(dated, ArabicTokenizer.Tokenize(dated, words));
        // Role references (الرئيس الصيني) name the holder the article names, else the one of the article's dates.
        var titles = _people.ResolveTitles(prose, tokens, matches, date.Earliest, date.Latest);
        var all = titles.Count == 0 && linked.Mentions.Count == 0 ? matches
            : [.. matches.Concat(linked.Mentions).Concat(titles).OrderBy(m => m.FirstToken)];
        var facts = new ArticleFacts
        {
            Mentions = PersonRecognizer.MentionsOf(all),
            Quotes = new QuoteExtractor(_people).Extract(prose, tokens, all),
            Discovered = linked.People,
            Topics = TopicsOf(prose, tokens, entries),
            // Cross-article refinement (a story partner fixing the year) happens after ingestion: StoryService.
            Date = date.Fact,
            DateEarliest = date.Earliest,
            DateLatest = date.Latest,
            // Counted here, on the parallel analysis side, so the story step never re-tokenises stored text.
            // The lead (title and first sentence) counts apart: what an event report leads with.
            StoryTerms = StoryClusterer.CountTerms(tokens, StoryClusterer.LeadEnd(prose, article.TitleEnd ?? 0),
                article.TitleStart is null && article.Title.Length > 0 ? ArabicTokenizer.Tokenize(article.Title) : null),
        };
        // Given back only now: the topic model keeps its memos on the cache's words.
        Volatile.Write(ref _workspace, workspace);
        return facts;
    }

    /// <summary>The word cache, and the list of the tokens' entries in it (reused: nothing of it outlives a call).</summary>
    private sealed class Workspace
    {
        public WordCache Words { get; } = new();

        public List<CachedWord?> Entries { get; } = new(1024);
    }

    /// <summary>The dossiers and IPTC topics the triggers find, and the IPTC topics the model assigns.</summary>
    private List<TopicFact> TopicsOf(string prose, List<Token> tokens, List<CachedWord?> words)
    {
        var facts = _topics?.Classify(prose, tokens, words).ToList() ?? [];
        if (Reference.IptcModel is { } model)
        {
            var have = facts.Select(f => f.TopicSlug).ToHashSet(StringComparer.Ordinal);
            facts.AddRange(model.Classify(prose, tokens, words).Where(f => !have.Contains(f.TopicSlug)));
        }

        return facts;
    }

    /// <summary>
    /// Where the text names people the curated list does not know: the person spans of the trained tagger
    /// (<see cref="ReferenceData.Tagger"/>), or without a model the names the title cue finder finds (a cue, its
    /// qualifiers, then two name words) at the confidence <see cref="CueConfidence"/>.
    /// </summary>
    private List<NameSpan>? TaggedSpans(string prose, IReadOnlyList<Token> tokens, List<CachedWord?> words) =>
        Reference.Tagger is { } tagger
            ? [.. tagger.Tag(prose, tokens, words, ArabicNewsArchive.People.Recognition.EntityKind.Person)
                .Select(s => new NameSpan(s.FirstToken, s.LastToken, s.Confidence))]
            : null;

    private IReadOnlyList<NameSpan> CueSpans(string prose, IReadOnlyList<Token> tokens, IReadOnlyList<PersonMatch> matches)
    {
        var candidates = _people.FindCandidates(prose, tokens, matches);
        if (candidates.Count == 0)
        {
            return [];
        }

        var spans = new List<NameSpan>(candidates.Count);
        foreach (var c in candidates)
        {
            var first = -1;
            var last = -1;
            for (var t = 0; t < tokens.Count && tokens[t].Start < c.End; t++)
            {
                if (tokens[t].Start >= c.Start)
                {
                    first = first < 0 ? t : first;
                    last = t;
                }
            }

            if (first >= 0)
            {
                spans.Add(new NameSpan(first, last, CueConfidence));
            }
        }

        return spans;
    }

    /// <summary>How sure a name after a title cue is a person's (it must then also hold a known name word).</summary>
    public const double CueConfidence = 0.6;

    /// <summary>The text the people, quotes and topics are read from: the source with all boilerplate blanked.</summary>
    internal static string ProseOf(string text, IReadOnlyList<Paragraph> paragraphs) =>
        Mask(text, paragraphs, p => p.Kind == ParagraphKind.Boilerplate);

    /// <summary>The text dates are read from: as <see cref="ProseOf"/>, but picture captions stay.</summary>
    internal static string DatedTextOf(string text, IReadOnlyList<Paragraph> paragraphs) =>
        Mask(text, paragraphs, p => p.Kind == ParagraphKind.Boilerplate && !IsCaption(p));

    private static bool IsCaption(Paragraph p) =>
        p.Kind == ParagraphKind.Boilerplate && p.Reason?.Contains("caption", StringComparison.Ordinal) == true;

    /// <summary>The text with the chosen paragraphs replaced by spaces (line breaks kept); the same string when none is chosen.</summary>
    internal static string Mask(string text, IReadOnlyList<Paragraph> paragraphs, Func<Paragraph, bool> hide)
    {
        var ranges = paragraphs.Where(hide).Select(p => (p.SourceStart, p.SourceEnd)).ToList();
        if (ranges.Count == 0)
        {
            return text;
        }

        // Written in place into the new string: a char array first would copy the whole text twice.
        return string.Create(text.Length, (text, ranges), static (chars, state) =>
        {
            state.text.CopyTo(chars);
            foreach (var (start, end) in state.ranges)
            {
                for (var i = Math.Max(0, start); i < Math.Min(end, chars.Length); i++)
                {
                    if (chars[i] is not ('\n' or '\r'))
                    {
                        chars[i] = ' ';
                    }
                }
            }
        });
    }
}
