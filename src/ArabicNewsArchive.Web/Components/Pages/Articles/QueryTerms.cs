using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.Web.Components.Pages.Articles;

/// <summary>
/// The words of a reader's query (the contract's language) for highlighting, matched with the same analyser the
/// index uses: a hit on "والصين" shows for the query "الصين". Excluded words (-word) and OR are not highlighted;
/// a phrase highlights its words.
/// </summary>
public sealed class QueryTerms
{
    private readonly List<(string Stem, string Normalized, bool Prefix)> _terms = [];

    private QueryTerms()
    {
    }

    public bool IsEmpty => _terms.Count == 0;

    public static QueryTerms Parse(string? query)
    {
        var terms = new QueryTerms();
        if (string.IsNullOrWhiteSpace(query))
        {
            return terms;
        }
        foreach (var raw in query.Split((char[])[' ', '\t', '\u00A0'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (raw.StartsWith('-') || raw == "OR")
            {
                continue;
            }
            var prefix = raw.TrimEnd('"').EndsWith('*');
            foreach (var token in ArabicTokenizer.Tokenize(raw))
            {
                terms._terms.Add((token.Stem, token.Normalized, prefix));
            }
        }
        return terms;
    }

    /// <summary>Offsets of the words of <paramref name="text"/> that match a query term.</summary>
    public IReadOnlyList<(int Start, int End)> Find(string text)
    {
        if (IsEmpty)
        {
            return [];
        }
        var hits = new List<(int, int)>();
        foreach (var token in ArabicTokenizer.Tokenize(text))
        {
            foreach (var (stem, normalized, prefix) in _terms)
            {
                var match = prefix
                    ? token.Normalized.StartsWith(normalized, StringComparison.Ordinal) || token.Stem.StartsWith(stem, StringComparison.Ordinal)
                    : token.Stem == stem || token.Normalized == normalized;
                if (match)
                {
                    hits.Add((token.Start, token.End));
                    break;
                }
            }
        }
        return hits;
    }
}
