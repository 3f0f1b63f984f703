using ArabicNewsArchive.Articles;
using ArabicNewsArchive.People;
using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.Analysis;

/// <summary>
/// Runs every analysis (people, quotes, dates, topics) over one article's source text. Pure: it reads the article
/// and the reference data and returns facts; ingestion and re-analysis persist them.
/// </summary>
public sealed class ArticleAnalyzer(ReferenceData reference)
{
    private readonly PersonRecognizer _people = new(reference.People);

    public ReferenceData Reference { get; } = reference;

    /// <summary>Analyses an article whose <see cref="Article.SourceText"/> and paragraphs are set.</summary>
    public ArticleFacts Analyze(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        // The recognisers are wired in as they land (people, quotes, dates, topics).
        var text = article.SourceText;
        var tokens = ArabicTokenizer.Tokenize(text);
        return new ArticleFacts
        {
            Mentions = _people.FindMentions(text, tokens),
            Quotes = new QuoteExtractor(_people).Extract(text, tokens),
            Candidates = _people.FindCandidates(text, tokens),
        };
    }
}
