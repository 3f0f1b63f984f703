using System.Security.Cryptography;
using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Outlets;

namespace ArabicNewsArchive.Ingestion;

/// <summary>A file read into an article (not yet stored), or the reason it cannot be.</summary>
/// <param name="Outlet">The outlet the article names or states; a new row when the catalog does not know it.</param>
public sealed record ParsedFile(Article? Article, Outlet? Outlet, string? EncodingName, string? Rejection)
{
    /// <summary>What decoding changed (<see cref="DecodedText.Warning"/>), reported with the file's outcome.</summary>
    public string? Warning { get; init; }

    /// <summary>The agency the article credits (always a catalogue entry), if any.</summary>
    public Outlet? Agency { get; init; }

    public static ParsedFile Reject(string reason) => new(null, null, null, reason);
}

/// <summary>Decodes, cleans and reads the metadata of one article file. Pure: no store, no clock.</summary>
public static class ArticleParser
{
    /// <summary>The extensions the pipeline reads. Anything else found in a folder is skipped.</summary>
    public static readonly IReadOnlySet<string> SupportedExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".txt", ".md" };

    public static string Sha256Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>
    /// Longest stated title kept: a title is printed on every result card, story partner and citation, so a 1 MB one
    /// would be repeated on every page that names the article.
    /// </summary>
    public const int MaxStatedTitleLength = 300;

    /// <summary>A stated title cut at the last space before <see cref="MaxStatedTitleLength"/>, with "…".</summary>
    internal static string CapTitle(string title)
    {
        if (title.Length <= MaxStatedTitleLength)
        {
            return title;
        }

        var cut = title.LastIndexOf(' ', MaxStatedTitleLength - 1);
        return title[..(cut > MaxStatedTitleLength / 2 ? cut : MaxStatedTitleLength - 1)].TrimEnd() + "…";
    }

    /// <summary>
    /// Why a file name cannot be an article id, or null: "." and ".." are path segments that no URL reaches, and a
    /// control character (a newline in a file name) would break every line the id is printed on.
    /// </summary>
    private static string? FileNameIdProblem(string id) =>
        id.All(c => c == '.') ? "is not a name (only dots)"
        : id.Any(char.IsControl) ? "holds a control character"
        : null;

    /// <param name="sourceFile">The name recorded for the file (relative to the ingested folder).</param>
    public static ParsedFile Parse(string sourceFile, ReadOnlySpan<byte> bytes, OutletCatalog outlets)
    {
        var decoded = TextDecoder.Decode(bytes);
        if (decoded.IsRejected)
        {
            return ParsedFile.Reject(decoded.Rejection!);
        }

        var text = decoded.Text!;
        var markdown = Path.GetExtension(sourceFile).Equals(".md", StringComparison.OrdinalIgnoreCase);
        FrontMatter? front = null;
        if (markdown)
        {
            (front, var rejection) = FrontMatterReader.Read(text);
            if (rejection is not null)
            {
                return ParsedFile.Reject(rejection);
            }
        }

        var id = front?.Id ?? Path.GetFileNameWithoutExtension(sourceFile);
        if (front?.Id is null && FileNameIdProblem(id) is { } problem)
        {
            return ParsedFile.Reject($"id '{id}' (from the file name) {problem}");
        }

        var cleaned = ArticleCleaner.Clean(id, text, outlets, markdown, front);
        if (!cleaned.Paragraphs.Any(p => p.Kind is ParagraphKind.Body or ParagraphKind.Title or ParagraphKind.Heading))
        {
            return ParsedFile.Reject("empty: no article text outside boilerplate and front matter");
        }

        var article = new Article
        {
            Id = id,
            SourceFile = sourceFile,
            Sha256 = Sha256Of(bytes),
            SourceText = text,
            Paragraphs = [.. cleaned.Paragraphs],
        };

        if (front?.Title is { } statedTitle)
        {
            (article.Title, article.TitleSource) = (CapTitle(statedTitle), FactSource.Stated);
        }
        else
        {
            (article.Title, article.TitleStart, article.TitleEnd, article.TitleSource) =
                (cleaned.Title, cleaned.TitleStart, cleaned.TitleEnd, FactSource.Inferred);
        }

        if (article.Title.Length == 0)
        {
            article.Title = id;
        }

        var recognition = OutletRecognizer.Recognize(text, cleaned, front, outlets);
        recognition.ApplyTo(article);
        var outlet = recognition.Outlet;
        if (front?.Published is { } published)
        {
            (article.Published, article.PublishedTo, article.DatePrecision, article.DateSource) = (published, published, DatePrecision.Day, FactSource.Stated);
        }

        article.Url = front?.Url;
        return new ParsedFile(article, outlet, decoded.EncodingName, null) { Warning = decoded.Warning, Agency = recognition.Agency?.Outlet };
    }
}
