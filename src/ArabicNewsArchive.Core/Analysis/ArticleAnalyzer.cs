using ArabicNewsArchive.Articles;

namespace ArabicNewsArchive.Analysis;

/// <summary>
/// Runs every analysis (people, quotes, dates, topics) over one article's source text. Pure: it reads the article
/// and the reference data and returns facts; ingestion and re-analysis persist them.
/// </summary>
public sealed class ArticleAnalyzer(ReferenceData reference)
{
    public ReferenceData Reference { get; } = reference;

    /// <summary>Analyses an article whose <see cref="Article.SourceText"/> and paragraphs are set.</summary>
    public ArticleFacts Analyze(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        // The recognisers are wired in as they land (people, quotes, dates, topics).
        return new ArticleFacts();
    }
}
