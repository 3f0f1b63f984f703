using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Ingestion;

namespace ArabicNewsArchive.Outlets;

/// <summary>The outlet and agency of an article, where each came from, and the phrase that named it.</summary>
public sealed record OutletRecognition(
    Outlet? Outlet,
    FactSource Source,
    string? Evidence,
    int? EvidenceStart,
    int? EvidenceEnd,
    OutletEntry? Agency,
    string? AgencyEvidence,
    int? AgencyStart,
    int? AgencyEnd)
{
    /// <summary>Writes the outlet and agency facts onto <paramref name="article"/>.</summary>
    public void ApplyTo(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        article.OutletSlug = Outlet?.Slug;
        (article.OutletSource, article.OutletEvidence, article.OutletEvidenceStart, article.OutletEvidenceEnd) =
            (Outlet is null ? FactSource.Unknown : Source, Evidence, EvidenceStart, EvidenceEnd);
        (article.AgencySlug, article.AgencyEvidence, article.AgencyEvidenceStart, article.AgencyEvidenceEnd) =
            (Agency?.Outlet.Slug, AgencyEvidence, AgencyStart, AgencyEnd);
    }
}

/// <summary>
/// Decides an article's outlet and agency from what the file states and what its text credits, in this order:
/// front matter <c>outlet</c> (a slug, code, name or domain; one the catalogue does not know is kept as given),
/// the domain of front matter <c>url</c>, then the text's cues (<see cref="ArticleCleaner"/>: datelines in either
/// order, opening and closing credits, the "المصدر:" line). Agencies are credits, never the outlet, unless the
/// file is the agency's own item (stated, or its domain). Same-named outlets are told apart by the domain, then by
/// the country of the dateline's place or of the address.
/// </summary>
public static class OutletRecognizer
{
    /// <summary>Recognises the outlet of an article whose text was cleaned into <paramref name="cleaned"/>.</summary>
    public static OutletRecognition Recognize(string source, CleanedArticle cleaned, FrontMatter? front, OutletCatalog outlets)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(cleaned);
        ArgumentNullException.ThrowIfNull(outlets);
        var byUrl = front?.Url is { } url ? outlets.FindByUrl(url) : null;
        var urlCountry = front?.Url is { } u ? OutletCatalog.CountryOfUrl(u) : null;

        Outlet? outlet = null;
        var (how, evidence, start, end) = (FactSource.Unknown, (string?)null, (int?)null, (int?)null);
        if (front?.Outlet is { } stated)
        {
            outlet = (outlets.FindBySlug(stated) ?? outlets.Resolve(stated, byUrl, byUrl?.Outlet.Country ?? urlCountry))?.Outlet
                ?? OutletCatalog.CreateUnknown(stated);
            how = FactSource.Stated;
        }
        else if (byUrl is not null)
        {
            outlet = byUrl.Outlet;
            var at = source.IndexOf(front!.Url!, StringComparison.Ordinal);
            (how, evidence) = (FactSource.Inferred, front.Url);
            (start, end) = at >= 0 ? (at, at + front.Url!.Length) : ((int?)null, (int?)null);
        }
        else if (cleaned.Outlet is { } cue)
        {
            outlet = cue.Known is { } known
                ? (outlets.Resolve(cue.Name, null, cue.PlaceCountry ?? urlCountry) ?? known).Outlet
                : OutletCatalog.CreateUnknown(cue.Name);
            (how, evidence, start, end) = (FactSource.Inferred, cue.Evidence, cue.Start, cue.End);
        }

        var catalogued = outlet is null ? null : outlets.FindBySlug(outlet.Slug);
        if (catalogued is { IsAgency: true } && (how == FactSource.Stated || byUrl is not null))
        {
            // The agency's own item: it is both the outlet and the credit.
            var credit = cleaned.Agency is { Known: { } k } a && k == catalogued ? a : null;
            return new OutletRecognition(outlet, how, evidence, start, end, catalogued,
                credit?.Evidence ?? evidence, credit?.Start ?? start, credit?.End ?? end);
        }

        var agency = cleaned.Agency is { Known: { } ag } ac ? (ag, ac) : default;
        return new OutletRecognition(outlet, how, evidence, start, end,
            agency.ag, agency.ac?.Evidence, agency.ac?.Start, agency.ac?.End);
    }
}
