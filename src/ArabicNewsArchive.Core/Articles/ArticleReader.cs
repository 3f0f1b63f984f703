namespace ArabicNewsArchive.Articles;

/// <summary>
/// What the reading view needs beyond the API's <c>ArticleDetail</c>: the paragraph map between the source and the
/// reading text, why each topic was assigned, the quotes, and the story (read by
/// <see cref="Search.SearchService.GetArticleViewAsync"/>).
/// </summary>
public sealed record ArticleExtras(
    IReadOnlyList<ParagraphView> Paragraphs,
    IReadOnlyList<TopicReason> Topics,
    IReadOnlyList<QuoteView> Quotes,
    StoryView? Story,
    EvidenceView? OutletEvidence,
    string? Url,
    int Revision,
    FactSource DateSource);

public sealed record ParagraphView(
    int Ordinal, ParagraphKind Kind, string? Reason, int SourceStart, int SourceEnd, int FirstLine, int LastLine, string Text);

public sealed record EvidenceView(int Start, int End, string Text, double Weight);

public sealed record TopicReason(string Slug, string NameAr, string NameEn, double Score, IReadOnlyList<EvidenceView> Evidence);

public sealed record QuoteView(string PersonSlug, int Start, int End, string Text, int CueStart, int CueEnd);

public sealed record StoryView(int Id, string Label, IReadOnlyList<string> OtherArticleIds);

public sealed record ArticleHeading(string Id, string Title, string? OutletAr, string? OutletEn, DateOnly? Published, DatePrecision Precision)
{
    public string PrecisionName => Precision.ToString().ToLowerInvariant();
}

/// <summary>
/// The article page's read model (<see cref="Search.SearchService.GetArticleViewAsync"/>): one part of the article
/// with everything shown beside it, small enough to persist across the prerender and the circuit.
/// </summary>
public sealed record ArticleView(
    Search.ArticleDetail Article,
    ArticleExtras Extras,
    IReadOnlyList<ArticleHeading> Related,
    IReadOnlyList<ArticleHeading> Similar,
    ArticlePart Part);
